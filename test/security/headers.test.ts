/**
 * Security headers and the Content-Security-Policy on every answer (S14): every GET route (read from
 * Fastify, visited signed out and signed in as an admin), the POST answers customers see, and error
 * answers. No HTML carries a script or style the policy would have to trust blindly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { statusPath } from '../../src/services/checkout.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { hiddenValue, submitCheckout } from '../http/public/helpers.js';
import { startSecurityApp, type SecurityApp } from './harness.js';
import { fillPath, listRoutes } from './routes.js';

type Headers = LightMyRequestResponse['headers'];

/** The CSP directives of an answer, by name. */
function cspOf(headers: Headers, label: string): Map<string, string> {
  const value = headers['content-security-policy'];
  assert.equal(typeof value, 'string', `${label}: no Content-Security-Policy`);
  return new Map(
    String(value)
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0] ?? '', d] as [string, string]),
  );
}

/** Asserts the headers every payport answer carries. */
function assertSecurityHeaders(headers: Headers, label: string): void {
  const csp = cspOf(headers, label);
  const all = [...csp.values()].join('; ');
  assert.doesNotMatch(all, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'/, `${label}: ${all}`);
  // The card form's answer (S18) is shown inside payport's own page, in the frame of APS' card form:
  // framable by payport itself, by nobody else.
  const framable = label.includes('/payment/aps/card');
  assert.equal(csp.get('frame-ancestors'), `frame-ancestors '${framable ? 'self' : 'none'}'`, label);
  assert.equal(csp.get('object-src'), "object-src 'none'", label);
  assert.match(csp.get('default-src') ?? '', /^default-src '(self|none)'$/, `${label}: default-src`);
  assert.ok(csp.has('script-src'), `${label}: script-src`);
  assert.doesNotMatch(csp.get('script-src') ?? '', /\*|https?:|data:/, `${label}: script-src too wide`);
  assert.equal(headers['x-content-type-options'], 'nosniff', label);
  assert.ok(
    ['same-origin', 'no-referrer', 'strict-origin'].includes(String(headers['referrer-policy'])),
    `${label}: referrer-policy ${String(headers['referrer-policy'])}`,
  );
  assert.equal(headers['x-frame-options'], 'SAMEORIGIN', label);
  assert.equal(headers['x-powered-by'], undefined, label);
}

/** Asserts that an HTML page has no inline script or style without the answer's nonce, and no inline handlers. */
function assertNoUntrustedInlineCode(body: string, headers: Headers, label: string): void {
  const nonce = /'nonce-([^']+)'/.exec(String(headers['content-security-policy']))?.[1];
  for (const match of body.matchAll(/<(script|style)\b([^>]*)>/gi)) {
    const attributes = match[2] ?? '';
    if (match[1]!.toLowerCase() === 'script' && /\bsrc="\/[^/]/.test(attributes)) continue;
    const tagNonce = /\bnonce="([^"]+)"/.exec(attributes)?.[1];
    assert.ok(
      tagNonce !== undefined && tagNonce === nonce,
      `${label}: inline <${match[1]}> without the nonce`,
    );
  }
  assert.doesNotMatch(body, /<[a-z][^>]*\son[a-z]+\s*=/i, `${label}: inline event handler`);
  assert.doesNotMatch(body, /\b(href|src|action)\s*=\s*["']?\s*javascript:/i, `${label}: javascript: URL`);
}

function assertAnswer(res: LightMyRequestResponse, label: string): void {
  assertSecurityHeaders(res.headers, label);
  if (String(res.headers['content-type'] ?? '').startsWith('text/html'))
    assertNoUntrustedInlineCode(res.body, res.headers, label);
}

describe('security headers and CSP on every answer', () => {
  let s: SecurityApp;
  let values: Record<string, string>;
  let queries: Record<string, string>;

  before(async () => {
    s = await startSecurityApp();
    const link = await s.inject({
      method: 'POST',
      url: '/api/v1/payment-links',
      apiKey: s.apiKey,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ amount: '10.00', currency: 'SAR', description: 'Headers' }),
    });
    const endpoint = await s.inject({
      method: 'POST',
      url: '/api/v1/event-endpoints',
      apiKey: s.apiKey,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ url: 'https://merchant.example/events' }),
    });
    values = {
      reference: s.draft.reference,
      name: 'payport.css',
    };
    const linkId = (link.json() as { id: string }).id;
    const endpointId = (endpoint.json() as { id: string }).id;
    const status = statusPath(s.services, s.draft.reference);
    queries = {
      '/payment/pay': s.payPath,
      '/payment/status': status,
      '/payment/status/poll': status.replace('/payment/status', '/payment/status/poll'),
      '/pay/:id': `/pay/${linkId}`,
      '/admin/providers/:id': `/admin/providers/${encodeURIComponent(s.provider.id)}`,
      '/admin/developers/endpoints/:id': `/admin/developers/endpoints/${encodeURIComponent(endpointId)}`,
      '/api/v1/event-endpoints/:id': `/api/v1/event-endpoints/${encodeURIComponent(endpointId)}`,
    };
  });
  after(() => s.close());

  const pathOf = (url: string) => queries[url] ?? fillPath(url, values);

  test('every GET route answers with the headers and a strict CSP, signed out and signed in as an admin', async () => {
    const gets = listRoutes(s.app).filter((r) => r.method === 'GET');
    assert.ok(gets.length > 20, 'the route list was read');
    for (const route of gets) {
      const path = pathOf(route.url);
      const anonymous = await s.inject({ method: 'GET', url: path });
      assertAnswer(anonymous, `GET ${path} (signed out)`);
      const signedIn = await s.admin.get(path);
      assert.ok(signedIn.status < 500, `${path}: ${signedIn.status}`);
      assertSecurityHeaders(signedIn.headers, `GET ${path} (admin)`);
      if (String(signedIn.headers['content-type'] ?? '').startsWith('text/html'))
        assertNoUntrustedInlineCode(signedIn.raw, signedIn.headers, `GET ${path} (admin)`);
      const api = await s.inject({ method: 'GET', url: path, apiKey: s.apiKey });
      assertAnswer(api, `GET ${path} (API key)`);
    }
  });

  test('the pages customers reach by POST carry them too: the redirect form, the return pages, the sign-in answer', async () => {
    const page = await s.inject({ method: 'GET', url: s.payPath });
    assertAnswer(page, 'payment page');
    const redirect = await submitCheckout(s.app, page.body);
    assert.equal(redirect.statusCode, 200, redirect.body.slice(0, 300));
    assertAnswer(redirect, 'redirect form');
    // The redirect form may post to the provider's host, and nowhere else.
    const formAction = cspOf(redirect.headers, 'redirect').get('form-action') ?? '';
    assert.match(formAction, /^form-action 'self' https:\/\/[^ ]+$/);
    assert.ok(hiddenValue(redirect.body, 'signature'));
    const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' };
    for (const fields of [
      { ...apsResponse(s.draft), signature: 'f'.repeat(64) },
      { ...apsResponse(s.draft, { status: '00', response_message: 'Invalid extra parameters' }) },
      signed(apsResponse({ ...s.draft, reference: 'PP-UNKNOWN' })),
      signed(apsResponse(s.draft)),
    ]) {
      const res = await s.inject({
        method: 'POST',
        url: '/payment/aps/return',
        payload: formBody(fields),
        headers: form,
      });
      assertAnswer(res, `return ${res.statusCode}`);
    }
    const webhook = await s.inject({
      method: 'POST',
      url: '/payment/aps/webhook',
      payload: 'a=1',
      headers: form,
    });
    assertAnswer(webhook, 'webhook');
    const visitor = s.client();
    await visitor.get('/admin/login');
    const signIn = await visitor.post('/admin/login', {
      email: 'nobody@example.com',
      password: 'wrong-password',
    });
    assertSecurityHeaders(signIn.headers, 'sign-in refused');
    assertNoUntrustedInlineCode(signIn.raw, signIn.headers, 'sign-in refused');
  });

  test('error answers carry them too: 404, 405, 413, 415, a malformed URL, 401 and problem+json', async () => {
    const answers = [
      await s.inject({ method: 'GET', url: '/no/such/page' }),
      await s.inject({ method: 'PUT', url: '/payment/pay' }),
      await s.inject({
        method: 'POST',
        url: '/payment/transaction',
        payload: `a=${'x'.repeat(70_000)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      await s.inject({
        method: 'POST',
        url: '/payment/aps/webhook',
        payload: '<a/>',
        headers: { 'content-type': 'application/xml' },
      }),
      await s.inject({ method: 'GET', url: '/pay/%00%ff' }),
      await s.inject({ method: 'GET', url: `/pay/${'x'.repeat(2000)}` }),
      await s.inject({ method: 'GET', url: '/api/v1/transactions' }),
      await s.inject({ method: 'GET', url: '/api/v1/transactions/nope', apiKey: s.apiKey }),
    ];
    for (const res of answers) assertAnswer(res, `${res.statusCode} ${res.body.slice(0, 60)}`);
  });
});
