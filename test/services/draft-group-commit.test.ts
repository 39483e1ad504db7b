/**
 * Drafts asked for at the same moment are inserted in one database transaction and share its commit
 * (checkout.ts, group-commit.ts). Whatever is shared, each draft must end exactly as if it had been
 * created alone: its own reference, its row as returned, its one history entry; a draft that fails
 * fails alone and leaves nothing behind.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createPaymentDraft,
  createPaymentTransaction,
  type NewPayment,
} from '../../src/services/checkout.js';
import { ValidationError } from '../../src/errors.js';
import type { ProviderConfig } from '../../src/domain/provider.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../support/payport.js';

forEachDatabase('drafts created together', (db) => {
  let pp: TestPayport;
  let provider: ProviderConfig;
  const payment = (email: string, amountMinor = 10_000): NewPayment => ({
    providerId: provider.id,
    paymentMethod: 'card',
    amountMinor,
    currency: 'SAR',
    orderReference: `ORDER-${email}`,
    customer: { email, name: 'Buyer', lang: 'ar' },
    metadata: { cart: email },
    channel: 'api',
  });

  before(async () => {
    pp = await createTestPayport({ database: db.location });
    provider = await seedApsProvider(pp.services);
  });
  after(() => pp.close());

  test('each draft of a batch is stored as returned, with its own reference and history', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => `buyer${i}@example.com`);
    // Asked for in one turn of the event loop, so they share transactions.
    const drafts = await Promise.all(
      emails.map((email, i) => createPaymentDraft(pp.services, payment(email, 1000 + i))),
    );
    assert.equal(new Set(drafts.map((d) => d.transaction.reference)).size, emails.length);
    const repos = pp.services.store.repos;
    for (const [i, { transaction, created }] of drafts.entries()) {
      assert.deepEqual(await repos.transactions.findById(transaction.id), transaction, 'the row as stored');
      assert.equal(transaction.amount, 1000 + i);
      assert.equal(transaction.customerEmail, emails[i]);
      assert.deepEqual(transaction.metadata, { cart: emails[i] });
      assert.equal(transaction.state, 'draft');
      assert.deepEqual(await repos.transactionHistory.listByTransaction(transaction.id), [created]);
      assert.equal(created.toState, 'draft');
      assert.equal(created.fromState, null);
      assert.equal(created.channel, 'api');
    }
  });

  test('a draft that fails inside a batch fails alone; its neighbours are created', async () => {
    const repos = pp.services.store.repos;
    const stored = async (search: string) =>
      (await repos.transactions.list({ search }, { limit: 100 })).items;
    const inputs = [payment('left@example.com'), payment('not an email'), payment('right@example.com')];
    const settled = await Promise.allSettled(
      inputs.map((input) => createPaymentTransaction(pp.services, input)),
    );
    assert.equal(settled[0]!.status, 'fulfilled');
    assert.equal(settled[2]!.status, 'fulfilled');
    assert.equal(settled[1]!.status, 'rejected');
    assert.ok((settled[1] as PromiseRejectedResult).reason instanceof ValidationError);
    assert.equal((await stored('left@example.com')).length, 1);
    assert.equal((await stored('right@example.com')).length, 1);
    assert.equal((await stored('ORDER-not an email')).length, 0, 'nothing of the failed draft');
  });

  test('a provider disabled between two batches is read afresh by the second', async () => {
    await createPaymentTransaction(pp.services, payment('first@example.com'));
    await pp.services.store.repos.providers.update(provider.id, { state: 'disabled' });
    try {
      await assert.rejects(
        createPaymentTransaction(pp.services, payment('second@example.com')),
        (err: unknown) => err instanceof ValidationError && /disabled/.test(err.message),
      );
    } finally {
      await pp.services.store.repos.providers.update(provider.id, { state: 'test' });
    }
  });
});
