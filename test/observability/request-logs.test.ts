/**
 * Request logs carry paths, never query strings (S14 "Small ones"): the status page's access token and
 * the payment page's customer data (email, amount, signature) stay out of the logs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { redactQuery } from '../../src/observability/logger.js';
import { statusPath } from '../../src/services/checkout.js';
import { startSecurityApp, type SecurityApp } from '../security/harness.js';

describe('request logs', () => {
  let s: SecurityApp;
  before(async () => {
    s = await startSecurityApp();
  });
  after(() => s.close());

  test('the status token and the payment page query are not written to the logs', async () => {
    const status = statusPath(s.services, s.draft.reference);
    const token = new URL(status, 'https://x.test').searchParams.values().next().value as string;
    assert.ok(token && token.length > 10, status);
    const from = s.logs.length;
    assert.notEqual((await s.inject({ method: 'GET', url: status })).statusCode, 500);
    assert.equal((await s.inject({ method: 'GET', url: s.payPath })).statusCode, 200);
    const written = s.logs.slice(from).join('\n');
    assert.match(written, /"url":"\/payment\/pay\?\[redacted\]"/, 'the request is still logged, by path');
    assert.ok(!written.includes(token), 'no status token');
    assert.ok(!written.includes('buyer%40example.com') && !written.includes('buyer@example.com'), 'no email');
  });

  test('redactQuery keeps the path and hides the rest', () => {
    assert.equal(redactQuery('/payment/status/R-1?t=abc'), '/payment/status/R-1?[redacted]');
    assert.equal(redactQuery('/healthz'), '/healthz');
  });
});
