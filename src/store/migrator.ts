/**
 * Applies the versioned migrations of `migrations/index.ts` with Kysely's Migrator, and reports which are
 * applied and which are pending (`/readyz` is ready only when none are pending). One run of `migrate` is one
 * transaction on both databases (all pending migrations apply, or none); concurrent runs from several
 * processes are serialised (PostgreSQL advisory lock; SQLite write lock).
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';
import type { StoreDialect } from './repositories/context.js';
import { toStoreError } from './errors.js';

/** Migration names split by whether the database has them. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** The part of a `Store` the migrator needs. */
export interface MigratableStore {
  db: Kysely<Database>;
  dialect: StoreDialect;
}

const MIGRATION_TABLE = 'payport_migrations';
const MIGRATION_LOCK_TABLE = 'payport_migration_lock';

/** The migrations to apply: the application's own unless a test passes others. */
export type MigrationSet = Readonly<Record<string, Migration>>;

async function createMigrator(store: MigratableStore, migrations: MigrationSet): Promise<Migrator> {
  // On PostgreSQL, Kysely looks for its bookkeeping table in every schema unless told which one; name the
  // schema the migrations create their tables in, so databases shared by several schemas stay apart.
  const schema = store.dialect === 'postgres' ? await currentSchema(store.db) : undefined;
  return new Migrator({
    db: store.db,
    provider: { getMigrations: async () => ({ ...migrations }) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  try {
    const result = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = result.rows[0]?.schema;
    if (!schema) {
      throw new Error(
        'PostgreSQL has no current schema: create the first schema of the search_path, or reset search_path',
      );
    }
    return schema;
  } catch (error) {
    throw toStoreError(error);
  }
}

/** Applies every pending migration and returns the names applied now (empty when up to date). */
export async function migrate(
  store: MigratableStore,
  migrations: MigrationSet = MIGRATIONS,
): Promise<string[]> {
  const migrator = await createMigrator(store, migrations);
  for (let attempt = 1; ; attempt++) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error === undefined) {
      return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
    }
    // Kysely's PostgreSQL introspection scans every schema; one dropped at that moment by someone else
    // fails the scan with 3F000 (its schema) or 42P01 (one of its tables) although nothing of ours is
    // wrong. Nothing was applied: look again.
    const code = sqlState(error);
    if (attempt < 3 && code === VANISHED_SCHEMA && results.every((r) => r.status !== 'Success')) continue;
    if (attempt < 3 && code === VANISHED_TABLE && results.every((r) => r.status === 'NotExecuted')) continue;
    throw migrationFailure(error, results);
  }
}

/** PostgreSQL's SQLSTATE for a schema (3F000) or a table (42P01) that does not exist. */
const VANISHED_SCHEMA = '3F000';
const VANISHED_TABLE = '42P01';

function sqlState(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/** Which migrations are applied and which are pending, without changing anything. */
export async function migrationStatus(
  store: MigratableStore,
  migrations: MigrationSet = MIGRATIONS,
): Promise<MigrationStatus> {
  const migrator = await createMigrator(store, migrations);
  let known;
  for (let attempt = 1; known === undefined; attempt++) {
    try {
      known = await migrator.getMigrations();
    } catch (error) {
      if (attempt < 3 && sqlState(error) === VANISHED_SCHEMA) continue;
      throw toStoreError(error);
    }
  }
  return {
    applied: known.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: known.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

function migrationFailure(error: unknown, results: readonly MigrationResult[]): unknown {
  const mapped = toStoreError(error);
  if (mapped !== error) return mapped;
  const failed = results.find((result) => result.status === 'Error')?.migrationName;
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    failed === undefined
      ? `database migrations could not run: ${reason}`
      : `database migration ${failed} failed, so this run applied nothing (rolled back): ${reason}`,
    { cause: error },
  );
}
