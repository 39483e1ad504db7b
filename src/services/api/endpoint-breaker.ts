/**
 * A circuit breaker per event endpoint (S14 "Isolation"): after `threshold` failed deliveries in a row
 * an endpoint is left alone for a cool-down (30 s, doubling up to 10 min while it keeps failing), so a
 * dead receiver stops taking connections, time and worker slots that others need. Its events are not
 * lost: they stay pending with their own backoff and go when the endpoint answers again.
 */

/** Tuning of the breaker. */
export interface BreakerOptions {
  threshold: number;
  cooldownMs: number;
  maxCooldownMs: number;
}

/** Five failures in a row open the circuit for 30 s, then 60 s… at most 10 min. */
export const DEFAULT_BREAKER: Readonly<BreakerOptions> = Object.freeze({
  threshold: 5,
  cooldownMs: 30_000,
  maxCooldownMs: 600_000,
});

interface State {
  failures: number;
  opens: number;
  openUntil: number;
}

/** Tracks consecutive failures per endpoint, in this worker's memory. */
export class EndpointBreaker {
  private readonly states = new Map<string, State>();

  constructor(
    private readonly options: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one delivery's result. */
  record(endpointId: string, ok: boolean): void {
    if (ok) {
      this.states.delete(endpointId);
      return;
    }
    const state = this.states.get(endpointId) ?? { failures: 0, opens: 0, openUntil: 0 };
    state.failures += 1;
    if (state.failures >= this.options.threshold && state.openUntil <= this.now()) {
      const cooldown = Math.min(this.options.maxCooldownMs, this.options.cooldownMs * 2 ** state.opens);
      state.openUntil = this.now() + cooldown;
      state.opens += 1;
      // After the cool-down one failure is enough to open it again.
      state.failures = this.options.threshold - 1;
    }
    this.states.set(endpointId, state);
  }

  /**
   * How many deliveries to this endpoint may be in flight now: none while its circuit is open, otherwise
   * as many as could still fail before it opens. Deliveries run in parallel, so without this limit a
   * worker could start more after the first failures and see more than `threshold` fail in a row; after
   * a cool-down it allows a single delivery, which closes the circuit or opens it again.
   */
  room(endpointId: string): number {
    const state = this.states.get(endpointId);
    if (!state) return this.options.threshold;
    if (state.openUntil > this.now()) return 0;
    return Math.max(1, this.options.threshold - state.failures);
  }

  /** The endpoints whose circuit is open now. */
  open(): string[] {
    const now = this.now();
    return [...this.states].filter(([, state]) => state.openUntil > now).map(([id]) => id);
  }
}
