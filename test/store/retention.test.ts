import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRetention } from '../../src/services/retention.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction, uniqueTag } from '../support/store-fixtures.js';

const DAY = 24 * 3_600_000;

forEachDatabase('retention policy (S14)', (db) => {
  test('deletes abandoned drafts and unverified messages older than 30 days, nothing else', async () => {
    const repos = db.store.repos;
    const provider = await createTestProvider(repos);
    const abandoned = await createTestTransaction(repos, provider);
    const answered = await createTestTransaction(repos, provider);
    await repos.transactionHistory.insert({
      transactionId: abandoned.id,
      fromState: null,
      toState: 'draft',
      channel: 'system',
    });
    const base = { channel: 'webhook' as const, payload: '{}', providerCode: 'aps' };
    const forged = await repos.notifications.insert({
      ...base,
      outcome: 'bad_signature',
      reference: uniqueTag(),
    });
    await repos.notifications.insert({ ...base, outcome: 'duplicate', transactionId: answered.id });
    db.clock.advance(31 * DAY);
    const fresh = await createTestTransaction(repos, provider);
    const result = await applyRetention(db.store, db.clock);
    assert.ok(result.drafts >= 1 && result.notifications >= 1);
    assert.equal(await repos.transactions.findById(abandoned.id), undefined);
    assert.ok(await repos.transactions.findById(answered.id), 'a draft with a message stays');
    assert.ok(await repos.transactions.findById(fresh.id), 'a recent draft stays');
    assert.equal(await repos.notifications.findById(forged.id), undefined);
  });
});
