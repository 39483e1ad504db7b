/**
 * Password sign-in for the back office (S11) with three brakes: a per-IP attempt limit, a per-account
 * lockout after consecutive failures (stored on the user, so it holds across processes), and the same
 * lockout applied in memory to unknown emails, so the answers do not reveal which accounts exist.
 */
import type { Clock } from '../../clock.js';
import {
  hashPassword,
  needsRehash,
  verifyPassword,
  PasswordHashFormatError,
} from '../../crypto/passwords.js';
import { randomSecret } from '../../crypto/random.js';
import type { Store } from '../../store/database.js';
import type { UserRecord } from '../../store/repositories/index.js';
import { AttemptLimiter, type AttemptLimit } from './attempt-limiter.js';

/** The limits of sign-in. */
export interface SignInPolicy {
  /** Consecutive failures that lock an account. */
  maxFailures: number;
  /** How long a lockout lasts. */
  lockoutMs: number;
  /** Attempts one IP address may make. */
  ipLimit: AttemptLimit;
}

/** Five failures lock an account for 15 minutes; one address may try 30 times per 15 minutes. */
export const DEFAULT_SIGN_IN_POLICY: Readonly<SignInPolicy> = Object.freeze({
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  ipLimit: { maxAttempts: 30, windowMs: 15 * 60_000 },
});

/** What a sign-in attempt concluded. */
export type SignInResult =
  | { kind: 'signed_in'; user: UserRecord }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: string }
  | { kind: 'rate_limited'; retryAfterMs: number };

/** One sign-in attempt. */
export interface SignInAttempt {
  email: unknown;
  password: unknown;
  /** The client's address, for the per-IP limit. */
  ip: string;
}

/** Checks passwords and applies the limits; one instance per process. */
export class SignInGuard {
  private readonly ipAttempts: AttemptLimiter;
  private readonly unknownAccounts: AttemptLimiter;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
  ) {
    this.ipAttempts = new AttemptLimiter(clock, policy.ipLimit);
    this.unknownAccounts = new AttemptLimiter(clock, {
      maxAttempts: policy.maxFailures,
      windowMs: policy.lockoutMs,
    });
  }

  /** Verifies the email and password, counting the attempt against every limit. */
  async signIn(attempt: SignInAttempt): Promise<SignInResult> {
    const ipVerdict = this.ipAttempts.hit(attempt.ip);
    if (!ipVerdict.allowed) return { kind: 'rate_limited', retryAfterMs: ipVerdict.retryAfterMs };
    const email = typeof attempt.email === 'string' ? attempt.email.trim().toLowerCase() : '';
    const password = typeof attempt.password === 'string' ? attempt.password : '';
    if (email === '' || email.length > 254 || password === '') return { kind: 'invalid' };

    const now = this.clock.now();
    const user = await this.store.repos.users.findByEmail(email);
    if (!user) return this.failUnknown(email, password, now);
    if (user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now.getTime()) {
      return { kind: 'locked', until: user.lockedUntil };
    }
    if (!(await this.passwordMatches(password, user))) return this.failKnown(user, now);

    await this.store.repos.users.resetFailedLogins(user.id);
    if (needsRehash(user.passwordHash)) {
      await this.store.repos.users.setPasswordHash(user.id, await hashPassword(password));
    }
    return { kind: 'signed_in', user: { ...user, failedLogins: 0, lockedUntil: null } };
  }

  private async passwordMatches(password: string, user: UserRecord): Promise<boolean> {
    try {
      return await verifyPassword(password, user.passwordHash);
    } catch (err) {
      // A damaged stored hash matches nothing; answering "invalid" beats a 500 on the sign-in page.
      if (err instanceof PasswordHashFormatError) return false;
      throw err;
    }
  }

  private async failKnown(user: UserRecord, now: Date): Promise<SignInResult> {
    const failures = (await this.store.repos.users.recordFailedLogin(user.id)) ?? user.failedLogins + 1;
    if (failures % this.policy.maxFailures !== 0) return { kind: 'invalid' };
    const until = new Date(now.getTime() + this.policy.lockoutMs).toISOString();
    await this.store.repos.users.lockUntil(user.id, until);
    return { kind: 'locked', until };
  }

  private async failUnknown(email: string, password: string, now: Date): Promise<SignInResult> {
    const before = this.unknownAccounts.peek(email);
    if (!before.allowed)
      return { kind: 'locked', until: new Date(now.getTime() + before.retryAfterMs).toISOString() };
    // Spend the same time as a real check, so response times do not tell which emails exist.
    this.dummyHash ??= hashPassword(randomSecret(16));
    await verifyPassword(password, await this.dummyHash);
    this.unknownAccounts.hit(email);
    const after = this.unknownAccounts.peek(email);
    if (!after.allowed)
      return { kind: 'locked', until: new Date(now.getTime() + after.retryAfterMs).toISOString() };
    return { kind: 'invalid' };
  }
}
