import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashApiKey } from '../../../src/services/api/api-keys.js';
import type { EventEndpointRecord, EventRecord } from '../../../src/store/repositories/index.js';
import { seedDraft, seedProvider, tag } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';
const REVEALED_KEY = /id="revealed-api-key" type="text" value="([^"]+)"/;
const REVEALED_SECRET = /id="revealed-endpoint-secret" type="text" value="([^"]+)"/;

describe('developers page (admin only)', () => {
  let h: AdminHarness;
  let admin: AdminClient;
  let operator: AdminClient;

  /** An endpoint added through the page (its id read back from the store). */
  async function addEndpoint(url: string, description = ''): Promise<EventEndpointRecord> {
    await admin.get('/admin/developers');
    const answer = await admin.post('/admin/developers/endpoints', { url, description });
    assert.equal(answer.status, 200);
    const endpoints = await h.store.repos.eventEndpoints.list();
    return endpoints.find((e) => e.url === new URL(url).toString())!;
  }

  /** A `transaction.updated` event for `endpoint` about a fresh draft payment. */
  async function seedEvent(
    endpoint: EventEndpointRecord,
  ): Promise<{ event: EventRecord; reference: string }> {
    const provider = await seedProvider(h.store);
    const tx = await seedDraft(h.store, provider);
    const event = await h.store.repos.events.insert({
      endpointId: endpoint.id,
      transactionId: tx.id,
      type: 'transaction.updated',
      payload: JSON.stringify({ type: 'transaction.updated', data: { reference: tx.reference } }),
    });
    return { event, reference: tx.reference };
  }

  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    await h.addUser('ops@example.com', 'operator');
    admin = h.client();
    await admin.signIn('admin@example.com', PASSWORD);
    operator = h.client();
    await operator.signIn('ops@example.com', PASSWORD);
  });
  after(() => h.close());

  test('admins see a Developers link in the navigation and operators do not', async () => {
    const forAdmin = await admin.get('/admin/transactions');
    assert.match(forAdmin.body, /<a href="\/admin\/developers">Developers<\/a>/);
    const inArabic = await admin.get('/admin/transactions?lang=ar');
    assert.match(inArabic.body, /<a href="\/admin\/developers">المطورون<\/a>/);
    await admin.get('/admin/transactions?lang=en');
    const forOperator = await operator.get('/admin/transactions');
    assert.equal(forOperator.status, 200);
    assert.equal(forOperator.body.includes('/admin/developers'), false);
  });

  test('a new API key is shown once; only its hash is stored, and a second page load does not contain it', async () => {
    await admin.get('/admin/developers');
    const answer = await admin.post('/admin/developers/api-keys', { name: 'Shop backend' });
    assert.equal(answer.status, 200);
    const key = REVEALED_KEY.exec(answer.body)?.[1];
    assert.ok(key, 'the answer shows the new key');
    assert.match(key, /^ppk_/);
    const stored = (await h.store.repos.apiKeys.list()).find((k) => k.name === 'Shop backend')!;
    assert.equal(stored.keyHash, hashApiKey(key));
    assert.notEqual(stored.keyHash, key);
    assert.equal(stored.keyHash.includes(key), false);
    assert.ok(key.startsWith(stored.prefix));
    const later = await admin.get('/admin/developers');
    assert.equal(later.raw.includes(key), false);
    assert.match(later.body, new RegExp(`${stored.prefix}…`));
    assert.match(later.body, /Shop backend/);
  });

  test('a key without a name is refused next to the field and nothing is created', async () => {
    const before = (await h.store.repos.apiKeys.list()).length;
    await admin.get('/admin/developers');
    const answer = await admin.post('/admin/developers/api-keys', { name: '   ' });
    assert.equal(answer.status, 422);
    assert.match(answer.body, /id="f-name-error">is required/);
    assert.equal(REVEALED_KEY.test(answer.body), false);
    assert.equal((await h.store.repos.apiKeys.list()).length, before);
  });

  test('a revoked key is refused by the API with 401, and the list shows it revoked', async () => {
    await admin.get('/admin/developers');
    const created = await admin.post('/admin/developers/api-keys', { name: `To revoke ${tag()}` });
    const key = REVEALED_KEY.exec(created.body)![1]!;
    const authorization = `Bearer ${key}`;
    const accepted = await h.app.inject({
      method: 'GET',
      url: '/api/v1/transactions',
      headers: { authorization },
    });
    assert.equal(accepted.statusCode, 200);
    const record = (await h.store.repos.apiKeys.findActiveByHash(hashApiKey(key)))!;
    const revoked = await admin.post(`/admin/developers/api-keys/${record.id}/revoke`);
    assert.equal(revoked.status, 303);
    const page = await admin.get(revoked.location!);
    assert.match(page.body, /The API key was revoked\./);
    assert.match(page.body, /<span class="badge bad">Revoked<\/span>/);
    const refused = await h.app.inject({
      method: 'GET',
      url: '/api/v1/transactions',
      headers: { authorization },
    });
    assert.equal(refused.statusCode, 401);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
  });

  test('a new endpoint shows its signing secret once, and the stored secret is encrypted', async () => {
    await admin.get('/admin/developers');
    const answer = await admin.post('/admin/developers/endpoints', {
      url: 'https://shop.example.com/payport/events',
      description: 'Order system',
    });
    assert.equal(answer.status, 200);
    const secret = REVEALED_SECRET.exec(answer.body)?.[1];
    assert.ok(secret);
    assert.match(secret, /^whsec_/);
    const endpoint = (await h.store.repos.eventEndpoints.list()).find(
      (e) => e.description === 'Order system',
    )!;
    assert.equal(endpoint.active, true);
    assert.equal(endpoint.secretEnc.includes(secret), false);
    const later = await admin.get('/admin/developers');
    assert.equal(later.raw.includes(secret), false);
    assert.match(later.body, /https:\/\/shop\.example\.com\/payport\/events/);
  });

  test('an endpoint URL that is not http(s) is refused next to the field and nothing is created', async () => {
    const before = (await h.store.repos.eventEndpoints.list()).length;
    await admin.get('/admin/developers');
    const answer = await admin.post('/admin/developers/endpoints', { url: 'ftp://shop.example.com/x' });
    assert.equal(answer.status, 422);
    assert.match(answer.body, /id="f-url-error">must use https or http/);
    assert.equal(REVEALED_SECRET.test(answer.body), false);
    const empty = await admin.post('/admin/developers/endpoints', { url: '' });
    assert.match(empty.body, /id="f-url-error">is required/);
    assert.equal((await h.store.repos.eventEndpoints.list()).length, before);
  });

  test('an endpoint description with markup is shown as text on both pages', async () => {
    const endpoint = await addEndpoint(
      `https://xss-${tag()}.example.com/hook?a=1&b="2"`,
      '<script>alert(1)</script><img src=x onerror=alert(2)>',
    );
    const list = await admin.get('/admin/developers');
    assert.equal(list.raw.includes('<script>alert(1)'), false);
    assert.equal(list.raw.includes('<img src=x'), false);
    assert.match(list.raw, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
    assert.equal(list.raw.includes('b="2"'), false);
    const log = await admin.get(`/admin/developers/endpoints/${endpoint.id}`);
    assert.equal(log.status, 200);
    assert.equal(log.raw.includes('<script>alert(1)'), false);
    assert.match(log.raw, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test('pausing and resuming an endpoint changes its state and badge', async () => {
    const endpoint = await addEndpoint(`https://pause-${tag()}.example.com/events`);
    const paused = await admin.post(`/admin/developers/endpoints/${endpoint.id}/pause`);
    assert.equal(paused.status, 303);
    assert.equal((await h.store.repos.eventEndpoints.findById(endpoint.id))?.active, false);
    const log = await admin.get(`/admin/developers/endpoints/${endpoint.id}`);
    assert.match(log.body, /<span class="badge off">Paused<\/span>/);
    const resumed = await admin.post(`/admin/developers/endpoints/${endpoint.id}/resume`);
    assert.equal(resumed.status, 303);
    assert.equal((await h.store.repos.eventEndpoints.findById(endpoint.id))?.active, true);
  });

  test('deleting an endpoint removes it with its events', async () => {
    const endpoint = await addEndpoint(`https://gone-${tag()}.example.com/events`);
    const { event } = await seedEvent(endpoint);
    await admin.get('/admin/developers');
    const answer = await admin.post(`/admin/developers/endpoints/${endpoint.id}/delete`);
    assert.equal(answer.status, 303);
    assert.equal(await h.store.repos.eventEndpoints.findById(endpoint.id), undefined);
    assert.equal(await h.store.repos.events.findById(event.id), undefined);
    const missing = await admin.get(`/admin/developers/endpoints/${endpoint.id}`);
    assert.equal(missing.status, 404);
  });

  test('the delivery log lists each event with its transaction and every attempt, and the list counts them', async () => {
    const endpoint = await addEndpoint(`https://log-${tag()}.example.com/events`);
    const { event, reference } = await seedEvent(endpoint);
    await h.store.repos.eventDeliveries.insert({
      eventId: event.id,
      attemptedAt: '2026-03-01T10:00:01.000Z',
      httpStatus: 503,
      error: 'endpoint answered 503 Service Unavailable',
      durationMs: 120,
    });
    await h.store.repos.events.markRetry(event.id, {
      error: 'endpoint answered 503 Service Unavailable',
      nextAttemptAt: '2026-03-01T10:00:31.000Z',
    });
    await h.store.repos.eventDeliveries.insert({
      eventId: event.id,
      attemptedAt: '2026-03-01T10:00:31.000Z',
      httpStatus: null,
      error: 'connect ECONNREFUSED',
      durationMs: 7,
    });
    const log = await admin.get(`/admin/developers/endpoints/${endpoint.id}`);
    assert.equal(log.status, 200);
    assert.match(log.body, /transaction\.updated/);
    assert.match(log.body, new RegExp(`href="/admin/transactions/${reference}"`));
    assert.match(log.body, /<time datetime="2026-03-01T10:00:01.000Z">/);
    assert.match(log.body, /<span class="badge bad" dir="ltr">503<\/span>/);
    assert.match(log.body, /endpoint answered 503 Service Unavailable/);
    assert.match(log.body, /<span dir="ltr">120<\/span> ms/);
    assert.match(log.body, /no answer/);
    assert.match(log.body, /connect ECONNREFUSED/);
    assert.match(log.body, /Next attempt<\/dt><dd><time datetime="2026-03-01T10:00:31.000Z">/);
    const list = await admin.get('/admin/developers');
    const row = list.body.slice(list.body.indexOf(endpoint.url));
    assert.match(row, /Pending: <strong>1<\/strong>/);
  });

  test('resend queues a delivered event again, due now', async () => {
    const endpoint = await addEndpoint(`https://resend-${tag()}.example.com/events`);
    const { event } = await seedEvent(endpoint);
    await h.store.repos.eventDeliveries.insert({
      eventId: event.id,
      attemptedAt: '2026-03-01T10:00:01.000Z',
      httpStatus: 200,
      durationMs: 30,
    });
    await h.store.repos.events.markDelivered(event.id, '2026-03-01T10:00:01.000Z');
    // Later than the delivery (within the session's idle limit), so "due now" is told apart from "created".
    h.clock.advance(10 * 60_000);
    const now = h.clock.now().toISOString();
    const log = await admin.get(`/admin/developers/endpoints/${endpoint.id}`);
    assert.match(log.body, /<span class="badge ok">Delivered<\/span>/);
    const answer = await admin.post(`/admin/developers/endpoints/${endpoint.id}/events/${event.id}/resend`);
    assert.equal(answer.status, 303);
    const queued = (await h.store.repos.events.findById(event.id))!;
    assert.equal(queued.status, 'pending');
    assert.equal(queued.nextAttemptAt, now);
    assert.notEqual(queued.nextAttemptAt, event.createdAt);
    assert.equal(queued.deliveredAt, null);
    const after = await admin.get(answer.location!);
    assert.match(after.body, /The event was queued again\./);
  });

  test('resend refuses an event that a worker is delivering right now, and keeps its lease', async () => {
    const endpoint = await addEndpoint(`https://busy-${tag()}.example.com/events`);
    const { event } = await seedEvent(endpoint);
    const claimed = await h.store.repos.events.claimDue(h.clock.now(), 100, 60_000);
    try {
      const leased = claimed.find((e) => e.id === event.id);
      assert.ok(leased?.leaseUntil);
      await admin.get(`/admin/developers/endpoints/${endpoint.id}`);
      const answer = await admin.post(`/admin/developers/endpoints/${endpoint.id}/events/${event.id}/resend`);
      assert.equal(answer.status, 409);
      assert.match(answer.body, /This event is being delivered right now/);
      assert.equal((await h.store.repos.events.findById(event.id))?.leaseUntil, leased.leaseUntil);
    } finally {
      await h.store.repos.events.releaseLeases(claimed.map((e) => e.id));
    }
  });

  test('resend refuses an event of another endpoint and leaves it alone', async () => {
    const mine = await addEndpoint(`https://mine-${tag()}.example.com/events`);
    const other = await addEndpoint(`https://other-${tag()}.example.com/events`);
    const { event } = await seedEvent(other);
    await h.store.repos.events.markDelivered(event.id, '2026-03-01T10:00:01.000Z');
    await admin.get(`/admin/developers/endpoints/${mine.id}`);
    const answer = await admin.post(`/admin/developers/endpoints/${mine.id}/events/${event.id}/resend`);
    assert.equal(answer.status, 404);
    assert.equal((await h.store.repos.events.findById(event.id))?.status, 'delivered');
  });

  test('the page is in Arabic with ?lang=ar', async () => {
    const page = await admin.get('/admin/developers?lang=ar');
    assert.match(page.body, /<html lang="ar" dir="rtl"/);
    assert.match(page.body, /<h1>المطورون<\/h1>/);
    assert.match(page.body, /مفاتيح API/);
    await admin.get('/admin/developers?lang=en');
  });

  test('a POST without the CSRF token answers 403 and changes nothing', async () => {
    const endpoint = await addEndpoint(`https://csrf-${tag()}.example.com/events`);
    const { event } = await seedEvent(endpoint);
    await h.store.repos.events.markDelivered(event.id, '2026-03-01T10:00:01.000Z');
    await admin.get('/admin/developers');
    const created = await admin.post('/admin/developers/api-keys', { name: `Kept ${tag()}` });
    const key = REVEALED_KEY.exec(created.body)![1]!;
    const record = (await h.store.repos.apiKeys.findActiveByHash(hashApiKey(key)))!;
    const keysBefore = (await h.store.repos.apiKeys.list()).length;
    const endpointsBefore = (await h.store.repos.eventEndpoints.list()).length;
    const forged: [string, Record<string, string>][] = [
      ['/admin/developers/api-keys', { name: 'Forged' }],
      [`/admin/developers/api-keys/${record.id}/revoke`, {}],
      ['/admin/developers/endpoints', { url: 'https://attacker.example.com/' }],
      [`/admin/developers/endpoints/${endpoint.id}/pause`, {}],
      [`/admin/developers/endpoints/${endpoint.id}/delete`, {}],
      [`/admin/developers/endpoints/${endpoint.id}/events/${event.id}/resend`, {}],
    ];
    for (const [url, form] of forged) {
      const missing = await admin.post(url, form, { csrf: null });
      assert.equal(missing.status, 403, `${url} without a token`);
      const wrong = await admin.post(url, form, { csrf: 'not-the-token' });
      assert.equal(wrong.status, 403, `${url} with a wrong token`);
    }
    assert.equal((await h.store.repos.apiKeys.list()).length, keysBefore);
    assert.equal((await h.store.repos.apiKeys.findById(record.id))?.revokedAt, null);
    assert.equal((await h.store.repos.eventEndpoints.list()).length, endpointsBefore);
    assert.equal((await h.store.repos.eventEndpoints.findById(endpoint.id))?.active, true);
    assert.equal((await h.store.repos.events.findById(event.id))?.status, 'delivered');
  });

  test('an operator gets 403 on every developer page and action, and nothing changes', async () => {
    const endpoint = await addEndpoint(`https://ops-${tag()}.example.com/events`);
    const { event } = await seedEvent(endpoint);
    await h.store.repos.events.markDelivered(event.id, '2026-03-01T10:00:01.000Z');
    await admin.get('/admin/developers');
    const created = await admin.post('/admin/developers/api-keys', { name: `Ops target ${tag()}` });
    const key = REVEALED_KEY.exec(created.body)![1]!;
    const record = (await h.store.repos.apiKeys.findActiveByHash(hashApiKey(key)))!;
    const keysBefore = (await h.store.repos.apiKeys.list()).length;
    const endpointsBefore = (await h.store.repos.eventEndpoints.list()).length;
    for (const url of ['/admin/developers', `/admin/developers/endpoints/${endpoint.id}`]) {
      const page = await operator.get(url);
      assert.equal(page.status, 403, url);
      assert.equal(page.raw.includes(endpoint.url), false);
    }
    await operator.get('/admin/transactions');
    const actions: [string, Record<string, string>][] = [
      ['/admin/developers/api-keys', { name: 'Operator key' }],
      [`/admin/developers/api-keys/${record.id}/revoke`, {}],
      ['/admin/developers/endpoints', { url: 'https://operator.example.com/' }],
      [`/admin/developers/endpoints/${endpoint.id}/pause`, {}],
      [`/admin/developers/endpoints/${endpoint.id}/resume`, {}],
      [`/admin/developers/endpoints/${endpoint.id}/delete`, {}],
      [`/admin/developers/endpoints/${endpoint.id}/events/${event.id}/resend`, {}],
    ];
    for (const [url, form] of actions) {
      const answer = await operator.post(url, form);
      assert.equal(answer.status, 403, url);
      assert.match(answer.body, /This page is for admins/, `${url} is refused for the role, not the token`);
      assert.equal(REVEALED_KEY.test(answer.body) || REVEALED_SECRET.test(answer.body), false);
    }
    assert.equal((await h.store.repos.apiKeys.list()).length, keysBefore);
    assert.equal((await h.store.repos.apiKeys.findById(record.id))?.revokedAt, null);
    assert.equal((await h.store.repos.eventEndpoints.list()).length, endpointsBefore);
    assert.equal((await h.store.repos.eventEndpoints.findById(endpoint.id))?.active, true);
    assert.equal((await h.store.repos.events.findById(event.id))?.status, 'delivered');
  });
});
