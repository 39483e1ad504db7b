/** What every repository needs: the query builder (plain or in a transaction), the dialect and the clock. */
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../clock.js';
import type { Database } from '../schema.js';

/** The two supported databases. */
export type StoreDialect = 'sqlite' | 'postgres';

/** Shared by the repositories of one bundle. */
export interface RepositoryContext {
  /** A `Kysely` instance or a `Transaction` (which is one). */
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** Source of every stored timestamp: the database never stamps times itself. */
  clock: Clock;
  /** Whether receipts are queued (S21: only when email is set up). */
  receipts?: boolean;
}

/** The current time as a canonical ISO-8601 UTC string. */
export function nowIso(ctx: RepositoryContext): string {
  return ctx.clock.now().toISOString();
}

/**
 * Which database `db` talks to, read from its query compiler (PostgreSQL numbers its parameters `$1`,
 * SQLite writes `?`), because Kysely exposes no public dialect name.
 */
export function detectDialect(db: Kysely<Database>): StoreDialect {
  const compiled = sql`select ${1}`.compile(db);
  return compiled.sql.includes('$1') ? 'postgres' : 'sqlite';
}
