/** The `sessions` repository: back-office sign-ins (S11). The id is a hash of the cookie token, never the token. */
import type { Selectable } from 'kysely';
import type { SessionsTable } from '../schema.js';
import { toIso } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One signed-in session. */
export interface SessionRecord {
  /** Hash of the session token. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

/** A session to create. */
export interface NewSession {
  /** Hash of the session token (the token itself only ever lives in the cookie). */
  id: string;
  userId: string;
  csrfToken: string;
  expiresAt: Date | string;
}

function toRecord(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}

/** Reads and writes sessions. */
export class SessionRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates a session. */
  async insert(input: NewSession): Promise<SessionRecord> {
    const now = nowIso(this.ctx);
    const row = await this.ctx.db
      .insertInto('sessions')
      .values({
        id: input.id,
        user_id: input.userId,
        csrf_token: input.csrfToken,
        created_at: now,
        expires_at: toIso(input.expiresAt, 'expiresAt'),
        last_seen_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The session with this id if it has not expired at `now`. */
  async findActive(id: string, now: Date | string): Promise<SessionRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('expires_at', '>', toIso(now, 'now'))
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Notes activity and, when given, slides the expiry. */
  async touch(id: string, seenAt: Date | string, expiresAt?: Date | string): Promise<void> {
    await this.ctx.db
      .updateTable('sessions')
      .set({
        last_seen_at: toIso(seenAt, 'seenAt'),
        ...(expiresAt !== undefined ? { expires_at: toIso(expiresAt, 'expiresAt') } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  /** Ends one session (sign-out). */
  async delete(id: string): Promise<void> {
    await this.ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  /** Ends every session of a user (password reset, role change); returns how many. */
  async deleteForUser(userId: string): Promise<number> {
    const result = await this.ctx.db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Removes sessions expired at `now`; returns how many. */
  async deleteExpired(now: Date | string): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', toIso(now, 'now'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
