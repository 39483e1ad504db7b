/**
 * Counts sign-in attempts per key (an IP address, an account) in fixed windows, in memory. It slows down
 * guessing from one place; the lockout stored on the user record is what holds across processes.
 */
import type { Clock } from '../../clock.js';

/** How many attempts a key may make per window. */
export interface AttemptLimit {
  maxAttempts: number;
  windowMs: number;
}

/** Whether an attempt may go ahead, and if not, when it may. */
export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Window {
  startedAt: number;
  count: number;
}

/** Keys above which expired windows are swept, so a flood of distinct keys cannot grow memory for ever. */
const SWEEP_THRESHOLD = 10_000;

/** Fixed-window attempt counter. */
export class AttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: AttemptLimit,
  ) {
    if (!Number.isSafeInteger(limit.maxAttempts) || limit.maxAttempts < 1)
      throw new RangeError('maxAttempts must be ≥ 1');
    if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0) throw new RangeError('windowMs must be > 0');
  }

  /** Counts one attempt for `key` and says whether it is within the limit. */
  hit(key: string): AttemptVerdict {
    const now = this.clock.now().getTime();
    if (this.windows.size > SWEEP_THRESHOLD) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.limit.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.limit.maxAttempts) return { allowed: true };
    return { allowed: false, retryAfterMs: window.startedAt + this.limit.windowMs - now };
  }

  /** Says whether `key` is over its limit without counting an attempt. */
  peek(key: string): AttemptVerdict {
    const now = this.clock.now().getTime();
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.limit.windowMs || window.count < this.limit.maxAttempts) {
      return { allowed: true };
    }
    return { allowed: false, retryAfterMs: window.startedAt + this.limit.windowMs - now };
  }

  /** Forgets `key` (after a successful sign-in of that account). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.limit.windowMs) this.windows.delete(key);
    }
  }
}
