import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createdTransactionSchema } from '../../../src/http/api/response-schemas.js';
import { verifySignature } from '../../../src/providers/aps/signature.js';
import { forEachDatabase } from '../../support/databases.js';
import { seedApsProvider, TEST_CREDENTIALS } from '../../support/payport.js';
import { paymentBody, startApiHarness, type ApiHarness } from './helpers.js';

const SECOND = {
  merchantIdentifier: 'SecondMerchant02',
  accessCode: 'SecondAccess09876543',
  shaRequestPhrase: 'second-request-phrase',
  shaResponsePhrase: 'second-response-phrase',
};

forEachDatabase('merchant API: each new payment is sent with its own provider (S12, S6)', (db) => {
  let api: ApiHarness;
  let secondId: string;
  before(async () => {
    api = await startApiHarness(db);
    secondId = (await seedApsProvider(api.pp.services, { ...SECOND, name: 'Second account', sequence: 20 }))
      .id;
  });
  after(() => api.close());

  test('payments created at the same moment for two providers carry each its own account and signature', async () => {
    const providers = [api.providerId, secondId, api.providerId, secondId, secondId, api.providerId];
    const answers = await Promise.all(
      providers.map((providerId, i) =>
        api.call('POST', '/api/v1/transactions', {
          body: paymentBody({ provider_id: providerId, order_reference: `ORDER-${i}` }),
        }),
      ),
    );
    answers.forEach((res, i) => {
      assert.equal(res.statusCode, 201, res.body);
      const body = createdTransactionSchema.parse(res.json());
      const account = providers[i] === secondId ? SECOND : TEST_CREDENTIALS;
      assert.equal(body.provider_id, providers[i]);
      const fields = body.redirect!.fields;
      assert.equal(fields.merchant_identifier, account.merchantIdentifier);
      assert.equal(fields.access_code, account.accessCode);
      assert.equal(fields.merchant_reference, body.reference);
      assert.equal(verifySignature(fields, account.shaRequestPhrase, 'sha256').valid, true);
    });
  });

  test('a provider disabled after its last payment is no longer offered, and nothing is created', async () => {
    const before = (await api.pp.services.store.repos.transactions.list({}, { limit: 500 })).items.length;
    await api.pp.services.store.repos.providers.update(secondId, { state: 'disabled' });
    const res = await api.call('POST', '/api/v1/transactions', {
      body: paymentBody({ provider_id: secondId }),
    });
    assert.equal(res.statusCode, 422, res.body);
    const after = (await api.pp.services.store.repos.transactions.list({}, { limit: 500 })).items.length;
    assert.equal(after, before);
  });
});
