/** The `users` repository: back-office accounts (S11). Emails are stored lower-cased, so sign-in ignores case. */
import type { Selectable } from 'kysely';
import { ValidationError } from '../../errors.js';
import type { UserRole, UsersTable } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { toIso, toIsoOrNull } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One back-office user. */
export interface UserRecord {
  id: string;
  email: string;
  role: UserRole;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  /** Locks since the last successful sign-in. */
  lockCount: number;
  /** The sealed TOTP secret, or null when the user has no second factor. */
  totpSecretSealed: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A user to create. */
export interface NewUser {
  id?: string;
  email: string;
  role: UserRole;
  passwordHash: string;
}

/** The stored form of an email: trimmed and lower-cased; an empty one is refused. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised === '')
    throw new ValidationError('email is required', [{ field: 'email', message: 'is empty' }]);
  return normalised;
}

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    passwordHash: row.password_hash,
    failedLogins: Number(row.failed_logins),
    lockedUntil: row.locked_until,
    lockCount: Number(row.lock_count),
    totpSecretSealed: row.totp_secret_enc,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads and writes back-office users. */
export class UserRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates a user; an email already in use raises `Conflict`. */
  async insert(input: NewUser): Promise<UserRecord> {
    const now = nowIso(this.ctx);
    const row = await this.ctx.db
      .insertInto('users')
      .values({
        id: input.id ?? newId(this.ctx.clock),
        email: normaliseEmail(input.email),
        role: input.role,
        password_hash: input.passwordHash,
        failed_logins: 0,
        locked_until: null,
        lock_count: 0,
        totp_secret_enc: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The user with this id, if any. */
  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.ctx.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** The user with this email (any case), if any. */
  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const normalised = email.trim().toLowerCase();
    const row = await this.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', normalised)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every user, by email. */
  async list(): Promise<UserRecord[]> {
    const rows = await this.ctx.db.selectFrom('users').selectAll().orderBy('email').execute();
    return rows.map(toRecord);
  }

  /** How many users exist (the first admin is created only when there are none). */
  async count(): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Replaces the password hash and clears any lockout; `false` when the user does not exist. */
  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        failed_logins: 0,
        locked_until: null,
        updated_at: nowIso(this.ctx),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Changes the role; `false` when the user does not exist. */
  async setRole(id: string, role: UserRole): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('users')
      .set({ role, updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Counts a failed sign-in atomically (concurrent attempts all count) and sets `lockedUntil` when given;
   * returns the new count, or `undefined` when the user does not exist.
   */
  async recordFailedLogin(id: string, lockedUntil?: Date | string | null): Promise<number | undefined> {
    const row = await this.ctx.db
      .updateTable('users')
      .set((eb) => ({
        failed_logins: eb('failed_logins', '+', 1),
        ...(lockedUntil !== undefined ? { locked_until: toIsoOrNull(lockedUntil, 'lockedUntil') } : {}),
        updated_at: nowIso(this.ctx),
      }))
      .where('id', '=', id)
      .returning('failed_logins')
      .executeTakeFirst();
    return row === undefined ? undefined : Number(row.failed_logins);
  }

  /** Locks the account until `until`. */
  async lockUntil(id: string, until: Date | string): Promise<void> {
    await this.ctx.db
      .updateTable('users')
      .set({ locked_until: toIso(until, 'until'), updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .execute();
  }

  /** After a successful sign-in: failed count back to zero, lock lifted. */
  async resetFailedLogins(id: string): Promise<void> {
    await this.ctx.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .execute();
  }

  /** Deletes a user and, by cascade, their sessions; `false` when the user does not exist. */
  async delete(id: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
  /**
   * Claims one sign-in attempt before its password is checked (S14): counts it, atomically, unless the
   * account is locked at `now` or already has `maxAttempts` attempts counted. `false`: refuse unchecked.
   */
  async claimSignInAttempt(id: string, now: Date, maxAttempts: number): Promise<boolean> {
    const at = toIso(now, 'now');
    const row = await this.ctx.db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: at }))
      .where('id', '=', id)
      .where('failed_logins', '<', maxAttempts)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
      .returning('failed_logins')
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Locks the account when `maxAttempts` attempts are counted and no lock is in force, for the time
   * `durationMs(lockCount)` gives (compare-and-set on the lock count, so concurrent callers lock once).
   * Returns the end of the lock in force afterwards, or null when none is.
   */
  async lockIfDue(
    id: string,
    now: Date,
    maxAttempts: number,
    durationMs: (lockCount: number) => number,
  ): Promise<string | null> {
    const at = toIso(now, 'now');
    for (;;) {
      const row = await this.ctx.db
        .selectFrom('users')
        .select(['failed_logins', 'locked_until', 'lock_count'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      if (row.locked_until !== null && row.locked_until > at) return row.locked_until;
      if (Number(row.failed_logins) < maxAttempts) return null;
      const until = new Date(now.getTime() + durationMs(Number(row.lock_count))).toISOString();
      const result = await this.ctx.db
        .updateTable('users')
        .set((eb) => ({
          failed_logins: 0,
          locked_until: until,
          lock_count: eb('lock_count', '+', 1),
          updated_at: at,
        }))
        .where('id', '=', id)
        .where('lock_count', '=', row.lock_count)
        .where('failed_logins', '>=', maxAttempts)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return until;
    }
  }

  /**
   * After a successful sign-in: the count and the lock history start again — unless a lock is in force
   * at `now`, which a success never clears (it may have been set by concurrent failures).
   */
  async recordSignInSuccess(id: string, now: Date): Promise<void> {
    const at = toIso(now, 'now');
    await this.ctx.db
      .updateTable('users')
      .set({ failed_logins: 0, lock_count: 0, locked_until: null, updated_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
      .execute();
  }

  /** Sets (a sealed secret) or removes (null) the user's TOTP second factor. */
  async setTotpSecret(id: string, sealed: string | null): Promise<void> {
    await this.ctx.db
      .updateTable('users')
      .set({ totp_secret_enc: sealed, updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .execute();
  }
}
