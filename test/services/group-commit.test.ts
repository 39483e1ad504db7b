/**
 * Group commit (group-commit.ts): units that queue up share a transaction and its durable commit, each
 * resolves with its own result only after that commit, a failing batch retries its units alone, and an
 * unreachable database fails the queued units instead of retrying for ever. On SQLite (one connection)
 * a batch that had to wait for the connection takes everything that queued while it waited.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { Unavailable } from '../../src/errors.js';
import { GroupCommit } from '../../src/services/group-commit.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

async function sqliteStore(): Promise<Store> {
  const store = openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'payport-group-commit-')) });
  await migrate(store);
  return store;
}

/** A committer whose work inserts each unit's name and records the batches it was given. */
function recordingCommitter(store: Store, hold?: Promise<void>) {
  const batches: string[][] = [];
  const committer = new GroupCommit<string, string>(
    store,
    async (repos, names) => {
      batches.push([...names]);
      if (batches.length === 1 && hold) await hold;
      for (const name of names) {
        if (name.startsWith('bad')) throw new Error(`cannot store ${name}`);
        await repos.settings.set(`unit:${name}`, name);
      }
      return names.map((name) => `stored ${name}`);
    },
    (name) => name,
    { maxBatch: 64, parallel: 2 },
  );
  return { committer, batches };
}

async function storedNames(store: Store): Promise<string[]> {
  const { rows } = await sql<{
    value: string;
  }>`select value from settings where key like 'unit:%' order by value`.execute(store.db);
  return rows.map((row) => row.value);
}

test('on SQLite a batch that waited for the connection takes every unit that queued while it waited', async () => {
  const store = await sqliteStore();
  try {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    const { committer, batches } = recordingCommitter(store, hold);
    const first = committer.submit('a');
    while (batches.length === 0) await nextTurn();
    // The first batch holds the connection; the second starts and waits for it with 'b' queued…
    const second = committer.submit('b');
    await nextTurn();
    await nextTurn();
    // …and these arrive while it waits.
    const later = ['c', 'd', 'e'].map((name) => committer.submit(name));
    release();
    assert.deepEqual(await Promise.all([first, second, ...later]), [
      'stored a',
      'stored b',
      'stored c',
      'stored d',
      'stored e',
    ]);
    assert.deepEqual(batches, [['a'], ['b', 'c', 'd', 'e']]);
    assert.deepEqual(await storedNames(store), ['a', 'b', 'c', 'd', 'e']);
  } finally {
    await store.close();
  }
});

test('a batch that fails runs its units again alone: only the bad one fails, the others are stored', async () => {
  const store = await sqliteStore();
  try {
    const { committer } = recordingCommitter(store);
    const names = ['k1', 'bad-k2', 'k3', 'k4'];
    const results = await Promise.allSettled(names.map((name) => committer.submit(name)));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['stored k1', 'cannot store bad-k2', 'stored k3', 'stored k4'],
    );
    assert.deepEqual(await storedNames(store), ['k1', 'k3', 'k4']);
  } finally {
    await store.close();
  }
});

test(
  'with the database unreachable every queued unit fails with Unavailable, once',
  { timeout: 10_000 },
  async () => {
    let attempts = 0;
    const unreachable = {
      dialect: 'sqlite',
      transaction: () => {
        attempts++;
        return Promise.reject(new Unavailable('The database is unavailable. Retry later.'));
      },
    } as unknown as Store;
    const committer = new GroupCommit<string, string>(
      unreachable,
      () => Promise.reject(new Error('never reached')),
      (name) => name,
      { maxBatch: 64, parallel: 2 },
    );
    const results = await Promise.allSettled(['u1', 'u2', 'u3'].map((name) => committer.submit(name)));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.ok((result as PromiseRejectedResult).reason instanceof Unavailable);
    }
    assert.ok(attempts <= 2, `transactions attempted: ${attempts}`);
  },
);
