/**
 * Property-based hostile input (S14): random bodies, random keys and values, random content types and
 * random query strings on every public route — never a 5xx, and nothing stored changes. (APS messages
 * are recorded before they are checked, so the notification log may grow; nothing else may.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { startSecurityApp, type SecurityApp, type StateSnapshot } from './harness.js';

const RUNS = { numRuns: 100 };

const text = fc.string({ unit: 'binary', maxLength: 40 });
const fields = fc.dictionary(fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), text, {
  maxKeys: 12,
});
const headerText = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789/;=+-. *"'.split('')),
  maxLength: 40,
});
const contentType = fc.oneof(
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/json',
    'application/json; charset=utf-16',
    'application/x-www-form-urlencoded; charset=latin1',
    'text/plain',
    'multipart/form-data; boundary=x',
    'application/xml',
  ),
  headerText,
);
const jsonValue = fc.jsonValue({ maxDepth: 4 });

/** A body in one of the shapes a client could send. */
const body = fc.oneof(
  fields.map((f) => new URLSearchParams(f).toString()),
  fields.map((f) => JSON.stringify(f)),
  jsonValue.map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc
    .array(fc.tuple(fc.constantFrom('status', 'signature', 'form_token', '_csrf', 'email'), text), {
      maxLength: 6,
    })
    .map((pairs) => new URLSearchParams(pairs).toString()),
);

/** A query string: random pairs, repeated keys and bracket syntax. */
const query = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'ref',
          'token',
          'amount',
          'currency',
          'access_token',
          'lang',
          'next',
          'ref[]',
          'token[$ne]',
        ),
        text,
      ),
      text,
    ),
    { maxLength: 8 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

describe('random input on every public route', () => {
  let s: SecurityApp;
  let initial: StateSnapshot;

  before(async () => {
    s = await startSecurityApp({ http: { rateLimits: false } });
    initial = await s.snapshot();
  });
  after(() => s.close());

  function assertNoServerError(res: LightMyRequestResponse, label: string): void {
    assert.ok(res.statusCode < 500, `${label} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  }

  async function postProperty(url: string, apiKey?: string): Promise<void> {
    await fc.assert(
      fc.asyncProperty(body, contentType, async (payload, type) => {
        const res = await s.inject({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': type },
          ...(apiKey !== undefined && { apiKey }),
        });
        assertNoServerError(res, `POST ${url} (${type})`);
      }),
      RUNS,
    );
    assert.deepEqual(await s.snapshot(), initial);
  }

  async function getProperty(path: string | ((q: string) => string), apiKey?: string): Promise<void> {
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const url = typeof path === 'string' ? `${path}?${q}` : path(q);
        const res = await s.inject({ method: 'GET', url, ...(apiKey !== undefined && { apiKey }) });
        assertNoServerError(res, `GET ${url}`);
      }),
      RUNS,
    );
    assert.deepEqual(await s.snapshot(), initial);
  }

  test('POST /payment/aps/webhook never answers 5xx and changes no payment', () =>
    postProperty('/payment/aps/webhook'));
  test('POST /payment/aps/return never answers 5xx and changes no payment', () =>
    postProperty('/payment/aps/return'));
  test('POST /payment/transaction never answers 5xx and creates nothing', () =>
    postProperty('/payment/transaction'));
  test('POST /admin/login never answers 5xx and signs nobody in', async () => {
    const sessions = await s.running.store.db.selectFrom('sessions').select('id').execute();
    await postProperty('/admin/login');
    assert.equal(
      (await s.running.store.db.selectFrom('sessions').select('id').execute()).length,
      sessions.length,
    );
  });
  test('POST /api/v1/* with a valid key never answers 5xx to random bodies and creates nothing', async () => {
    for (const url of [
      '/api/v1/transactions',
      '/api/v1/payment-links',
      '/api/v1/event-endpoints',
      `/api/v1/transactions/${s.draft.reference}/capture`,
      `/api/v1/transactions/${s.draft.reference}/refunds`,
    ]) {
      // Random bodies that happen to be valid are vanishingly rare; the snapshot proves none was.
      await postProperty(url, s.apiKey);
    }
  });
  test('POST /api/v1/* without a valid key always answers 401', async () => {
    await fc.assert(
      fc.asyncProperty(body, headerText, async (payload, key) => {
        const res = await s.inject({
          method: 'POST',
          url: '/api/v1/transactions',
          payload,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        });
        assert.ok([400, 401, 413, 415].includes(res.statusCode), `${res.statusCode} ${res.body}`);
        if (res.statusCode !== 400) assert.equal(res.statusCode, 401, res.body);
      }),
      RUNS,
    );
    assert.deepEqual(await s.snapshot(), initial);
  });

  test('GET /payment/pay with random parameters never answers 5xx', () => getProperty('/payment/pay'));
  test('GET /pay/:id with random ids never answers 5xx', () =>
    getProperty((q) => `/pay/${encodeURIComponent(q || 'x')}`));
  test('GET /payment/status and its poll with random parameters never answer 5xx', async () => {
    await getProperty('/payment/status');
    await getProperty('/payment/status/poll');
  });
  test('GET /admin/login with random parameters never answers 5xx', () => getProperty('/admin/login'));
  test('GET /api/v1/transactions with random filters never answers 5xx', () =>
    getProperty('/api/v1/transactions', s.apiKey));
});
