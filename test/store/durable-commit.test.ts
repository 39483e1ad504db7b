/**
 * SQLite commits are durable before anyone learns of them, without an fsync on the event loop: the
 * store runs `synchronous=NORMAL` and syncs the write-ahead log after each commit (wal-sync.ts), through
 * the dialect's `durable` hook, which runs after the connection is handed back and before the caller
 * resumes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { GuardedDialect } from '../../src/store/guarded-dialect.js';
import { openDatabase, SQLITE_FILE_NAME } from '../../src/store/database.js';
import { walSync } from '../../src/store/wal-sync.js';

interface Db {
  t: { a: number };
}

/** A SQLite database with table `t` whose `durable` hook is held open until the test releases it. */
async function heldStore() {
  const calls: (() => void)[] = [];
  let hold = false;
  const db = new Kysely<Db>({
    dialect: new GuardedDialect(new SqliteDialect({ database: new BetterSqlite3(':memory:') }), {
      beginStatement: 'begin immediate',
      durable: () => (hold ? new Promise<void>((resolve) => calls.push(resolve)) : Promise.resolve()),
    }),
  });
  await db.schema.createTable('t').addColumn('a', 'integer').execute();
  hold = true;
  return { db, calls };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

test('a transaction resolves only once its commit is durable, and the connection serves others meanwhile', async () => {
  const { db, calls } = await heldStore();
  const committed = db.transaction().execute((trx) => trx.insertInto('t').values({ a: 1 }).execute());
  assert.equal(await settled(committed), false, 'not resolved before the sync');
  assert.equal(calls.length, 1);
  // The row is committed and the connection free: another statement runs while the sync is pending.
  assert.deepEqual(await db.selectFrom('t').selectAll().execute(), [{ a: 1 }]);
  calls[0]!();
  await committed;
  await db.destroy();
});

test('writes outside a transaction wait for the sync too; reads and rollbacks do not sync', async () => {
  const { db, calls } = await heldStore();
  const insert = db.insertInto('t').values({ a: 2 }).execute();
  assert.equal(await settled(insert), false);
  calls.splice(0).forEach((release) => release());
  await insert;
  await db.selectFrom('t').selectAll().execute();
  await sql`select count(*) from t`.execute(db);
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ a: 3 }).execute();
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  assert.equal(calls.length, 0);
  await db.destroy();
});

test('the file store runs synchronous=NORMAL with its own WAL sync, and a commit survives reopening', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-durable-'));
  const store = openDatabase({ dataDir });
  await sql`create table t (a integer)`.execute(store.db);
  await store.transaction(async (_repos, trx) => {
    await sql`insert into t values (7)`.execute(trx);
  });
  const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
  assert.equal(rows[0]?.synchronous, 1);
  await store.close();
  const raw = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME));
  assert.deepEqual(raw.prepare('select a from t').all(), [{ a: 7 }]);
  raw.close();
});

test('syncs the WAL (many callers at once), or the database file when there is none, and reports a missing file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'payport-walsync-'));
  const file = join(dir, 'x.db');
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table t (a integer)');
  const sync = walSync(file);
  await Promise.all(Array.from({ length: 20 }, () => sync()));
  sync.close();
  db.close();
  // Closing the last connection removes the WAL: the database file itself is synced.
  const again = walSync(file);
  await again();
  again.close();
  await assert.rejects(walSync(join(dir, 'missing.db'))(), /ENOENT/);
});
