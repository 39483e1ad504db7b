/**
 * The secret scan (S14): a representative full flow — a provider configured with known credentials
 * through the admin form, a payment paid on the simulator's hosted page, APS' return and webhook, an
 * API key created in the back office and used, an event endpoint created, signed-in sessions — while
 * every log line, every payport page and every API answer is kept. None may contain a SHA phrase, an
 * access code, an API key, an endpoint secret (after its one-time display) or a session cookie, and
 * the database file holds none of them in clear (stored idempotent answers included).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { eventually, formOf, pay } from '../simulator/helpers.js';
import { methodChoices, redirectFormOf, submitCheckout } from '../http/public/helpers.js';
import { TEST_CREDENTIALS } from '../support/payport.js';
import { APP_SECRET, startSecurityApp, type SecurityApp } from './harness.js';

const SCAN_ACCOUNT = {
  merchantIdentifier: 'ScanMerchant77',
  accessCode: 'ScanAccess0987654321',
  shaRequestPhrase: 'scan-request-$ecret-9f1',
  shaResponsePhrase: 'scan-response-$ecret-4c7',
};
const JSON_TYPE = { 'content-type': 'application/json' };

describe('no secret appears in logs, pages or API answers during a full payment flow', () => {
  let s: SecurityApp & { address: string };
  let sim: Simulator;
  /** Everything payport answered, by label. */
  const seen: { label: string; text: string }[] = [];
  /** Answers allowed to show one secret, once (label → the secret it reveals). */
  const oneTimeDisplays = new Map<string, string>();
  const secrets = new Map<string, string>();

  const keep = (label: string, text: string) => void seen.push({ label, text });

  before(async () => {
    s = await startSecurityApp({ listen: true });
    sim = createSimulator({ logger: false, feedbackRetry: { attempts: 1, intervalMs: 1_000 } });
    const simUrl = await sim.app.listen({ port: 0, host: '127.0.0.1' });
    const configured = await sim.app.inject({
      method: 'PUT',
      url: `/_sim/accounts/${SCAN_ACCOUNT.merchantIdentifier}`,
      headers: JSON_TYPE,
      payload: JSON.stringify({
        ...SCAN_ACCOUNT,
        shaType: 'sha256',
        redirectionUrl: 'https://shop.example.com/payment/aps/return',
        directFeedbackUrl: `${s.address}/payment/aps/webhook`,
        notificationUrl: `${s.address}/payment/aps/webhook`,
      }),
    });
    assert.ok(configured.statusCode < 300, configured.body);

    // The admin configures the provider through the form.
    // "New APS provider" opens a draft form; nothing is stored until its first Save.
    const created = await s.admin.post('/admin/providers');
    keep('new provider', created.raw);
    const path = created.location!;
    assert.equal(path, '/admin/providers/new');
    keep('provider form', (await s.admin.get(path)).raw);
    const saved = await s.admin.post(path, {
      name: 'APS (scan)',
      sequence: '1',
      state: 'test',
      isPublished: 'on',
      ...SCAN_ACCOUNT,
      shaType: 'sha256',
      paymentMethods: ['card'],
      customBaseUrl: simUrl,
    });
    assert.equal(saved.status, 303, saved.body.slice(0, 400));
    keep('provider saved', (await s.admin.get(saved.location!)).raw);
    keep('providers', (await s.admin.get('/admin/providers')).raw);
    const providerId = decodeURIComponent(saved.location!.split('?')[0]!.split('#')[0]!.split('/').pop()!);

    // A customer pays on the simulator's hosted page; APS' return and webhook reach payport.
    const page = await s.inject({ method: 'GET', url: s.payPath });
    keep('payment page', page.body);
    const choice = methodChoices(page.body).find((c) => c.includes(providerId));
    assert.ok(choice, 'the scan provider is offered');
    const redirect = await submitCheckout(s.app, page.body, { payment_method: choice });
    assert.equal(redirect.statusCode, 200, redirect.body.slice(0, 400));
    keep('redirect form', redirect.body);
    // APS' redirect protocol posts access_code through the customer's browser (S6): this one page may show it.
    oneTimeDisplays.set('redirect form', SCAN_ACCOUNT.accessCode);
    const form = redirectFormOf(redirect.body);
    const { page: returned } = await pay(sim.app, form.fields, {});
    const back = await s.inject({
      method: 'POST',
      url: '/payment/aps/return',
      payload: new URLSearchParams(formOf(returned.body).fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(back.statusCode, 303, back.body);
    keep('status page', (await s.inject({ method: 'GET', url: back.headers.location! })).body);
    await eventually(() => sim.state.deliveries.some((d) => d.state !== 'pending'), 'the webhook delivery');
    const delivered = sim.state.deliveries.map((d) => `${d.url} ${d.state} ${JSON.stringify(d.attempts)}`);
    assert.ok(
      sim.state.deliveries.every((d) => d.state === 'delivered'),
      delivered.join('\n'),
    );
    const reference = form.fields.merchant_reference!;
    const poll = back.headers.location!.replace('/payment/status', '/payment/status/poll');
    const polled = await s.inject({ method: 'GET', url: poll });
    assert.equal((polled.json() as { state: string }).state, 'done');
    keep('poll', polled.body);

    // An API key is created in the back office (shown once) and used; an event endpoint is created.
    await s.admin.get('/admin/developers');
    const keyPage = await s.admin.post('/admin/developers/api-keys', {
      name: 'Scan backend',
      scopes: ['read', 'payments', 'endpoints'],
    });
    const apiKey = /ppk_[A-Za-z0-9_-]+/.exec(keyPage.raw)?.[0];
    assert.ok(apiKey, 'the new key is shown once');
    keep('api key shown', keyPage.raw);
    oneTimeDisplays.set('api key shown', apiKey);
    const api = (method: 'GET' | 'POST', url: string, body?: unknown) =>
      s.inject({
        method,
        url,
        apiKey,
        ...(body !== undefined && { payload: JSON.stringify(body), headers: JSON_TYPE }),
      });
    const endpoint = await api('POST', '/api/v1/event-endpoints', { url: 'https://merchant.example/events' });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    const { id: endpointId, secret: endpointSecret } = endpoint.json() as { id: string; secret: string };
    keep('endpoint created', endpoint.body);
    oneTimeDisplays.set('endpoint created', endpointSecret);
    for (const url of [
      '/api/v1/transactions',
      `/api/v1/transactions/${encodeURIComponent(reference)}`,
      '/api/v1/event-endpoints',
      `/api/v1/event-endpoints/${endpointId}`,
      '/api/v1/openapi.json',
    ]) {
      const res = await api('GET', url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      keep(`API ${url}`, res.body);
    }
    const bad = await api('POST', '/api/v1/transactions', { amount: 'x' });
    keep('API validation error', bad.body);

    // A payment created through the API with an Idempotency-Key: its answer carries the redirect form
    // (access code included, S12) and is stored for replays — sealed, never in clear.
    const idempotent = (key: string) =>
      s.inject({
        method: 'POST',
        url: '/api/v1/transactions',
        apiKey,
        headers: { ...JSON_TYPE, 'idempotency-key': key },
        payload: JSON.stringify({
          amount: '12.50',
          currency: 'SAR',
          payment_method: 'card',
          provider_id: providerId,
          customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
        }),
      });
    const viaApi = await idempotent('scan-idempotency-1');
    assert.equal(viaApi.statusCode, 201, viaApi.body);
    const replayed = await idempotent('scan-idempotency-1');
    assert.equal(replayed.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replayed.json(), viaApi.json(), 'the sealed answer replays exactly');
    const redirectFields = (viaApi.json() as { redirect?: { fields?: Record<string, string> } }).redirect
      ?.fields;
    assert.equal(
      redirectFields?.access_code,
      SCAN_ACCOUNT.accessCode,
      'the API answer carries the redirect form',
    );
    keep('API payment (idempotent)', viaApi.body);
    keep('API payment (replayed)', replayed.body);
    oneTimeDisplays.set('API payment (idempotent)', SCAN_ACCOUNT.accessCode);
    oneTimeDisplays.set('API payment (replayed)', SCAN_ACCOUNT.accessCode);

    // The back office after all of it, as admin and as operator.
    for (const url of [
      '/admin/transactions',
      `/admin/transactions/${encodeURIComponent(reference)}`,
      '/admin/transactions/export.csv',
      '/admin/notifications',
      '/admin/developers',
      `/admin/developers/endpoints/${endpointId}`,
      '/admin/users',
    ]) {
      keep(`admin ${url}`, (await s.admin.get(url)).raw);
      keep(`operator ${url}`, (await s.operator.get(url)).raw);
    }

    secrets.set('SHA request phrase', SCAN_ACCOUNT.shaRequestPhrase);
    secrets.set('SHA response phrase', SCAN_ACCOUNT.shaResponsePhrase);
    secrets.set('access code', SCAN_ACCOUNT.accessCode);
    secrets.set('seeded SHA request phrase', TEST_CREDENTIALS.shaRequestPhrase);
    secrets.set('seeded SHA response phrase', TEST_CREDENTIALS.shaResponsePhrase);
    secrets.set('seeded access code', TEST_CREDENTIALS.accessCode);
    secrets.set('API key (back office)', apiKey);
    secrets.set('API key (harness)', s.apiKey);
    secrets.set('endpoint secret', endpointSecret);
    secrets.set('app secret', APP_SECRET);
    for (const [who, client] of [
      ['admin', s.admin],
      ['operator', s.operator],
    ] as const) {
      const session = client.cookies.get('payport_session');
      assert.ok(session, `${who} has a session cookie`);
      secrets.set(`${who} session cookie`, session);
    }
  });
  after(async () => {
    await s.close();
    await sim.close();
  });

  test('the flow really ran: the payment is done and its webhook was recorded', async () => {
    const webhooks = await s.services.store.repos.notifications.list({}, { limit: 50 });
    assert.ok(webhooks.items.some((n) => n.channel === 'webhook' && n.outcome !== 'bad_signature'));
    assert.ok(seen.length > 25);
    assert.ok(s.logs.length > 10);
  });

  test('no log line contains any secret', () => {
    const leaks: string[] = [];
    for (const [name, secret] of secrets)
      for (const line of s.logs)
        if (line.includes(secret)) leaks.push(`${name} in log: ${line.slice(0, 200)}`);
    assert.deepEqual(leaks, []);
  });

  test('no page or API answer contains any secret, except the one-time display of that secret', () => {
    const leaks: string[] = [];
    for (const [name, secret] of secrets) {
      for (const { label, text } of seen) {
        if (oneTimeDisplays.get(label) === secret) continue;
        if (text.includes(secret)) leaks.push(`${name} in ${label}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  test('the database files hold no secret in clear (credentials encrypted, keys and sessions hashed, payloads masked)', () => {
    const dir = s.running.context.config.dataDir;
    const bytes = readdirSync(dir)
      .filter((name) => name.startsWith('payport.db'))
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');
    assert.ok(bytes.length > 0);
    const leaks = [...secrets].filter(([, secret]) => bytes.includes(secret)).map(([name]) => name);
    assert.deepEqual(leaks, []);
  });
});
