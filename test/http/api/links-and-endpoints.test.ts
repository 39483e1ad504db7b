import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createdEventEndpointSchema,
  eventEndpointListSchema,
  eventEndpointSchema,
  paymentLinkSchema,
} from '../../../src/http/api/response-schemas.js';
import { forEachDatabase } from '../../support/databases.js';
import { invalidFields, startApiHarness, type ApiHarness } from './helpers.js';

forEachDatabase('merchant API: payment links and event endpoints (S12)', (db) => {
  let api: ApiHarness;
  before(async () => {
    api = await startApiHarness(db);
  });
  after(() => api.close());

  describe('POST /payment-links', () => {
    test('creates a link and answers its id and public URL', async () => {
      const res = await api.call('POST', '/api/v1/payment-links', {
        body: {
          amount: '250.00',
          currency: 'SAR',
          order_reference: 'INV-9',
          description: 'Deposit',
          customer: { email: 'a@example.com' },
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      const body = paymentLinkSchema.parse(res.json());
      assert.equal(body.url, `https://shop.example.com/pay/${body.id}`);
      const link = await api.pp.services.store.repos.paymentLinks.findById(body.id);
      assert.equal(link?.amount, 25000);
      assert.equal(link?.createdBy, `api_key:${api.apiKeyId}`);
    });

    test('refuses bad input with 422 naming each field, and creates nothing', async () => {
      const res = await api.call('POST', '/api/v1/payment-links', {
        body: { amount: '1.2345', currency: 'SAR', customer: { email: 'nope' }, expires_at: 'soon', x: 1 },
      });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(invalidFields(res), ['amount', 'customer.email', 'expires_at', 'x']);
    });

    test("stores the customer's country, which fixes it for the payment page", async () => {
      const res = await api.call('POST', '/api/v1/payment-links', {
        body: { amount: '10.00', currency: 'SAR', customer: { email: 'c@example.com', country: 'ae' } },
      });
      assert.equal(res.statusCode, 201, res.body);
      const link = await api.pp.services.store.repos.paymentLinks.findById(
        paymentLinkSchema.parse(res.json()).id,
      );
      assert.equal(link?.customerCountry, 'AE');
      for (const country of ['ZZ', 'SAU', 'S1']) {
        const bad = await api.call('POST', '/api/v1/payment-links', {
          body: { amount: '10.00', currency: 'SAR', customer: { country } },
        });
        assert.equal(bad.statusCode, 422, country);
        assert.deepEqual(invalidFields(bad), ['customer.country']);
      }
    });

    test('refuses an expiry in the past', async () => {
      const res = await api.call('POST', '/api/v1/payment-links', {
        body: { amount: '1.00', currency: 'SAR', expires_at: '2020-01-01T00:00:00Z' },
      });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(invalidFields(res), ['expires_at']);
    });

    test('needs an API key', async () => {
      const res = await api.call('POST', '/api/v1/payment-links', {
        key: null,
        body: { amount: '1.00', currency: 'SAR' },
      });
      assert.equal(res.statusCode, 401);
    });
  });

  describe('/event-endpoints', () => {
    test('create shows the secret once; get and list never show it; the stored secret is sealed', async () => {
      const res = await api.call('POST', '/api/v1/event-endpoints', {
        body: { url: 'https://merchant.example.com/hooks', description: 'orders' },
      });
      assert.equal(res.statusCode, 201, res.body);
      const created = createdEventEndpointSchema.parse(res.json());
      assert.match(created.secret, /^whsec_[\w-]{40,}$/);
      const one = await api.call('GET', `/api/v1/event-endpoints/${created.id}`);
      assert.equal(one.statusCode, 200);
      const { secret: _secret, ...shown } = created;
      assert.deepEqual(eventEndpointSchema.strict().parse(one.json()), shown);
      const list = eventEndpointListSchema.parse((await api.call('GET', '/api/v1/event-endpoints')).json());
      assert.ok(list.data.some((e) => e.id === created.id));
      assert.doesNotMatch((await api.call('GET', '/api/v1/event-endpoints')).body, /whsec_/);
      const record = await api.pp.services.store.repos.eventEndpoints.findById(created.id);
      assert.ok(record);
      assert.equal(record.secretEnc.includes(created.secret), false);
    });

    test('delete removes the endpoint: 204, then 404', async () => {
      const created = (
        await api.call('POST', '/api/v1/event-endpoints', {
          body: { url: 'https://merchant.example.com/del' },
        })
      ).json();
      const res = await api.call('DELETE', `/api/v1/event-endpoints/${created.id}`);
      assert.equal(res.statusCode, 204);
      assert.equal((await api.call('GET', `/api/v1/event-endpoints/${created.id}`)).statusCode, 404);
      assert.equal((await api.call('DELETE', `/api/v1/event-endpoints/${created.id}`)).statusCode, 404);
    });

    test('refuses a URL that is not absolute http(s), and unknown fields', async () => {
      for (const url of ['ftp://merchant.example.com/x', '/relative', 'not a url']) {
        const res = await api.call('POST', '/api/v1/event-endpoints', { body: { url } });
        assert.equal(res.statusCode, 422, url);
        assert.deepEqual(invalidFields(res), ['url']);
      }
      const extra = await api.call('POST', '/api/v1/event-endpoints', {
        body: { url: 'https://a.example.com', secret: 'mine' },
      });
      assert.deepEqual(invalidFields(extra), ['secret']);
    });

    test('an unknown id answers 404 problem+json', async () => {
      const res = await api.call('GET', '/api/v1/event-endpoints/does-not-exist');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().type, 'urn:payport:problem:not_found');
    });

    test('needs an API key', async () => {
      assert.equal((await api.call('GET', '/api/v1/event-endpoints', { key: null })).statusCode, 401);
      assert.equal((await api.call('DELETE', '/api/v1/event-endpoints/x', { key: null })).statusCode, 401);
    });
  });
});
