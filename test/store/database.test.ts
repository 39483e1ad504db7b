import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { ConfigError, Unavailable } from '../../src/errors.js';
import { openDatabase, SQLITE_CACHE_KIB, SQLITE_FILE_NAME } from '../../src/store/database.js';
import { migrate, migrationStatus } from '../../src/store/migrator.js';
import { detectDialect } from '../../src/store/repositories/context.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'payport-database-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('openDatabase', () => {
  test('without a URL, keeps SQLite in payport.db inside the data directory, creating the directory', async () => {
    const dataDir = join(scratch, 'nested', 'data');
    const store = openDatabase({ dataDir });
    try {
      assert.equal(store.dialect, 'sqlite');
      await migrate(store);
      assert.equal(existsSync(join(dataDir, SQLITE_FILE_NAME)), true);
      assert.equal(store.location, `sqlite:${join(dataDir, SQLITE_FILE_NAME)}`);
    } finally {
      await store.close();
    }
  });

  test('switches the SQLite file to write-ahead logging', async () => {
    const dataDir = join(scratch, 'wal');
    const store = openDatabase({ dataDir });
    await store.ping();
    await store.close();
    const file = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      assert.equal(file.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      file.close();
    }
  });

  test("keeps an 8 MB SQLite page cache on the store's connection (better-sqlite3 builds SQLite with 16 MB)", async () => {
    const store = openDatabase({ dataDir: join(scratch, 'cache') });
    try {
      const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(store.db);
      assert.deepEqual(rows, [{ cache_size: -SQLITE_CACHE_KIB }]);
      assert.equal(SQLITE_CACHE_KIB, 8000);
    } finally {
      await store.close();
    }
  });

  test('with :memory:, keeps everything in memory and writes no file', async () => {
    const dataDir = join(scratch, 'memory');
    const store = openDatabase({ url: ':memory:', dataDir });
    try {
      await migrate(store);
      await store.repos.settings.set('k', 'v');
      assert.equal(await store.repos.settings.get('k'), 'v');
      assert.equal(existsSync(dataDir), false);
    } finally {
      await store.close();
    }
  });

  test('refuses a URL that is neither PostgreSQL nor absent, naming DATABASE_URL', () => {
    assert.throws(
      () => openDatabase({ url: 'mysql://root@localhost/payport', dataDir: scratch }),
      (error: unknown) => error instanceof ConfigError && error.setting === 'DATABASE_URL',
    );
  });

  test('refuses a PostgreSQL search path that is not a list of schema names', () => {
    assert.throws(
      () =>
        openDatabase({
          url: 'postgres://u@127.0.0.1/db',
          dataDir: scratch,
          searchPath: 'public; drop table x',
        }),
      ConfigError,
    );
  });

  test('accepts postgresql:// URLs and hides the password in its location', async () => {
    const store = openDatabase({ url: 'postgresql://payport:s3cret@127.0.0.1:1/payport', dataDir: scratch });
    try {
      assert.equal(store.dialect, 'postgres');
      assert.equal(store.location.includes('s3cret'), false);
    } finally {
      await store.close();
    }
  });

  test('leaves the pg module-wide BIGINT parser untouched', async () => {
    const store = openDatabase({ url: 'postgres://u@127.0.0.1:1/db', dataDir: scratch });
    await store.close();
    assert.equal(pg.types.getTypeParser(20, 'text')('9007199254740993'), '9007199254740993');
  });

  test('can be closed twice', async () => {
    const store = openDatabase({ url: ':memory:', dataDir: scratch });
    await store.ping();
    await store.close();
    await store.close();
  });
});

describe('an unreachable database', () => {
  test('PostgreSQL refusing connections surfaces as Unavailable from every kind of call', async () => {
    const store = openDatabase({
      url: 'postgres://postgres@127.0.0.1:1/test',
      dataDir: scratch,
      connectTimeoutMs: 2000,
    });
    try {
      await assert.rejects(store.ping(), Unavailable);
      await assert.rejects(store.repos.transactions.findByReference('T-1'), Unavailable);
      await assert.rejects(
        store.transaction(async (repos) => repos.settings.get('x')),
        Unavailable,
      );
      await assert.rejects(migrationStatus(store), Unavailable);
      await assert.rejects(migrate(store), Unavailable);
    } finally {
      await store.close();
    }
  });

  test('a SQLite data directory that cannot be created surfaces as Unavailable', async () => {
    const blocker = join(scratch, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const store = openDatabase({ dataDir: join(blocker, 'data'), url: undefined });
    try {
      await assert.rejects(store.ping(), Unavailable);
      await assert.rejects(store.repos.settings.get('x'), Unavailable);
    } finally {
      await store.close();
    }
  });
});

forEachDatabase('store transactions', (db) => {
  test('commit every write of the callback when it resolves', async () => {
    const reference = await db.store.transaction(async (repos) => {
      const provider = await createTestProvider(repos);
      const tx = await createTestTransaction(repos, provider);
      return tx.reference;
    });
    assert.notEqual(await db.store.repos.transactions.findByReference(reference), undefined);
  });

  test('roll back every write of the callback when it throws, and rethrow its error', async () => {
    let reference = '';
    await assert.rejects(
      db.store.transaction(async (repos) => {
        const provider = await createTestProvider(repos);
        reference = (await createTestTransaction(repos, provider)).reference;
        throw new Error('fail after writing');
      }),
      /fail after writing/,
    );
    assert.equal(await db.store.repos.transactions.findByReference(reference), undefined);
  });

  test('foreign keys are enforced: a transaction needs an existing provider', async () => {
    await assert.rejects(
      db.store.repos.transactions.insert({
        reference: 'FK-1',
        providerId: 'no-such-provider',
        paymentMethod: 'card',
        amount: 100,
        currency: 'SAR',
        isLive: false,
      }),
    );
    assert.equal(await db.store.repos.transactions.findByReference('FK-1'), undefined);
  });

  test('createRepositories recognises the database of a plain instance and of a transaction', async () => {
    assert.equal(detectDialect(db.store.db), db.dialect);
    assert.equal(await db.store.transaction(async (_repos, trx) => detectDialect(trx)), db.dialect);
  });

  test('ping resolves while the database is reachable', async () => {
    await db.store.ping();
    assert.deepEqual((await migrationStatus(db.store)).pending, []);
  });
});
