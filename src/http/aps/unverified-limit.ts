/**
 * A per-address brake on messages that prove nothing (S14 "Slow and large clients"): anyone can post a
 * forged or unmatched message to `/payment/aps/*`, and each one is stored. Messages that verify are
 * never counted, so APS' real traffic — however much of it — is never refused; an address that sends
 * more unverified messages in a minute than APS ever would (a few unmatched references from another
 * shop on the same APS account are normal) is answered 429 until the minute is over, without storing.
 */

/** The limit: at most `max` unverified messages per address within `windowMs`. */
export interface UnverifiedLimit {
  max: number;
  windowMs: number;
}

/** 300 unverified messages per address per minute: far above APS' real rate of unmatched messages. */
export const DEFAULT_UNVERIFIED_LIMIT: Readonly<UnverifiedLimit> = Object.freeze({
  max: 300,
  windowMs: 60_000,
});

interface Window {
  startedAt: number;
  count: number;
}

/** Keys above which expired windows are swept, so a flood of addresses cannot grow memory for ever. */
const SWEEP_THRESHOLD = 10_000;

/** Fixed-window counter of unverified messages per address. */
export class UnverifiedMessageLimit {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: UnverifiedLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may send again, or 0 when it may now. */
  retryAfterMs(address: string): number {
    const window = this.current(address);
    if (!window || window.count < this.limit.max) return 0;
    return Math.max(1, window.startedAt + this.limit.windowMs - this.now());
  }

  /** Counts one unverified message from `address`. */
  count(address: string): void {
    const now = this.now();
    if (this.windows.size > SWEEP_THRESHOLD) {
      for (const [key, w] of this.windows)
        if (now - w.startedAt >= this.limit.windowMs) this.windows.delete(key);
    }
    let window = this.current(address);
    if (!window) {
      window = { startedAt: now, count: 0 };
      this.windows.set(address, window);
    }
    window.count += 1;
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= this.limit.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }
}
