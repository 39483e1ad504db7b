import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction, uniqueTag } from '../support/store-fixtures.js';

forEachDatabase('customers, saved cards and the card side of payments (migration 0009)', (db) => {
  const repos = () => db.store.repos;

  test('a provider is hosted by default and keeps card_entry embedded once set', async () => {
    const provider = await createTestProvider(repos());
    assert.equal(provider.cardEntry, 'hosted');
    const updated = await repos().providers.update(provider.id, { cardEntry: 'embedded' });
    assert.equal(updated?.cardEntry, 'embedded');
    assert.equal((await repos().providers.findById(provider.id))?.cardEntry, 'embedded');
  });

  test('customers are created, found, listed newest first by pages, filtered by email and hidden once deleted', async () => {
    const email = `c-${uniqueTag()}@example.com`;
    const first = await repos().customers.insert({ email, name: 'First', country: 'SA' });
    const second = await repos().customers.insert({ email: `d-${uniqueTag()}@example.com` });
    assert.equal((await repos().customers.findById(first.id))?.name, 'First');
    const byEmail = await repos().customers.list({ email });
    assert.deepEqual(
      byEmail.items.map((c) => c.id),
      [first.id],
    );
    const page1 = await repos().customers.list({}, { limit: 1 });
    assert.equal(page1.items.length, 1);
    assert.ok(page1.nextCursor);
    const page2 = await repos().customers.list({}, { limit: 1, cursor: page1.nextCursor });
    assert.notEqual(page2.items[0]?.id, page1.items[0]?.id);
    assert.equal(await repos().customers.markDeleted(second.id), true);
    assert.equal(await repos().customers.markDeleted(second.id), false, 'deleting twice changes nothing');
    assert.equal(await repos().customers.findById(second.id), undefined);
    assert.equal((await repos().customers.findById(second.id, { includeDeleted: true }))?.id, second.id);
  });

  test('a saved card is found by its token hash, listed, deactivated, and one token is saved once per provider', async () => {
    const provider = await createTestProvider(repos());
    const customer = await repos().customers.insert({ email: `e-${uniqueTag()}@example.com` });
    const hash = `h-${uniqueTag()}`;
    const card = await repos().savedPaymentMethods.insert({
      customerId: customer.id,
      providerId: provider.id,
      tokenEnc: 'v1:sealed',
      tokenHash: hash,
      brand: 'visa',
      last4: '0001',
      expiry: '05/30',
    });
    assert.equal(card.status, 'active');
    assert.equal((await repos().savedPaymentMethods.findByToken(provider.id, hash))?.id, card.id);
    await assert.rejects(
      repos().savedPaymentMethods.insert({
        customerId: customer.id,
        providerId: provider.id,
        tokenEnc: 'v1:again',
        tokenHash: hash,
      }),
    );
    await repos().savedPaymentMethods.setStatus(card.id, 'inactive');
    assert.deepEqual(await repos().savedPaymentMethods.listByCustomer(customer.id, { activeOnly: true }), []);
    assert.equal((await repos().savedPaymentMethods.listByCustomer(customer.id))[0]?.status, 'inactive');
    const agreed = await repos().savedPaymentMethods.setAgreement(card.id, 'AGR1');
    assert.equal(agreed?.agreementId, 'AGR1');
  });

  test('the card side of a payment keeps its customer, card and held token until forgotten', async () => {
    const provider = await createTestProvider(repos());
    const customer = await repos().customers.insert({ email: `f-${uniqueTag()}@example.com` });
    const tx = await createTestTransaction(repos(), provider);
    await repos().transactionCards.insert({
      transactionId: tx.id,
      customerId: customer.id,
      paymentMethodId: null,
      saveRequested: false,
      offSession: false,
      tokenEnc: null,
    });
    await repos().transactionCards.setToken(tx.id, 'v1:held', true);
    const side = await repos().transactionCards.find(tx.id);
    assert.equal(side?.tokenEnc, 'v1:held');
    assert.equal(side?.saveRequested, true);
    await repos().transactionCards.setToken(tx.id, null);
    assert.equal((await repos().transactionCards.find(tx.id))?.tokenEnc, null);
    assert.deepEqual(await repos().transactionCards.transactionIdsOf(customer.id), [tx.id]);
  });
});
