/** Time source, injectable so tests can move time. All times are UTC. */
export interface Clock {
  /** Current time. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests can set and advance. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
  /** Sets the time. */
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
}

/** ISO-8601 UTC timestamp with milliseconds, the storage format of every time column. */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
