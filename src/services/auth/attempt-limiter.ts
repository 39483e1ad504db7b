/**
 * The in-memory twin of the account lockout stored on users (S14): attempts are claimed before the
 * password is checked, a key with `maxAttempts` counted is locked, and each lock lasts twice the one
 * before. It brakes keys that have no row to hold the count — a client address, an unknown email — in
 * one process; the stored lockout is what holds across processes.
 */
import type { Clock } from '../../clock.js';

/** Whether an attempt may be checked, and if not, until when (epoch ms) it is refused. */
export type ClaimVerdict = { allowed: true } | { allowed: false; until: number };

interface Entry {
  attempts: number;
  lockedUntil: number;
  lockCount: number;
  touchedAt: number;
}

/** Keys above which idle entries are swept, so a flood of distinct keys cannot grow memory for ever. */
const SWEEP_THRESHOLD = 10_000;
/** An entry untouched this long, and not locked, is forgotten. */
const IDLE_MS = 24 * 3600_000;

/** Counts attempts per key and locks keys that reach the limit, with growing locks. */
export class AttemptLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly maxAttempts: number,
    private readonly lockDurationMs: (lockCount: number) => number,
  ) {
    if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1)
      throw new RangeError('maxAttempts must be ≥ 1');
  }

  /** Counts one attempt for `key` unless it is locked or already at the limit (then it locks it). */
  claim(key: string): ClaimVerdict {
    const now = this.clock.now().getTime();
    if (this.entries.size > SWEEP_THRESHOLD) this.sweep(now);
    const entry = this.entry(key, now);
    if (entry.lockedUntil > now) return { allowed: false, until: entry.lockedUntil };
    if (entry.attempts >= this.maxAttempts) return { allowed: false, until: this.lock(entry, now) };
    entry.attempts += 1;
    return { allowed: true };
  }

  /** After a failed check: locks `key` when its count has reached the limit; returns the lock's end. */
  failed(key: string): number | null {
    const now = this.clock.now().getTime();
    const entry = this.entry(key, now);
    if (entry.lockedUntil > now) return entry.lockedUntil;
    return entry.attempts >= this.maxAttempts ? this.lock(entry, now) : null;
  }

  /** After a successful check: gives the attempt back (a lock in force stays). */
  succeeded(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.attempts > 0) entry.attempts -= 1;
  }

  private entry(key: string, now: number): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { attempts: 0, lockedUntil: 0, lockCount: 0, touchedAt: now };
      this.entries.set(key, entry);
    }
    entry.touchedAt = now;
    return entry;
  }

  private lock(entry: Entry, now: number): number {
    entry.lockedUntil = now + this.lockDurationMs(entry.lockCount);
    entry.lockCount += 1;
    entry.attempts = 0;
    return entry.lockedUntil;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil <= now && now - entry.touchedAt >= IDLE_MS) this.entries.delete(key);
    }
  }
}
