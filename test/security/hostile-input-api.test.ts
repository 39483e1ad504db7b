/**
 * Hostile input on the merchant API and the back-office sign-in (S11, S12, S14), from the named corpus:
 * injection strings in every field, nested and prototype-polluting JSON, bad UTF-8, wrong content types,
 * oversized bodies and forged credentials — each refused with the right 4xx, never a 5xx, nothing stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefused, INJECTIONS, INVALID_UTF8, WRONG_CONTENT_TYPES } from './corpus.js';
import { startSecurityApp, type SecurityApp, type StateSnapshot } from './harness.js';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('hostile input on the merchant API and the sign-in form', () => {
  let s: SecurityApp;
  let initial: StateSnapshot;

  before(async () => {
    s = await startSecurityApp({ http: { rateLimits: false } });
    initial = await s.snapshot();
  });
  after(() => s.close());

  const api = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    payload?: string | Buffer,
    headers = JSON_TYPE,
  ) => s.inject({ method, url, apiKey: s.apiKey, ...(payload !== undefined && { payload, headers }) });

  test('injection strings in every field of a new transaction are refused with 422 and store nothing', async () => {
    for (const injection of INJECTIONS) {
      const bodies = [
        { amount: injection, currency: 'SAR', payment_method: 'card', customer: { email: 'a@b.co' } },
        { amount: '1.00', currency: injection, payment_method: 'card', customer: { email: 'a@b.co' } },
        { amount: '1.00', currency: 'SAR', payment_method: injection, customer: { email: 'a@b.co' } },
        { amount: '1.00', currency: 'SAR', payment_method: 'card', customer: { email: injection } },
        {
          amount: '1.00',
          currency: 'SAR',
          payment_method: 'card',
          customer: { email: 'a@b.co', lang: injection },
        },
        {
          amount: '1.00',
          currency: 'SAR',
          payment_method: 'card',
          customer: { email: 'a@b.co' },
          landing_url: injection,
        },
        {
          amount: '1.00',
          currency: 'SAR',
          payment_method: 'card',
          customer: { email: 'a@b.co' },
          provider_id: injection,
        },
      ];
      for (const body of bodies)
        assertRefused(
          await api('POST', '/api/v1/transactions', JSON.stringify(body)),
          [422],
          injection.slice(0, 30),
        );
    }
    assert.deepEqual(await s.snapshot(), initial);
  });

  test('injection strings in paths and query strings answer 404 or 422, never a row', async () => {
    for (const injection of INJECTIONS) {
      const id = encodeURIComponent(injection);
      for (const url of [
        `/api/v1/transactions/${id}`,
        `/api/v1/event-endpoints/${id}`,
        `/api/v1/transactions?state=${id}`,
        `/api/v1/transactions?q=${id}`,
        `/api/v1/transactions?cursor=${id}`,
        `/api/v1/transactions?created_from=${id}`,
      ]) {
        const res = await api('GET', url);
        assertRefused(res, [200, 404, 414, 422], url);
        if (res.statusCode === 200) assert.deepEqual((res.json() as { data: unknown[] }).data, [], url);
      }
      for (const action of ['capture', 'void', 'refunds', 'status-check'])
        assertRefused(await api('POST', `/api/v1/transactions/${id}/${action}`, '{}'), [404, 414], action);
      assertRefused(await api('DELETE', `/api/v1/event-endpoints/${id}`), [404, 414], 'delete endpoint');
    }
    assert.deepEqual(await s.snapshot(), initial);
  });

  test('nested, array, prototype-polluting, broken and non-UTF-8 JSON bodies are refused with 400 or 422', async () => {
    const bodies: (string | Buffer)[] = [
      '{"amount":{"$gt":"0"},"currency":"SAR","payment_method":"card","customer":{"email":"a@b.co"}}',
      '[{"amount":"1.00"}]',
      '"just a string"',
      'null',
      '{"__proto__":{"admin":true},"amount":"1.00"}',
      '{"constructor":{"prototype":{"admin":true}}}',
      '{"amount":"1.00",',
      '{"amount":"1.00","amount":"2.00"}',
      `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      ...INVALID_UTF8,
    ];
    for (const body of bodies) {
      const res = await api('POST', '/api/v1/transactions', body);
      assertRefused(res, [400, 422], String(body).slice(0, 40));
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'Object.prototype untouched');
    assert.deepEqual(await s.snapshot(), initial);
  });

  test('other content types are refused with 415 and oversized bodies with 413', async () => {
    for (const type of WRONG_CONTENT_TYPES.filter((t) => t !== 'text/plain')) {
      const res = await api('POST', '/api/v1/payment-links', '{"amount":"1.00"}', { 'content-type': type });
      assertRefused(res, [415], type);
    }
    const big = JSON.stringify({ amount: '1.00', description: 'x'.repeat(70_000) });
    assertRefused(await api('POST', '/api/v1/payment-links', big), [413], 'oversized');
    assert.deepEqual(await s.snapshot(), initial);
  });

  test('forged, truncated and padded API keys are refused with 401', async () => {
    const forged = [
      `${s.apiKey.slice(0, -1)}x`,
      s.apiKey.slice(0, -4),
      `${s.apiKey}${s.apiKey}`,
      s.apiKey.toUpperCase(),
      // Only values a client can send in a header (printable ASCII).
      ...INJECTIONS.filter((i) => /^[ -~]*$/.test(i)),
    ];
    for (const key of forged) {
      const res = await s.inject({
        method: 'GET',
        url: '/api/v1/transactions',
        headers: { authorization: `Bearer ${key}` },
      });
      assertRefused(res, [401], key.slice(0, 30));
    }
  });

  test('injection strings in the sign-in form sign nobody in and come back as 401 or 429', async () => {
    const sessions = async () =>
      (await s.running.store.db.selectFrom('sessions').select('id').execute()).length;
    const before = await sessions();
    const visitor = s.client();
    for (const injection of INJECTIONS) {
      await visitor.get('/admin/login');
      for (const form of [
        { email: injection, password: injection },
        { email: 'admin@example.com', password: injection },
        { email: `admin@example.com' --`, password: 'x' },
      ]) {
        const res = await visitor.post('/admin/login', { ...form, next: injection });
        assert.ok([401, 429].includes(res.status), `${injection.slice(0, 30)}: ${res.status}`);
      }
    }
    assert.equal(await sessions(), before);
    assert.equal(visitor.cookies.has('payport_session'), false);
  });
});
