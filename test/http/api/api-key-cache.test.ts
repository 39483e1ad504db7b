/**
 * A verified API key is trusted for a short while without reading it again (S16); revocation still holds:
 * at once through this process, within API_KEY_CACHE_MS through another one.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { API_KEY_CACHE_MS, createApiKey, revokeApiKey } from '../../../src/services/api/api-keys.js';
import { forEachDatabase } from '../../support/databases.js';
import { startApiHarness, type ApiHarness } from './helpers.js';

forEachDatabase('merchant API: verified keys kept briefly', (db) => {
  let api: ApiHarness;
  before(async () => {
    api = await startApiHarness(db);
  });
  after(() => api.close());

  const status = async (key: string) => (await api.call('GET', '/api/v1/transactions', { key })).statusCode;

  test('a key revoked through this process right after a request is refused by the next one', async () => {
    const extra = await createApiKey(api.pp.services, { name: 'same process' });
    assert.equal(await status(extra.key), 200);
    assert.equal(await status(extra.key), 200);
    await revokeApiKey(api.pp.services, extra.apiKey.id);
    assert.equal(await status(extra.key), 401);
  });

  test('a key revoked by another process is refused once API_KEY_CACHE_MS has gone by', async () => {
    const extra = await createApiKey(api.pp.services, { name: 'other process' });
    assert.equal(await status(extra.key), 200);
    const other = db.openStore();
    await revokeApiKey({ store: other }, extra.apiKey.id);
    await sleep(API_KEY_CACHE_MS + 100);
    assert.equal(await status(extra.key), 401);
  });
});
