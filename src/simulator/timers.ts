/**
 * Timers behind a seam: feedback retries, injected delays and pending resolutions are scheduled here,
 * so that `close()` can cancel every one of them and tests can drive time by hand.
 */

/** The two timer functions the simulator uses; tests pass a manual implementation. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unreferenced so that a pending retry never keeps a process alive on its own. */
export const realTimers: Timers = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** Raised by {@link TimerGroup.sleep} when the group is closed before the sleep ends. */
export class TimersClosed extends Error {
  constructor() {
    super('the simulator is shutting down');
  }
}

/** Tracks every scheduled callback so that all of them can be cancelled at once. */
export class TimerGroup {
  private readonly pending = new Map<unknown, () => void>();
  private closed = false;

  constructor(
    private readonly timers: Timers,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** True once {@link close} has run. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `callback` after `ms` unless the group is closed first; errors go to `onError`. */
  schedule(callback: () => void | Promise<void>, ms: number): void {
    if (this.closed) return;
    const handle = this.timers.setTimeout(
      () => {
        this.pending.delete(handle);
        if (this.closed) return;
        try {
          const result = callback();
          if (result instanceof Promise) result.catch(this.onError);
        } catch (err) {
          this.onError(err);
        }
      },
      Math.max(0, ms),
    );
    this.pending.set(handle, () => undefined);
  }

  /** Resolves after `ms`; rejects with {@link TimersClosed} when the group closes first. */
  sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.reject(new TimersClosed());
    return new Promise((resolve, reject) => {
      const handle = this.timers.setTimeout(
        () => {
          this.pending.delete(handle);
          resolve();
        },
        Math.max(0, ms),
      );
      this.pending.set(handle, () => reject(new TimersClosed()));
    });
  }

  /** Cancels everything scheduled; pending sleeps reject. */
  close(): void {
    this.closed = true;
    for (const [handle, cancel] of this.pending) {
      this.timers.clearTimeout(handle);
      cancel();
    }
    this.pending.clear();
  }
}
