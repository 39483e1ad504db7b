import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../../support/databases.js';
import { paymentBody, startApiHarness, type ApiHarness } from './helpers.js';

forEachDatabase('merchant API: Idempotency-Key (S12)', (db) => {
  let api: ApiHarness;
  before(async () => {
    api = await startApiHarness(db);
  });
  after(() => api.close());

  const count = async () =>
    (await api.pp.services.store.repos.transactions.list({}, { limit: 500 })).items.length;
  const post = (key: string, body: unknown, url = '/api/v1/transactions') =>
    api.call('POST', url, { body, headers: { 'idempotency-key': key } });

  test('the same key and body get the first answer again, and only one transaction exists', async () => {
    const before = await count();
    const first = await post('key-same-1', paymentBody());
    const second = await post('key-same-1', paymentBody());
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 201);
    assert.deepEqual(second.json(), first.json());
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(await count(), before + 1);
  });

  test('the same body with its keys in another order is the same request', async () => {
    const body = paymentBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await post('key-order-1', body);
    const second = await post('key-order-1', reordered);
    assert.equal(second.statusCode, 201);
    assert.equal(second.json().reference, first.json().reference);
  });

  test('the same key with another body gets 409 and creates nothing', async () => {
    await post('key-other-1', paymentBody());
    const before = await count();
    const res = await post('key-other-1', paymentBody({ amount: '5.00' }));
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().type, 'urn:payport:problem:conflict');
    assert.equal(await count(), before);
  });

  test('the same key on another route gets 409', async () => {
    await post('key-route-1', { amount: '5.00', currency: 'SAR' }, '/api/v1/payment-links');
    const res = await post('key-route-1', paymentBody(), '/api/v1/transactions');
    assert.equal(res.statusCode, 409);
  });

  test('a key is forgotten after 24 hours: the request runs again', async () => {
    const first = await post('key-expiry-1', paymentBody());
    api.pp.clock.advance(24 * 60 * 60 * 1000 + 1000);
    const again = await post('key-expiry-1', paymentBody({ amount: '7.00' }));
    assert.equal(again.statusCode, 201);
    assert.notEqual(again.json().reference, first.json().reference);
    assert.equal(again.headers['idempotent-replayed'], undefined);
  });

  test('a request that failed validation stores nothing, so the key can be used for the corrected request', async () => {
    const bad = await post('key-fix-1', paymentBody({ amount: '-1' }));
    assert.equal(bad.statusCode, 422);
    const good = await post('key-fix-1', paymentBody());
    assert.equal(good.statusCode, 201);
  });

  test('two concurrent requests with one key create one transaction', async () => {
    const before = await count();
    const answers = await Promise.all([
      post('key-race-1', paymentBody()),
      post('key-race-1', paymentBody()),
      post('key-race-1', paymentBody()),
    ]);
    assert.equal(await count(), before + 1);
    const statuses = answers.map((a) => a.statusCode);
    assert.ok(
      statuses.every((s) => s === 201 || s === 409),
      `unexpected ${statuses.join(',')}`,
    );
    const references = new Set(answers.filter((a) => a.statusCode === 201).map((a) => a.json().reference));
    assert.equal(references.size, 1);
  });

  test('keys belong to one API key: another key may use the same value', async () => {
    const { createApiKey } = await import('../../../src/services/api/api-keys.js');
    const other = await createApiKey(api.pp.services, { name: 'other' });
    const mine = await post('key-shared-1', paymentBody());
    const theirs = await api.call('POST', '/api/v1/transactions', {
      body: paymentBody(),
      key: other.key,
      headers: { 'idempotency-key': 'key-shared-1' },
    });
    assert.equal(theirs.statusCode, 201);
    assert.notEqual(theirs.json().reference, mine.json().reference);
  });

  test('an unusable Idempotency-Key is a 422', async () => {
    const res = await post('x'.repeat(300), paymentBody());
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().errors[0].field, 'Idempotency-Key');
  });
});
