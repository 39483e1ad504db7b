/**
 * Opens the store: PostgreSQL when the URL says `postgres://` or `postgresql://` (the production store,
 * shared by several processes), otherwise the embedded SQLite file `<dataDir>/payport.db` (or an in-memory
 * database for `:memory:`). Both go through one Kysely instance whose driver errors are mapped by
 * `toStoreError`, so an unreachable database surfaces as `Unavailable` from every repository call.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Dialect, type Transaction } from 'kysely';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { systemClock, type Clock } from '../clock.js';
import { ConfigError, Unavailable } from '../errors.js';
import { GuardedDialect } from './guarded-dialect.js';
import { withStatementCache } from './statement-cache.js';
import { walSync } from './wal-sync.js';
import { CHECKPOINT_EVERY_COMMITS, walCheckpointer } from './wal-checkpoint.js';
import { createRepositories, type Repositories } from './repositories/index.js';
import { preparedStatementName } from './repositories/bulk-statements.js';
import type { StoreDialect } from './repositories/context.js';
import type { Database } from './schema.js';

export type { StoreDialect } from './repositories/context.js';
export type { Database } from './schema.js';

/** The few logger methods the store uses (a pino logger fits). */
export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** How to open the store. */
export interface OpenDatabaseOptions {
  /** `postgres://…` / `postgresql://…`, `:memory:`, or absent for the SQLite file in `dataDir`. */
  url?: string;
  /** Directory of the SQLite file (created when missing). */
  dataDir: string;
  logger?: StoreLogger;
  /** Stamps every stored time; the system clock when absent. */
  clock?: Clock;
  /** PostgreSQL: most connections the pool opens (default 10). */
  poolSize?: number;
  /** PostgreSQL: `search_path` of every connection, e.g. a throwaway test schema. */
  searchPath?: string;
  /** PostgreSQL: how long to wait for a connection before reporting the database unavailable (default 5000). */
  connectTimeoutMs?: number;
  /**
   * Whether state changes queue the customer's receipt (S21: only when email is set up; default true). A
   * server without `SMTP_URL` passes false: nothing would send them, and setting `SMTP_URL` later must
   * not mail receipts of payments made before.
   */
  receipts?: boolean;
}

/** An open database and the repositories over it. */
export interface Store {
  /** The query builder; outside `src/store/` use repositories instead. */
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  /** Repositories outside any transaction. */
  readonly repos: Repositories;
  /** Where the data lives, without credentials (for logs). */
  readonly location: string;
  /**
   * Runs `fn` in one database transaction with repositories bound to it; commits when `fn` resolves,
   * rolls back when it throws. On SQLite the transaction holds the single connection and the write lock:
   * inside `fn`, use only the repositories it is given (using `store.repos` there would wait forever).
   */
  transaction<T>(fn: (repos: Repositories, trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers and accepts writes; rejects with `Unavailable` otherwise. */
  ping(): Promise<void>;
  /** Closes every connection; safe to call twice. */
  close(): Promise<void>;
}

/** The SQLite file name inside the data directory. */
export const SQLITE_FILE_NAME = 'payport.db';
const INT8_OID = 20;
const IDENTIFIER_LIST = /^[A-Za-z_][A-Za-z0-9_$]*(,[A-Za-z_][A-Za-z0-9_$]*)*$/;

/** Opens the store described by `options`; a URL of another kind is a `ConfigError`. */
export function openDatabase(options: OpenDatabaseOptions): Store {
  const url = options.url?.trim();
  const clock = options.clock ?? systemClock;
  const repositoryOptions = { clock, receipts: options.receipts ?? true };
  if (url !== undefined && /^postgres(ql)?:\/\//i.test(url)) {
    const { dialect, location } = postgresDialect(url, options);
    return createStore(new Kysely<Database>({ dialect }), 'postgres', repositoryOptions, location);
  }
  if (url !== undefined && url !== '' && url !== ':memory:') {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a PostgreSQL URL (postgres://user:pass@host:5432/db); leave it unset for the embedded SQLite store',
    );
  }
  const file = url === ':memory:' ? ':memory:' : join(options.dataDir, SQLITE_FILE_NAME);
  const durable = file === ':memory:' ? undefined : walSync(file);
  let connection: BetterSqlite3.Database | undefined;
  const checkpoints =
    file === ':memory:'
      ? undefined
      : walCheckpointer(file, {
          everyCommits: CHECKPOINT_EVERY_COMMITS,
          onFailure: (error) => {
            options.logger?.warn(
              { err: error },
              'SQLite checkpoints are back on the event loop: their worker thread failed',
            );
            connection?.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
          },
        });
  const dialect = new GuardedDialect(
    new SqliteDialect({
      database: async () => {
        connection = openSqlite(file, options.logger, checkpoints !== undefined);
        return withStatementCache(connection);
      },
    }),
    {
      beginStatement: 'begin immediate',
      sqliteTransactionalDdl: true,
      ...(durable && { durable }),
      ...(checkpoints && { checkpoints }),
    },
  );
  return createStore(
    new Kysely<Database>({ dialect }),
    'sqlite',
    repositoryOptions,
    file === ':memory:' ? 'sqlite::memory:' : `sqlite:${file}`,
    () => durable?.close(),
    checkpoints && (() => checkpoints.close()),
  );
}

function createStore(
  db: Kysely<Database>,
  dialect: StoreDialect,
  { clock, receipts }: { clock: Clock; receipts: boolean },
  location: string,
  onClose?: () => void,
  beforeClose?: () => Promise<void>,
): Store {
  let closing: Promise<void> | undefined;
  return {
    db,
    dialect,
    clock,
    location,
    repos: createRepositories(db, { dialect, clock, receipts }),
    transaction(fn) {
      return db
        .transaction()
        .execute((trx) => fn(createRepositories(trx, { dialect, clock, receipts }), trx));
    },
    async ping() {
      if (dialect !== 'postgres') {
        await sql`select 1`.execute(db);
        return;
      }
      // A standby (or a primary demoted after failover) answers reads but refuses every write.
      const { rows } = await sql<{
        ro: string;
      }>`select current_setting('transaction_read_only') as ro`.execute(db);
      if (rows[0]?.ro === 'on') {
        throw new Unavailable(
          'The database is unavailable: the PostgreSQL database is read-only. Retry later.',
        );
      }
    },
    close() {
      // The checkpoint worker's connection closes first: the store's own, the last, checkpoints at close.
      closing ??= (beforeClose ? beforeClose().catch(() => {}) : Promise.resolve())
        .then(() => db.destroy())
        .finally(onClose);
      return closing;
    },
  };
}

function postgresDialect(url: string, options: OpenDatabaseOptions): { dialect: Dialect; location: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  const searchPath = options.searchPath?.replace(/\s+/g, '');
  if (searchPath !== undefined && !IDENTIFIER_LIST.test(searchPath)) {
    throw new ConfigError(
      'searchPath',
      `"${options.searchPath}" must be a comma-separated list of plain schema names`,
    );
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isSafeInteger(poolSize) || poolSize < 1) {
    throw new ConfigError('poolSize', 'must be a whole number of at least 1');
  }
  const { Pool, types } = loadPg();
  const pool = new Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'payport',
    ...(searchPath !== undefined ? { options: `-c search_path=${searchPath}` } : {}),
    // Per pool, never pg's global parsers: BIGINT amounts and counts come back as numbers.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary'
          ? (value: string) => Number(value)
          : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
    },
  });
  // An idle connection killed by a server restart is reported here; without a listener it would crash us.
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'an idle PostgreSQL connection failed'));
  // A connection that dies while checked out also emits 'error' on its client; the failing query already
  // reports it (as Unavailable), so the event only needs a listener, or the process would crash.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.logger?.warn({ err: error }, 'a PostgreSQL connection failed'));
    prepareBatchStatements(client);
  });
  if (parsed.password !== '') parsed.password = '***';
  return { dialect: new GuardedDialect(new PostgresDialect({ pool })), location: parsed.toString() };
}

/**
 * The PostgreSQL driver, loaded the first time a store opens PostgreSQL: a server on SQLite never holds
 * it (its modules are about 3 MB of heap that every full collection would mark for nothing).
 */
function loadPg(): typeof pg {
  return createRequire(import.meta.url)('pg') as typeof pg;
}

/** SQLite's default threshold of automatic checkpoints, in pages of log. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The ingestion batch's statements (repositories/bulk-statements.ts) as named prepared statements: each
 * connection parses and plans one once, then only binds values to it, instead of sending the text of a
 * statement of several hundred parameters with every batch. Kysely sends `query(text, values)`; the
 * client's `query` turns those texts into `{ name, text, values }`.
 */
function prepareBatchStatements(client: pg.PoolClient): void {
  type Query = (...args: unknown[]) => unknown;
  // The class's own method, looked up at each call (so a wrapper put on the prototype still sees these).
  const inherited = () => (Object.getPrototypeOf(client) as { query: Query }).query;
  (client as unknown as { query: Query }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 ? preparedStatementName(text) : undefined;
    return inherited().apply(client, name === undefined ? args : [{ name, text, values }]);
  };
}

/** The store connection's SQLite page cache, in KiB. */
export const SQLITE_CACHE_KIB = 8000;

function openSqlite(
  file: string,
  logger: StoreLogger | undefined,
  checkpointsElsewhere: boolean,
): BetterSqlite3.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: 5000 });
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (file !== ':memory:' && String(mode).toLowerCase() !== 'wal') {
      logger?.warn(
        { file, mode },
        'SQLite could not switch to WAL journaling; concurrent readers will wait for writers',
      );
    }
    // Durable commits without an fsync on the event loop: COMMIT writes the WAL, and wal-sync.ts syncs
    // it in the thread pool before the transaction's caller resumes (a crash loses nothing acknowledged).
    db.pragma(file === ':memory:' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // An 8 MB page cache instead of the 16 MB better-sqlite3 builds SQLite with: under the webhook load
    // the larger cache fills and stays resident (about 10 MB more peak RSS) for the same throughput —
    // the operating system's page cache keeps the file's pages either way (docs/performance.md).
    db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    // wal-checkpoint.ts runs them in a worker thread, after durable commits, instead of inside COMMIT.
    if (checkpointsElsewhere && String(mode).toLowerCase() === 'wal') db.pragma('wal_autocheckpoint = 0');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
