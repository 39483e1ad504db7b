import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import type { ProviderRecord, TransactionRecord } from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

const MINUTE = 60_000;

forEachDatabase('reconciliation claims', (db) => {
  const repos = () => db.store.repos;
  const now = () => db.clock.now();
  const inMinutes = (minutes: number) => new Date(now().getTime() + minutes * MINUTE);

  /** A provider of its own per test, so claims only ever see that test's transactions. */
  async function scheduled(
    count: number,
    state: TransactionRecord['state'] = 'pending',
  ): Promise<TransactionRecord[]> {
    const provider: ProviderRecord = await createTestProvider(repos());
    const created: TransactionRecord[] = [];
    for (let i = 0; i < count; i += 1) {
      created.push(
        await createTestTransaction(repos(), provider, { state, nextCheckAt: inMinutes(-count + i) }),
      );
    }
    return created;
  }

  /** Claims everything scheduled (leased or not) and unschedules it, so the next test starts from nothing due. */
  async function drain(): Promise<void> {
    const farFuture = inMinutes(365 * 24 * 60);
    for (;;) {
      const claimed = await repos().transactions.claimDueForCheck(farFuture, 100, MINUTE);
      if (claimed.length === 0) return;
      for (const tx of claimed)
        await repos().transactions.recordCheck(tx.id, { checkedAt: now(), nextCheckAt: null });
    }
  }

  test('claims due transactions, soonest due first, up to the limit, and leases them', async () => {
    await drain();
    const due = await scheduled(3);
    const claimed = await repos().transactions.claimDueForCheck(now(), 2, 5 * MINUTE);
    assert.deepEqual(
      claimed.map((t) => t.id),
      [due[0]!.id, due[1]!.id],
    );
    for (const tx of claimed) assert.equal(tx.checkLeaseUntil, inMinutes(5).toISOString());
    await drain();
  });

  test('does not claim a leased transaction again until its lease expires', async () => {
    await drain();
    const [tx] = await scheduled(1);
    assert.equal((await repos().transactions.claimDueForCheck(now(), 10, MINUTE)).length, 1);
    assert.deepEqual(await repos().transactions.claimDueForCheck(now(), 10, MINUTE), []);
    db.clock.advance(MINUTE);
    const again = await repos().transactions.claimDueForCheck(now(), 10, MINUTE);
    assert.deepEqual(
      again.map((t) => t.id),
      [tx!.id],
    );
    await drain();
  });

  test('never claims checks that are not yet due, unscheduled, or of final transactions', async () => {
    await drain();
    const provider = await createTestProvider(repos());
    await createTestTransaction(repos(), provider, { state: 'pending', nextCheckAt: inMinutes(1) });
    await createTestTransaction(repos(), provider, { state: 'pending', nextCheckAt: null });
    await createTestTransaction(repos(), provider, { state: 'done', nextCheckAt: inMinutes(-1) });
    await createTestTransaction(repos(), provider, { state: 'cancel', nextCheckAt: inMinutes(-1) });
    assert.deepEqual(await repos().transactions.claimDueForCheck(now(), 10, MINUTE), []);
    db.clock.advance(2 * MINUTE);
    assert.equal((await repos().transactions.claimDueForCheck(now(), 10, MINUTE)).length, 1);
    await drain();
  });

  test('recordCheck counts the attempt, sets the next check and releases the lease', async () => {
    await drain();
    const [tx] = await scheduled(1);
    await repos().transactions.claimDueForCheck(now(), 10, MINUTE);
    await repos().transactions.recordCheck(tx!.id, { checkedAt: now(), nextCheckAt: inMinutes(-1) });
    const after = await repos().transactions.findById(tx!.id);
    assert.equal(after?.checkAttempts, 1);
    assert.equal(after?.lastCheckAt, now().toISOString());
    assert.equal(after?.checkLeaseUntil, null);
    assert.equal((await repos().transactions.claimDueForCheck(now(), 10, MINUTE)).length, 1);
    await drain();
  });

  test('releaseCheckLeases makes leased transactions claimable at once (graceful shutdown)', async () => {
    await drain();
    const due = await scheduled(2);
    await repos().transactions.claimDueForCheck(now(), 10, MINUTE);
    await repos().transactions.releaseCheckLeases(due.map((t) => t.id));
    assert.equal((await repos().transactions.claimDueForCheck(now(), 10, MINUTE)).length, 2);
    await drain();
  });

  test('scheduleCheck with keepEarlier never postpones a sooner check, and null cancels', async () => {
    await drain();
    const provider = await createTestProvider(repos());
    const tx = await createTestTransaction(repos(), provider, {
      state: 'pending',
      nextCheckAt: inMinutes(1),
    });
    await repos().transactions.scheduleCheck(tx.id, inMinutes(10), { keepEarlier: true });
    assert.equal((await repos().transactions.findById(tx.id))?.nextCheckAt, inMinutes(1).toISOString());
    await repos().transactions.scheduleCheck(tx.id, inMinutes(-1), { keepEarlier: true });
    assert.equal((await repos().transactions.findById(tx.id))?.nextCheckAt, inMinutes(-1).toISOString());
    await repos().transactions.scheduleCheck(tx.id, null);
    assert.equal((await repos().transactions.findById(tx.id))?.nextCheckAt, null);
  });

  test('scheduleCheck with resetAttempts starts the backoff over', async () => {
    const [tx] = await scheduled(1);
    await repos().transactions.recordCheck(tx!.id, { checkedAt: now(), nextCheckAt: inMinutes(1) });
    await repos().transactions.scheduleCheck(tx!.id, inMinutes(2), { resetAttempts: true });
    assert.equal((await repos().transactions.findById(tx!.id))?.checkAttempts, 0);
    await repos().transactions.scheduleCheck(tx!.id, null);
  });

  test('refuses a non-positive limit or lease', async () => {
    await assert.rejects(repos().transactions.claimDueForCheck(now(), 0, MINUTE), ValidationError);
    await assert.rejects(repos().transactions.claimDueForCheck(now(), 1, -5), ValidationError);
  });

  test('two processes claiming at once never get the same transaction, and together get all', async () => {
    await drain();
    const due = await scheduled(40);
    const other = db.openStore();
    const claimAll = async (repositories: typeof db.store.repos) => {
      const mine: string[] = [];
      for (;;) {
        const claimed = await repositories.transactions.claimDueForCheck(now(), 3, 10 * MINUTE);
        if (claimed.length === 0) return mine;
        mine.push(...claimed.map((t) => t.id));
      }
    };
    const [first, second] = await Promise.all([claimAll(db.store.repos), claimAll(other.repos)]);
    const all = [...first, ...second];
    assert.equal(new Set(all).size, all.length, 'a transaction was claimed twice');
    assert.deepEqual([...all].sort(), due.map((t) => t.id).sort());
  });
});
