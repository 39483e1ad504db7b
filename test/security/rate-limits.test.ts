/**
 * Rate limits on the public routes (S14): the payment pages, the transaction POST and the status poll
 * answer 429 with Retry-After once a client exceeds its limit; APS' return and webhook have a ceiling
 * far above APS' real traffic, so genuine messages are not throttled in normal operation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import {
  APS_RATE_LIMIT,
  DEFAULT_RATE_LIMIT,
  RATE_LIMITED_ROUTES,
} from '../../src/http/plugins/rate-limits.js';
import { statusPath } from '../../src/services/checkout.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { startSecurityApp, type SecurityApp } from './harness.js';

const MAX = 3;
const WINDOW_MS = 60_000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('rate limits on the customer routes', () => {
  let s: SecurityApp;
  const limit = { max: MAX, timeWindowMs: WINDOW_MS };

  before(async () => {
    s = await startSecurityApp({
      http: {
        rateLimits: {
          'GET /payment/pay': limit,
          'GET /pay/:id': limit,
          'POST /payment/transaction': limit,
          'GET /payment/status/poll': limit,
        },
      },
    });
  });
  after(() => s.close());

  const from = (ip: string) => ({ remoteAddress: ip });

  async function exhaust(request: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
    for (let i = 0; i < MAX; i++) assert.notEqual((await request()).statusCode, 429, `request ${i + 1}`);
    return request();
  }

  function assertThrottled(res: LightMyRequestResponse, label: string): void {
    assert.equal(res.statusCode, 429, `${label}: ${res.statusCode}`);
    const retryAfter = Number(res.headers['retry-after']);
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60,
      `${label}: Retry-After ${retryAfter}`,
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff', `${label}: security headers kept`);
  }

  test('the payment page answers 429 with Retry-After and an HTML page once a client exceeds its limit', async () => {
    const res = await exhaust(() => s.inject({ method: 'GET', url: s.payPath, ...from('198.51.100.1') }));
    assertThrottled(res, 'GET /payment/pay');
    assert.match(String(res.headers['content-type']), /^text\/html/);
  });

  test('stored payment links, the transaction POST and the status poll are limited the same way', async () => {
    const ip = from('198.51.100.2');
    const poll = statusPath(s.services, s.draft.reference).replace('/payment/status', '/payment/status/poll');
    assertThrottled(
      await exhaust(() => s.inject({ method: 'GET', url: '/pay/nope', ...ip })),
      'GET /pay/:id',
    );
    assertThrottled(
      await exhaust(() =>
        s.inject({
          method: 'POST',
          url: '/payment/transaction',
          payload: 'form_token=x',
          headers: FORM,
          ...ip,
        }),
      ),
      'POST /payment/transaction',
    );
    const throttledPoll = await exhaust(() => s.inject({ method: 'GET', url: poll, ...ip }));
    assertThrottled(throttledPoll, 'GET /payment/status/poll');
    assert.match(throttledPoll.body, /429/);
  });

  test('the limit is per client: another address is still served', async () => {
    await exhaust(() => s.inject({ method: 'GET', url: s.payPath, ...from('198.51.100.3') }));
    const other = await s.inject({ method: 'GET', url: s.payPath, ...from('198.51.100.4') });
    assert.equal(other.statusCode, 200);
  });

  test('a throttled transaction POST creates nothing', async () => {
    const ip = from('198.51.100.5');
    await exhaust(() => s.inject({ method: 'GET', url: s.payPath, ...ip }));
    const before = await s.snapshot();
    const res = await s.inject({
      method: 'POST',
      url: '/payment/transaction',
      payload: 'form_token=x',
      headers: FORM,
      ...ip,
    });
    assert.notEqual(res.statusCode, 500);
    assert.deepEqual(await s.snapshot(), before);
  });

  test("APS' webhook and return are not throttled at customer rates: every genuine message from one address is applied", async () => {
    const ip = from('203.0.113.9');
    const paid = formBody(signed(apsResponse(s.draft)));
    for (let i = 0; i < MAX * 10; i++) {
      const hook = await s.inject({
        method: 'POST',
        url: '/payment/aps/webhook',
        payload: paid,
        headers: FORM,
        ...ip,
      });
      assert.equal(hook.statusCode, 200, `webhook ${i + 1}`);
      const ret = await s.inject({
        method: 'POST',
        url: '/payment/aps/return',
        payload: paid,
        headers: FORM,
        ...ip,
      });
      assert.equal(ret.statusCode, 303, `return ${i + 1}`);
    }
    assert.equal((await s.services.store.repos.transactions.findById(s.draft.id))!.state, 'done');
  });

  test('the back office, the API and health checks are not limited by these per-route limits', async () => {
    const ip = from('198.51.100.6');
    for (let i = 0; i < MAX * 5; i++) {
      assert.equal((await s.inject({ method: 'GET', url: '/healthz', ...ip })).statusCode, 200);
      assert.equal(
        (await s.inject({ method: 'GET', url: '/api/v1/transactions', apiKey: s.apiKey, ...ip })).statusCode,
        200,
      );
      assert.equal((await s.inject({ method: 'GET', url: '/admin/login', ...ip })).statusCode, 200);
    }
  });
});

describe('rate limit defaults', () => {
  test("by default the customer routes allow 120 requests a minute per client, APS' three 1,200,000", () => {
    assert.deepEqual(DEFAULT_RATE_LIMIT, { max: 120, timeWindowMs: 60_000 });
    assert.deepEqual(APS_RATE_LIMIT, { max: 1_200_000, timeWindowMs: 60_000 });
    assert.deepEqual([...RATE_LIMITED_ROUTES].sort(), [
      'GET /pay/:id',
      'GET /payment/aps/card',
      'GET /payment/installments',
      'GET /payment/pay',
      'GET /payment/status/poll',
      'POST /payment/aps/card',
      'POST /payment/aps/return',
      'POST /payment/aps/webhook',
      'POST /payment/installments',
      'POST /payment/transaction',
    ]);
  });

  test("APS' webhook answers 429 with Retry-After once one address passes its ceiling", async () => {
    const s = await startSecurityApp({
      http: { rateLimits: { 'POST /payment/aps/webhook': { max: 2, timeWindowMs: 60_000 } } },
    });
    try {
      const post = () =>
        s.inject({
          method: 'POST',
          url: '/payment/aps/webhook',
          payload: formBody(signed(apsResponse(s.draft))),
          headers: FORM,
          remoteAddress: '198.51.100.8',
        });
      assert.equal((await post()).statusCode, 200);
      assert.equal((await post()).statusCode, 200);
      const third = await post();
      assert.equal(third.statusCode, 429);
      assert.ok(Number(third.headers['retry-after']) > 0);
    } finally {
      await s.close();
    }
  });

  test("PAYPORT_APS_RATE_LIMIT sets APS' ceiling per address, and 0 lifts it", async () => {
    const s = await startSecurityApp();
    const post = (app: typeof s.running.app) =>
      app.inject({
        method: 'POST',
        url: '/payment/aps/webhook',
        payload: formBody(signed(apsResponse(s.draft))),
        headers: FORM,
        remoteAddress: '198.51.100.9',
      });
    try {
      const context = s.running.context;
      const two = await buildApp({ ...context, config: { ...context.config, apsRateLimitPerMinute: 2 } });
      assert.deepEqual([(await post(two)).statusCode, (await post(two)).statusCode], [200, 200]);
      assert.equal((await post(two)).statusCode, 429);
      await two.close();
      const none = await buildApp({ ...context, config: { ...context.config, apsRateLimitPerMinute: 0 } });
      for (let i = 0; i < 3; i++) assert.equal((await post(none)).statusCode, 200);
      await none.close();
    } finally {
      await s.close();
    }
  });

  test('the default limit applies when none is configured, and `false` turns limits off', async () => {
    const s = await startSecurityApp();
    try {
      const ip = { remoteAddress: '198.51.100.7' };
      const answers: number[] = [];
      for (let i = 0; i < DEFAULT_RATE_LIMIT.max + 1; i++)
        answers.push((await s.inject({ method: 'GET', url: '/pay/nope', ...ip })).statusCode);
      assert.deepEqual(answers.slice(0, -1), Array(DEFAULT_RATE_LIMIT.max).fill(404));
      assert.equal(answers.at(-1), 429);
      const unlimited = await buildApp(s.running.context, { rateLimits: false });
      for (let i = 0; i < DEFAULT_RATE_LIMIT.max + 1; i++)
        assert.equal((await unlimited.inject({ method: 'GET', url: '/pay/nope', ...ip })).statusCode, 404);
      await unlimited.close();
    } finally {
      await s.close();
    }
  });
});
