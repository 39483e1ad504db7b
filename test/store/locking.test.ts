import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { test } from 'node:test';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

forEachDatabase('row locking', (db) => {
  test('concurrent read-modify-write transactions on one row never lose an update', async () => {
    const provider = await createTestProvider(db.store.repos);
    const tx = await createTestTransaction(db.store.repos, provider, { stateMessage: '0' });
    const increment = () =>
      db.store.transaction(async (repos) => {
        const locked = await repos.transactions.lockByReference(tx.reference);
        // Give the other transactions every chance to read the same value if the lock did not hold them.
        await nextTurn();
        await repos.transactions.updateState(tx.id, {
          state: 'pending',
          message: String(Number(locked?.stateMessage) + 1),
        });
      });
    await Promise.all(Array.from({ length: 8 }, increment));
    assert.equal((await db.store.repos.transactions.findById(tx.id))?.stateMessage, '8');
  });

  test(
    'a second transaction locking the same row waits for the first to commit and sees its change',
    {
      skip:
        db.dialect === 'sqlite'
          ? 'SQLite runs one transaction at a time, so there is no second to wait'
          : false,
    },
    async () => {
      const provider = await createTestProvider(db.store.repos);
      const tx = await createTestTransaction(db.store.repos, provider);
      const signal = () => {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => (resolve = r));
        return { promise, resolve };
      };
      const firstHasLock = signal();
      const firstMayCommit = signal();
      const secondIsRunning = signal();

      const first = db.store.transaction(async (repos) => {
        await repos.transactions.lockByReference(tx.reference);
        firstHasLock.resolve();
        await firstMayCommit.promise;
        await repos.transactions.updateState(tx.id, { state: 'done', message: 'first' });
      });
      await firstHasLock.promise;
      const second = db.store.transaction(async (repos) => {
        const before = await repos.transactions.findById(tx.id);
        secondIsRunning.resolve();
        const locked = await repos.transactions.lockByReference(tx.reference);
        return { before: before?.state, locked: locked?.state };
      });
      await secondIsRunning.promise;
      firstMayCommit.resolve();
      await first;
      assert.deepEqual(await second, { before: 'draft', locked: 'done' });
    },
  );

  test('a lock ends with its transaction, so a later transaction locks the row at once', async () => {
    const provider = await createTestProvider(db.store.repos);
    const tx = await createTestTransaction(db.store.repos, provider);
    await db.store.transaction((repos) => repos.transactions.lockById(tx.id));
    const again = await db.store.transaction((repos) => repos.transactions.lockById(tx.id));
    assert.equal(again?.id, tx.id);
  });
});
