/**
 * SQLite checkpoints run in a worker thread (wal-checkpoint.ts), not inside a COMMIT on the event loop:
 * the log is copied into the database file after enough commits, it does not grow without bound under
 * steady writes, and a worker that cannot run gives the connection SQLite's own checkpoints back.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { openDatabase, SQLITE_FILE_NAME } from '../../src/store/database.js';
import { CHECKPOINT_EVERY_COMMITS, walCheckpointer } from '../../src/store/wal-checkpoint.js';

function walDatabase() {
  const file = join(mkdtempSync(join(tmpdir(), 'payport-checkpoint-')), 'db.sqlite');
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (a integer, b text)');
  return { file, db };
}

/** The rows of `t` in the database file alone, without its log. */
function rowsInFileAlone(file: string): number {
  const copy = `${file}.copy`;
  copyFileSync(file, copy);
  const db = new BetterSqlite3(copy, { readonly: true });
  try {
    const row = db.prepare("select count(*) as n from sqlite_master where name = 't'").get() as { n: number };
    if (row.n === 0) return 0;
    return (db.prepare('select count(*) as n from t').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('after enough commits a checkpoint in the worker copies the committed rows into the database file', async () => {
  const { file, db } = walDatabase();
  const failures: Error[] = [];
  const checkpoints = walCheckpointer(file, { everyCommits: 4, onFailure: (e) => failures.push(e) });
  try {
    const insert = db.prepare('insert into t (a, b) values (?, ?)');
    for (let i = 0; i < 3; i++) {
      insert.run(i, 'x');
      checkpoints.committed();
      // The worker starts halfway (after the second commit); the store never waits for it to start.
      if (i === 1) await checkpoints.started();
    }
    assert.equal(checkpoints.gate(), undefined, 'not due after three commits');
    assert.equal(rowsInFileAlone(file), 0, 'the rows are only in the log so far');
    insert.run(3, 'x');
    checkpoints.committed();
    const running = checkpoints.gate();
    assert.ok(running, 'due after the fourth commit');
    await running;
    assert.equal(rowsInFileAlone(file), 4);
    assert.equal(checkpoints.gate(), undefined);
    assert.deepEqual(failures, []);
  } finally {
    await checkpoints.close();
    db.close();
  }
});

test('a checkpoint that falls due while a connection is in use waits for it, and holds back new ones', async () => {
  const { file, db } = walDatabase();
  const checkpoints = walCheckpointer(file, { everyCommits: 2, onFailure: () => {} });
  try {
    const insert = db.prepare('insert into t (a, b) values (?, ?)');
    checkpoints.enter();
    for (let i = 0; i < 2; i++) {
      insert.run(i, 'x');
      checkpoints.committed();
      if (i === 0) await checkpoints.started();
    }
    const due = checkpoints.gate();
    assert.ok(due, 'due: nobody new gets a connection');
    let finished = false;
    void due.then(() => (finished = true));
    // Long enough for the worker to start and checkpoint, had it been asked to.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(finished, false, 'not run while the connection is in use');
    assert.equal(rowsInFileAlone(file), 0);
    checkpoints.leave();
    await due;
    assert.equal(rowsInFileAlone(file), 2);
  } finally {
    await checkpoints.close();
    db.close();
  }
});

test('under steady writes through the store the log is restarted instead of growing', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-checkpoint-store-'));
  const store = openDatabase({ dataDir });
  try {
    await sql`create table t (a integer, b text)`.execute(store.db);
    const wal = join(dataDir, `${SQLITE_FILE_NAME}-wal`);
    const payload = 'p'.repeat(20_000);
    const sizes: number[] = [];
    for (let round = 0; round < 6; round++) {
      // Two writers at once, as ingestion runs two batches: one is always waiting for the connection.
      await Promise.all(
        [0, 1].map(async (writer) => {
          for (let i = 0; i < CHECKPOINT_EVERY_COMMITS / 2; i++) {
            await store.transaction(async (_repos, trx) => {
              await sql`insert into t (a, b) values (${writer * 100 + i}, ${payload})`.execute(trx);
            });
          }
        }),
      );
      sizes.push(statSync(wal).size);
      // The worker was asked to start halfway through the first round; a loaded machine may need a moment.
      if (round === 0) await sleep(1000);
    }
    // Without checkpoints each round would add about 16 × 20 kB. The first checkpoint may come a round
    // late (its worker starts halfway through the first); from then on the log restarts every round.
    const [first, second] = sizes as [number, number];
    assert.ok(first > 0);
    assert.ok(
      sizes.slice(1).every((size) => size <= second * 1.25) && second <= first * 2.5,
      `log sizes over the rounds: ${sizes.join(', ')}`,
    );
    const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(store.db);
    assert.equal(rows[0]!.n, 6 * CHECKPOINT_EVERY_COMMITS);
  } finally {
    await store.close();
  }
});

test('a checkpoint is not due before the worker is ready: the store never waits for a thread to start', async () => {
  const { file, db } = walDatabase();
  const checkpoints = walCheckpointer(file, { everyCommits: 2, onFailure: () => {} });
  try {
    checkpoints.committed();
    checkpoints.committed();
    assert.equal(checkpoints.gate(), undefined, 'the worker has only just been asked to start');
    await checkpoints.started();
    assert.ok(checkpoints.gate(), 'due as soon as it is ready');
    await checkpoints.gate();
  } finally {
    await checkpoints.close();
    db.close();
  }
});

test('a worker that cannot open the database reports it once and runs nothing more', async () => {
  const failures: Error[] = [];
  const checkpoints = walCheckpointer(join(tmpdir(), 'payport-no-such-dir', 'missing.db'), {
    everyCommits: 1,
    onFailure: (e) => failures.push(e),
  });
  checkpoints.committed();
  await checkpoints.started();
  assert.equal(failures.length, 1);
  assert.match(failures[0]!.message, /directory does not exist|unable to open|no such file/i);
  checkpoints.committed();
  assert.equal(checkpoints.gate(), undefined);
  await checkpoints.close();
});
