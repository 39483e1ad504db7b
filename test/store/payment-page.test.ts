import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

forEachDatabase('the payment page a payment was started from (migration 0008)', (db) => {
  const repos = () => db.store.repos;

  test('is stored with the payment and read back; none when it was not started from a page', async () => {
    const provider = await createTestProvider(repos());
    const page = '/payment/pay?amount=12.5&currency=SAR&reference=INV-8';
    const fromLink = await createTestTransaction(repos(), provider, { paymentPage: page });
    assert.equal(fromLink.paymentPage, page);
    assert.equal((await repos().transactions.findById(fromLink.id))?.paymentPage, page);
    const fromApi = await createTestTransaction(repos(), provider);
    assert.equal((await repos().transactions.findById(fromApi.id))?.paymentPage, null);
  });
});
