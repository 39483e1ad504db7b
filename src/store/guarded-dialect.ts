/**
 * A Kysely dialect wrapper that routes every driver error through `toStoreError`, so each repository call,
 * transaction and migration reports an unreachable database as `Unavailable` without its own try/catch.
 * On SQLite it also opens write transactions with `BEGIN IMMEDIATE` (a deferred transaction that upgrades
 * to a writer can fail with SQLITE_BUSY without waiting when another process wrote first) and lets the
 * migrator wrap each migration in a transaction (SQLite's DDL is transactional; Kysely assumes it is not).
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

/** How the wrapped dialect should differ from the inner one. */
export interface GuardOptions {
  /** Statement that opens a transaction; the inner driver's own when absent. */
  beginStatement?: string;
  /** Use the SQLite adapter that declares transactional DDL. */
  sqliteTransactionalDdl?: boolean;
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
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
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

function unwrap(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof GuardedConnection ? connection.inner : connection;
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
    return new GuardedConnection(await guard(() => this.inner.acquireConnection()));
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = this.options.beginStatement;
    if (begin !== undefined) {
      return guard(async () => {
        await unwrap(connection).executeQuery(CompiledQuery.raw(begin));
      });
    }
    return guard(() => this.inner.beginTransaction(unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return guard(() => this.inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
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

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return guard(() => this.inner.releaseConnection(unwrap(connection)));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
