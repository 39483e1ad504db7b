/**
 * Password sign-in for the back office (S11, S14). Every attempt is claimed — counted atomically —
 * before its password is checked, so parallel guesses cannot outrun the lock: an account with
 * `maxFailures` attempts counted is locked (1 min, then 2, 4… up to `maxLockoutMs`), and attempts
 * during a lock are refused unchecked. A success gives back nothing but its own attempt and never lifts
 * a lock in force. The same rule, in memory, brakes each client address across accounts and unknown
 * emails (so the answers do not reveal which accounts exist).
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
import { AttemptLimiter } from './attempt-limiter.js';

/** The limits of sign-in. */
export interface SignInPolicy {
  /** Failed attempts (counted before the check) that lock an account. */
  maxFailures: number;
  /** How long the first lock lasts; each further lock lasts twice as long. */
  lockoutMs: number;
  /** The longest a lock may last, so strangers cannot keep the owner out for long. */
  maxLockoutMs: number;
  /** Failed attempts one client address may make, across accounts, before it is paused the same way. */
  addressMaxFailures: number;
}

/** Five failures lock an account for 1 min, then 2, 4… at most 15; an address is paused after 10. */
export const DEFAULT_SIGN_IN_POLICY: Readonly<SignInPolicy> = Object.freeze({
  maxFailures: 5,
  lockoutMs: 60_000,
  maxLockoutMs: 15 * 60_000,
  addressMaxFailures: 10,
});

/** What a sign-in attempt concluded. */
export type SignInResult =
  | { kind: 'signed_in'; user: UserRecord }
  | { kind: 'invalid' }
  /** The password was right but the second factor's code missing or wrong (counted as a failure). */
  | { kind: 'second_factor' }
  | { kind: 'locked'; until: string }
  | { kind: 'rate_limited'; retryAfterMs: number };

/** One sign-in attempt. */
export interface SignInAttempt {
  email: unknown;
  password: unknown;
  /** The client's address, for the per-address limit. */
  ip: string;
  /** The authenticator app's code, for users with a second factor. */
  code?: unknown;
}

/** Checks a user's second factor (users without one pass). */
export type SecondFactorCheck = (user: UserRecord, code: unknown) => boolean;

/** Checks passwords and applies the limits; one instance per process. */
export class SignInGuard {
  private readonly addresses: AttemptLimiter;
  private readonly unknownAccounts: AttemptLimiter;
  private readonly lockDuration: (lockCount: number) => number;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly policy: SignInPolicy = DEFAULT_SIGN_IN_POLICY,
    private readonly secondFactor: SecondFactorCheck = () => true,
  ) {
    this.lockDuration = (lockCount) =>
      Math.min(policy.maxLockoutMs, policy.lockoutMs * 2 ** Math.min(lockCount, 30));
    this.addresses = new AttemptLimiter(clock, policy.addressMaxFailures, this.lockDuration);
    this.unknownAccounts = new AttemptLimiter(clock, policy.maxFailures, this.lockDuration);
  }

  /** Verifies the email and password, counting the attempt against every limit before checking it. */
  async signIn(attempt: SignInAttempt): Promise<SignInResult> {
    const email = typeof attempt.email === 'string' ? attempt.email.trim().toLowerCase() : '';
    const password = typeof attempt.password === 'string' ? attempt.password : '';
    if (email === '' || email.length > 254 || password === '') return { kind: 'invalid' };
    const address = this.addresses.claim(attempt.ip);
    if (!address.allowed) {
      return { kind: 'rate_limited', retryAfterMs: address.until - this.clock.now().getTime() };
    }
    const result = await this.checkAccount(email, password, attempt.code);
    if (result.kind === 'signed_in') this.addresses.succeeded(attempt.ip);
    else this.addresses.failed(attempt.ip);
    return result;
  }

  private async checkAccount(email: string, password: string, code: unknown): Promise<SignInResult> {
    const now = this.clock.now();
    const users = this.store.repos.users;
    const user = await users.findByEmail(email);
    if (!user) return this.checkUnknown(email, password);
    if (!(await users.claimSignInAttempt(user.id, now, this.policy.maxFailures))) {
      const until = await users.lockIfDue(user.id, now, this.policy.maxFailures, this.lockDuration);
      return { kind: 'locked', until: until ?? now.toISOString() };
    }
    const passwordOk = await this.passwordMatches(password, user);
    if (!passwordOk || !this.secondFactor(user, code)) {
      const until = await users.lockIfDue(user.id, now, this.policy.maxFailures, this.lockDuration);
      if (until !== null) return { kind: 'locked', until };
      return passwordOk ? { kind: 'second_factor' } : { kind: 'invalid' };
    }
    await users.recordSignInSuccess(user.id, now);
    if (needsRehash(user.passwordHash)) {
      await users.setPasswordHash(user.id, await hashPassword(password));
    }
    return { kind: 'signed_in', user };
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

  private async checkUnknown(email: string, password: string): Promise<SignInResult> {
    const claim = this.unknownAccounts.claim(email);
    if (!claim.allowed) return { kind: 'locked', until: new Date(claim.until).toISOString() };
    // Spend the same time as a real check, so response times do not tell which emails exist.
    this.dummyHash ??= hashPassword(randomSecret(16));
    await verifyPassword(password, await this.dummyHash);
    const until = this.unknownAccounts.failed(email);
    return until === null ? { kind: 'invalid' } : { kind: 'locked', until: new Date(until).toISOString() };
  }
}
