/**
 * A Kysely dialect wrapper that routes every driver error through `toStoreError`, so each repository call,
 * transaction and migration reports an unreachable database as `Unavailable` without its own try/catch.
 * On SQLite it also opens write transactions with `BEGIN IMMEDIATE` (a deferred transaction that upgrades
 * to a writer can fail with SQLITE_BUSY without waiting when another process wrote first) and lets the
 * migrator wrap each migration in a transaction (SQLite's DDL is transactional; Kysely assumes it is not).
 * With `durable`, a connection that wrote (a commit, or a write outside a transaction) is handed back
 * first and its caller resumes only once `durable()` has made the write durable (see wal-sync.ts).
 */
import {
  CompiledQuery,
  SqliteAdapter,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { toStoreError } from './errors.js';
import type { WalCheckpointer } from './wal-checkpoint.js';

/** How the wrapped dialect should differ from the inner one. */
export interface GuardOptions {
  /** Statement that opens a transaction; the inner driver's own when absent. */
  beginStatement?: string;
  /** Use the SQLite adapter that declares transactional DDL. */
  sqliteTransactionalDdl?: boolean;
  /** Makes every committed write durable; awaited after the connection is released, before the caller resumes. */
  durable?: () => Promise<void>;
  /**
   * Checkpoints run elsewhere (wal-checkpoint.ts): told of each connection taken and handed back and of
   * each durable write; while one is due or runs, no connection is handed out.
   */
  checkpoints?: Pick<WalCheckpointer, 'gate' | 'enter' | 'leave' | 'committed'>;
}

/** SQLite supports transactional DDL; declaring it makes Kysely's migrator apply each migration atomically. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Wraps `inner` so every driver failure is mapped by `toStoreError`. */
export class GuardedDialect implements Dialect {
  constructor(
    private readonly inner: Dialect,
    private readonly options: GuardOptions = {},
  ) {}

  createAdapter(): DialectAdapter {
    return this.options.sqliteTransactionalDdl
      ? new TransactionalSqliteAdapter()
      : this.inner.createAdapter();
  }

  createDriver(): Driver {
    return new GuardedDriver(this.inner.createDriver(), this.options);
  }

  createQueryCompiler(): QueryCompiler {
    return this.inner.createQueryCompiler();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return this.inner.createIntrospector(db);
  }
}

async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}

class GuardedConnection implements DatabaseConnection {
  /** Inside BEGIN … COMMIT/ROLLBACK. */
  inTransaction = false;
  /** Committed something since it was acquired. */
  wrote = false;

  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Outside a transaction every statement commits on its own; reads need no sync.
    if (!this.inTransaction && !isRead(compiledQuery)) this.wrote = true;
    return guard(() => this.inner.executeQuery<R>(compiledQuery));
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(compiledQuery, chunkSize);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

const READ_SQL = /^\s*(select|explain)\b/i;

function isRead(query: CompiledQuery): boolean {
  return query.query.kind === 'SelectQueryNode' || READ_SQL.test(query.sql);
}

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof GuardedConnection ? connection.inner : connection;
}

function guarded(connection: DatabaseConnection): GuardedConnection | undefined {
  return connection instanceof GuardedConnection ? connection : undefined;
}

class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly options: GuardOptions,
  ) {}

  init(): Promise<void> {
    return guard(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const checkpoints = this.options.checkpoints;
    const checkpoint = checkpoints?.gate();
    if (checkpoint) await checkpoint;
    checkpoints?.enter();
    try {
      return new GuardedConnection(await guard(() => this.inner.acquireConnection()));
    } catch (error) {
      checkpoints?.leave();
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const state = guarded(connection);
    if (state) state.inTransaction = true;
    const begin = this.options.beginStatement;
    if (begin !== undefined) {
      return guard(async () => {
        await unwrap(connection).executeQuery(CompiledQuery.raw(begin));
      });
    }
    return guard(() => this.inner.beginTransaction(unwrap(connection), settings));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await guard(() => this.inner.commitTransaction(unwrap(connection)));
    const state = guarded(connection);
    if (state) {
      state.inTransaction = false;
      state.wrote = true;
    }
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const state = guarded(connection);
    if (state) state.inTransaction = false;
    return guard(() => this.inner.rollbackTransaction(unwrap(connection)));
  }

  savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return guard(async () => {
      if (!this.inner.savepoint) throw new Error('this database driver does not support savepoints');
      await this.inner.savepoint(unwrap(connection), name, compile);
    });
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return guard(async () => {
      if (!this.inner.rollbackToSavepoint)
        throw new Error('this database driver does not support savepoints');
      await this.inner.rollbackToSavepoint(unwrap(connection), name, compile);
    });
  }

  releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    return guard(async () => {
      if (!this.inner.releaseSavepoint) throw new Error('this database driver does not support savepoints');
      await this.inner.releaseSavepoint(unwrap(connection), name, compile);
    });
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await guard(() => this.inner.releaseConnection(unwrap(connection)));
    } finally {
      this.options.checkpoints?.leave();
    }
    const state = guarded(connection);
    // Released first, so the next transaction runs while this one's write is being made durable.
    if (state?.wrote && this.options.durable) {
      state.wrote = false;
      await guard(this.options.durable);
      this.options.checkpoints?.committed();
    }
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
