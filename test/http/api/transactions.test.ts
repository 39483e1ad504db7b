import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createdTransactionSchema,
  problemSchema,
  transactionListSchema,
  transactionSchema,
} from '../../../src/http/api/response-schemas.js';
import { revokeApiKey } from '../../../src/services/api/api-keys.js';
import { forEachDatabase } from '../../support/databases.js';
import { invalidFields, paymentBody, startApiHarness, type ApiHarness } from './helpers.js';

forEachDatabase('merchant API: transactions (S12)', (db) => {
  let api: ApiHarness;
  before(async () => {
    api = await startApiHarness(db);
  });
  after(() => api.close());

  const countTransactions = async () =>
    (await api.pp.services.store.repos.transactions.list({}, { limit: 500 })).items.length;

  describe('authentication', () => {
    test('a request without an API key gets 401 problem+json and a Bearer challenge', async () => {
      const res = await api.call('GET', '/api/v1/transactions', { key: null });
      assert.equal(res.statusCode, 401);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json().type, 'urn:payport:problem:unauthorized');
      assert.match(String(res.headers['www-authenticate']), /^Bearer/);
      problemSchema.parse(res.json());
    });

    test('an unknown key gets 401', async () => {
      const res = await api.call('GET', '/api/v1/transactions', { key: 'ppk_not-a-real-key' });
      assert.equal(res.statusCode, 401);
    });

    test('a revoked key gets 401 from then on', async () => {
      const extra = await (
        await import('../../../src/services/api/api-keys.js')
      ).createApiKey(api.pp.services, { name: 'temp' });
      assert.equal((await api.call('GET', '/api/v1/transactions', { key: extra.key })).statusCode, 200);
      await revokeApiKey(api.pp.services, extra.apiKey.id);
      const res = await api.call('GET', '/api/v1/transactions', { key: extra.key });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().type, 'urn:payport:problem:unauthorized');
    });

    test('a POST without a key creates nothing', async () => {
      const before = await countTransactions();
      const res = await api.call('POST', '/api/v1/transactions', { key: null, body: paymentBody() });
      assert.equal(res.statusCode, 401);
      assert.equal(await countTransactions(), before);
    });
  });

  describe('POST /transactions', () => {
    test('creates a draft transaction and answers 201 with the resource and the redirect form', async () => {
      const res = await api.call('POST', '/api/v1/transactions', { body: paymentBody() });
      assert.equal(res.statusCode, 201, res.body);
      const body = createdTransactionSchema.parse(res.json());
      assert.equal(body.state, 'draft');
      assert.equal(body.amount, '1111.11');
      assert.equal(body.amount_minor, 111111);
      assert.equal(body.currency, 'SAR');
      assert.equal(body.order_reference, 'INV/2026/0042');
      assert.equal(body.provider_id, api.providerId);
      assert.deepEqual(body.metadata, { cart: 'c-17', items: 3 });
      assert.equal(body.customer.lang, 'ar');
      assert.equal(body.history.length, 1);
      assert.equal(body.history[0]!.channel, 'api');
      assert.equal(body.redirect!.method, 'POST');
      assert.match(body.redirect!.url, /FortAPI\/paymentPage$/);
      assert.equal(body.redirect!.fields.merchant_reference, body.reference);
      assert.equal(body.redirect!.fields.amount, '111111');
      assert.ok(body.redirect!.fields.signature);
      assert.equal(res.headers.location, `/api/v1/transactions/${body.reference}`);
    });

    test('takes KWD amounts with three decimals', async () => {
      const res = await api.call('POST', '/api/v1/transactions', {
        body: paymentBody({ amount: '12.500', currency: 'KWD', payment_method: 'knet' }),
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().amount, '12.500');
      assert.equal(res.json().amount_minor, 12500);
      assert.equal(res.json().payment_method, 'knet');
    });

    test('uses the provider asked for, and refuses one that does not offer the method', async () => {
      const ok = await api.call('POST', '/api/v1/transactions', {
        body: paymentBody({ provider_id: api.providerId }),
      });
      assert.equal(ok.statusCode, 201);
      const wrong = await api.call('POST', '/api/v1/transactions', {
        body: paymentBody({ provider_id: 'no-such-provider' }),
      });
      assert.equal(wrong.statusCode, 422);
      assert.deepEqual(invalidFields(wrong), ['provider_id']);
    });

    test('refuses a method no provider offers for the payment', async () => {
      const res = await api.call('POST', '/api/v1/transactions', {
        body: paymentBody({ payment_method: 'benefit', currency: 'BHD', amount: '5.000' }),
      });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(invalidFields(res), ['payment_method']);
    });

    const invalid: [string, Record<string, unknown>, string[]][] = [
      ['an unknown field', paymentBody({ colour: 'red' }), ['colour']],
      [
        'an unknown customer field',
        paymentBody({ customer: { email: 'a@example.com', age: 4 } }),
        ['customer.age'],
      ],
      ['an amount sent as a number', paymentBody({ amount: 12.5 }), ['amount']],
      ['a lower-case currency', paymentBody({ currency: 'sar' }), ['currency']],
      ['an unknown currency', paymentBody({ currency: 'XYZ' }), ['currency']],
      ['too many decimals for SAR', paymentBody({ amount: '10.005' }), ['amount']],
      [
        'too many decimals for KWD',
        paymentBody({ amount: '1.0005', currency: 'KWD', payment_method: 'knet' }),
        ['amount'],
      ],
      ['a negative amount', paymentBody({ amount: '-5.00' }), ['amount']],
      ['a zero amount', paymentBody({ amount: '0.00' }), ['amount']],
      ['an unknown payment method', paymentBody({ payment_method: 'cash' }), ['payment_method']],
      ['a bad email', paymentBody({ customer: { email: 'not-an-email' } }), ['customer.email']],
      // Addresses a generic e-mail check takes but APS refuses (00002): refused before any draft exists.
      [
        'an email with an apostrophe',
        paymentBody({ customer: { email: "o'brien@example.com" } }),
        ['customer.email'],
      ],
      [
        'an email with a non-ASCII letter',
        paymentBody({ customer: { email: 'zoë@example.com' } }),
        ['customer.email'],
      ],
      ['a non-http landing URL', paymentBody({ landing_url: 'javascript:alert(1)' }), ['landing_url']],
      [
        'several problems at once',
        { amount: 'abc', currency: 12, customer: {}, extra: true },
        ['amount', 'currency', 'customer.email', 'extra', 'payment_method'],
      ],
    ];
    for (const [name, body, fields] of invalid) {
      test(`refuses ${name} with 422 naming the field, and creates nothing`, async () => {
        const before = await countTransactions();
        const res = await api.call('POST', '/api/v1/transactions', { body });
        assert.equal(res.statusCode, 422, res.body);
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
        assert.equal(res.json().type, 'urn:payport:problem:validation_error');
        assert.deepEqual(invalidFields(res), fields);
        assert.equal(await countTransactions(), before);
      });
    }

    test('refuses a body that is not JSON with a problem+json 400', async () => {
      const res = await api.call('POST', '/api/v1/transactions', { body: '{"amount":' });
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    });
  });

  describe('GET /transactions/{reference}', () => {
    test('answers the transaction with its history', async () => {
      const created = (await api.call('POST', '/api/v1/transactions', { body: paymentBody() })).json();
      const res = await api.call('GET', `/api/v1/transactions/${created.reference}`);
      assert.equal(res.statusCode, 200);
      const body = transactionSchema.parse(res.json());
      assert.equal(body.reference, created.reference);
      assert.deepEqual(body.captures, []);
      assert.equal(body.history[0]!.to_state, 'draft');
      assert.equal('redirect' in res.json(), false);
    });

    test('answers 404 problem+json for an unknown reference', async () => {
      const res = await api.call('GET', '/api/v1/transactions/NOPE-123');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().type, 'urn:payport:problem:not_found');
    });
  });

  describe('GET /transactions', () => {
    test('pages through every transaction with next_cursor, newest first, without repeats', async () => {
      for (let i = 0; i < 3; i += 1) {
        api.pp.clock.advance(1000);
        await api.call('POST', '/api/v1/transactions', {
          body: paymentBody({ order_reference: `PAGE-${i}` }),
        });
      }
      const all = await countTransactions();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/transactions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await api.call('GET', url);
        assert.equal(res.statusCode, 200);
        const page = transactionListSchema.parse(res.json());
        assert.ok(page.data.length <= 2);
        seen.push(...page.data.map((t) => t.reference));
        cursor = page.next_cursor;
      } while (cursor);
      assert.equal(seen.length, all);
      assert.equal(new Set(seen).size, all);
    });

    test('filters by state, method, search text and creation time', async () => {
      const kwd = (
        await api.call('POST', '/api/v1/transactions', {
          body: paymentBody({
            amount: '3.000',
            currency: 'KWD',
            payment_method: 'knet',
            order_reference: 'FIND-ME-77',
          }),
        })
      ).json();
      const byMethod = (await api.call('GET', '/api/v1/transactions?payment_method=knet')).json();
      assert.ok(byMethod.data.length >= 1);
      assert.ok(byMethod.data.every((t: { payment_method: string }) => t.payment_method === 'knet'));
      const bySearch = (await api.call('GET', '/api/v1/transactions?q=find-me-77')).json();
      assert.deepEqual(
        bySearch.data.map((t: { reference: string }) => t.reference),
        [kwd.reference],
      );
      const byState = (await api.call('GET', '/api/v1/transactions?state=done')).json();
      assert.deepEqual(byState.data, []);
      const later = new Date(Date.parse(kwd.created_at) + 1).toISOString();
      const beforeIt = (
        await api.call('GET', `/api/v1/transactions?q=find-me-77&created_to=${kwd.created_at}`)
      ).json();
      assert.deepEqual(beforeIt.data, []);
      const fromIt = (
        await api.call(
          'GET',
          `/api/v1/transactions?q=find-me-77&created_from=${kwd.created_at}&created_to=${later}`,
        )
      ).json();
      assert.equal(fromIt.data.length, 1);
    });

    test('refuses bad filters with 422 naming them', async () => {
      const res = await api.call(
        'GET',
        '/api/v1/transactions?state=paid&limit=0&colour=red&created_from=yesterday',
      );
      assert.equal(res.statusCode, 422);
      assert.deepEqual(invalidFields(res), ['colour', 'created_from', 'limit', 'state']);
    });

    test('refuses a cursor it did not make', async () => {
      const res = await api.call('GET', '/api/v1/transactions?cursor=garbage');
      assert.equal(res.statusCode, 422);
      assert.deepEqual(invalidFields(res), ['cursor']);
    });
  });

  describe('capture, void, refunds, status-check', () => {
    for (const action of ['capture', 'void', 'refunds', 'status-check']) {
      if (action !== 'status-check') {
        test(`POST …/${action} on a payment whose state does not allow it answers 409 and sends nothing`, async () => {
          const created = (await api.call('POST', '/api/v1/transactions', { body: paymentBody() })).json();
          const res = await api.call('POST', `/api/v1/transactions/${created.reference}/${action}`, {
            body: {},
          });
          assert.equal(res.statusCode, 409, res.body);
          assert.equal(res.json().type, 'urn:payport:problem:conflict');
          problemSchema.parse(res.json());
        });
      }

      test(`POST …/${action} on an unknown reference answers 404`, async () => {
        const res = await api.call('POST', `/api/v1/transactions/UNKNOWN-1/${action}`, { body: {} });
        assert.equal(res.statusCode, 404);
      });
    }

    test('a capture with a malformed amount is a 422 before anything else', async () => {
      const created = (await api.call('POST', '/api/v1/transactions', { body: paymentBody() })).json();
      const res = await api.call('POST', `/api/v1/transactions/${created.reference}/capture`, {
        body: { amount: 'ten' },
      });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(invalidFields(res), ['amount']);
    });
  });
});
