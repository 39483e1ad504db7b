/**
 * API key scopes (S14): `read`, `payments`, `operations`, `endpoints`. A key created without scopes has
 * all but `endpoints`; a request outside its key's scopes is answered 403 and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiKey } from '../../../src/services/api/api-keys.js';
import { paymentBody, startApiHarness, type ApiHarness } from './helpers.js';

describe('API key scopes', () => {
  let api: ApiHarness;
  let defaultKey: string;
  let readOnly: string;
  let endpointsOnly: string;

  before(async () => {
    api = await startApiHarness();
    defaultKey = (await createApiKey(api.pp.services, { name: 'default' })).key;
    readOnly = (await createApiKey(api.pp.services, { name: 'reporting', scopes: ['read'] })).key;
    endpointsOnly = (await createApiKey(api.pp.services, { name: 'hooks', scopes: 'endpoints' })).key;
  });
  after(() => api.close());

  const endpointCount = async () => (await api.pp.services.store.repos.eventEndpoints.list()).length;
  const transactionCount = async () =>
    Number(
      (
        await api.pp.services.store.db
          .selectFrom('transactions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a key created without scopes reads, creates payments and runs operations, but cannot touch event endpoints', async () => {
    const created = await api.call('POST', '/api/v1/transactions', { body: paymentBody(), key: defaultKey });
    assert.equal(created.statusCode, 201, created.body);
    const reference = created.json().reference as string;
    assert.equal(
      (await api.call('GET', `/api/v1/transactions/${reference}`, { key: defaultKey })).statusCode,
      200,
    );
    const before = await endpointCount();
    const hook = await api.call('POST', '/api/v1/event-endpoints', {
      body: { url: 'https://merchant.example.com/hooks' },
      key: defaultKey,
    });
    assert.equal(hook.statusCode, 403);
    assert.match(hook.json().detail ?? hook.body, /"endpoints" scope/);
    assert.equal(await endpointCount(), before);
    assert.equal((await api.call('GET', '/api/v1/event-endpoints', { key: defaultKey })).statusCode, 403);
  });

  test('a read-only key reads but cannot create payments or run operations', async () => {
    assert.equal((await api.call('GET', '/api/v1/transactions', { key: readOnly })).statusCode, 200);
    const before = await transactionCount();
    const refused = await api.call('POST', '/api/v1/transactions', { body: paymentBody(), key: readOnly });
    assert.equal(refused.statusCode, 403);
    assert.equal(await transactionCount(), before);
    const created = await api.call('POST', '/api/v1/transactions', { body: paymentBody(), key: defaultKey });
    const reference = created.json().reference as string;
    const check = await api.call('POST', `/api/v1/transactions/${reference}/status-check`, { key: readOnly });
    assert.equal(check.statusCode, 403);
  });

  test('an endpoints key manages event endpoints and nothing else', async () => {
    const hook = await api.call('POST', '/api/v1/event-endpoints', {
      body: { url: 'https://merchant.example.com/hooks' },
      key: endpointsOnly,
    });
    assert.equal(hook.statusCode, 201, hook.body);
    assert.equal((await api.call('GET', '/api/v1/transactions', { key: endpointsOnly })).statusCode, 403);
  });

  test('an unknown scope is refused when the key is created', async () => {
    await assert.rejects(
      createApiKey(api.pp.services, { name: 'x', scopes: ['admin'] }),
      /Unknown API key scope/,
    );
  });
});
