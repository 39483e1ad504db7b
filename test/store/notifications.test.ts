import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Repositories } from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction, uniqueTag } from '../support/store-fixtures.js';

forEachDatabase('notifications repository', (db) => {
  const repos = (): Repositories => db.store.repos;

  const record = (outcome: string, extra: { transactionId?: string; reference?: string } = {}) =>
    repos().notifications.insert({
      channel: 'webhook',
      sourceIp: '203.0.113.7',
      contentType: 'application/x-www-form-urlencoded',
      payload: 'status=14&signature=***',
      providerCode: 'aps',
      outcome,
      ...extra,
    });

  test('records a message with the clock time and finds it by id', async () => {
    const n = await record('received', { reference: 'T-1' });
    assert.equal(n.receivedAt, db.clock.now().toISOString());
    assert.equal(n.transactionId, null);
    assert.deepEqual(await repos().notifications.findById(n.id), n);
    assert.equal(await repos().notifications.findById('missing'), undefined);
  });

  test('setOutcome records the result of processing and links the transaction', async () => {
    const tx = await createTestTransaction(repos(), await createTestProvider(repos()));
    const n = await record('received');
    const updated = await repos().notifications.setOutcome(n.id, {
      outcome: 'applied',
      detail: 'draft → done',
      transactionId: tx.id,
    });
    assert.equal(updated?.outcome, 'applied');
    assert.equal(updated?.detail, 'draft → done');
    assert.equal(updated?.transactionId, tx.id);
    assert.equal(updated?.payload, n.payload);
    assert.deepEqual(
      (await repos().notifications.listByTransaction(tx.id)).map((x) => x.id),
      [n.id],
    );
  });

  test('lists newest first, filtered by outcome, with pages', async () => {
    const outcome = `bad_signature_${uniqueTag()}`;
    const created = [];
    for (let i = 0; i < 3; i += 1) {
      db.clock.advance(1000);
      created.push(await record(outcome));
    }
    await record('applied');
    const first = await repos().notifications.list({ outcome }, { limit: 2 });
    assert.deepEqual(
      first.items.map((n) => n.id),
      [created[2]!.id, created[1]!.id],
    );
    const second = await repos().notifications.list({ outcome }, { limit: 2, cursor: first.nextCursor });
    assert.deepEqual(
      second.items.map((n) => n.id),
      [created[0]!.id],
    );
    assert.equal(second.nextCursor, null);
    const returns = await repos().notifications.list({ channel: 'return' });
    assert.deepEqual(returns.items, []);
  });
});

forEachDatabase('transaction history repository', (db) => {
  test('records state changes with channel and source message, and lists them oldest first', async () => {
    const repos = db.store.repos;
    const tx = await createTestTransaction(repos, await createTestProvider(repos));
    const n = await repos.notifications.insert({
      channel: 'return',
      payload: '{}',
      providerCode: 'aps',
      outcome: 'applied',
    });
    const created = await repos.transactionHistory.insert({
      transactionId: tx.id,
      fromState: null,
      toState: 'draft',
      channel: 'api',
    });
    db.clock.advance(1000);
    const paid = await repos.transactionHistory.insert({
      transactionId: tx.id,
      fromState: 'draft',
      toState: 'done',
      message: 'Success',
      channel: 'return',
      notificationId: n.id,
    });
    assert.equal(paid.createdAt, db.clock.now().toISOString());
    assert.deepEqual(await repos.transactionHistory.listByTransaction(tx.id), [created, paid]);
  });

  test('keeps the time of the state change when one is given', async () => {
    const repos = db.store.repos;
    const tx = await createTestTransaction(repos, await createTestProvider(repos));
    const entry = await repos.transactionHistory.insert({
      transactionId: tx.id,
      fromState: 'draft',
      toState: 'cancel',
      channel: 'status_check',
      createdAt: '2026-03-01T12:00:00+03:00',
    });
    assert.equal(entry.createdAt, '2026-03-01T09:00:00.000Z');
  });
});
