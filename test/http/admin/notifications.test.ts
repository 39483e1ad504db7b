import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { canReprocess, REPROCESSABLE_OUTCOMES, reprocessor } from '../../../src/http/admin/reprocess.js';
import { seedPaid, seedProvider, tag } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

describe('the notification log', () => {
  let h: AdminHarness;
  let client: AdminClient;

  before(async () => {
    h = await startAdmin();
    await h.addUser('ops@example.com', 'operator');
    client = h.client();
    await client.signIn('ops@example.com', 'correct horse battery staple');
  });
  after(() => h.close());

  test('lists each message with channel, outcome, time, reference and masked payload', async () => {
    const provider = await seedProvider(h.store);
    const paid = await seedPaid(h.store, provider);
    const page = await client.get('/admin/notifications');
    assert.equal(page.status, 200);
    assert.match(page.body, /APS feedback \(webhook\)/);
    assert.match(page.body, /class="badge ok" dir="ltr">applied</);
    assert.match(page.body, new RegExp(`href="/admin/transactions/${paid.reference}"`));
    assert.match(page.body, /<time datetime="2026-/);
    assert.match(page.body, /signature=\*\*\*\*\*\*\*\*/);
    assert.match(page.body, /203\.0\.113\.7/);
  });

  test('filters by outcome', async () => {
    const reference = `UNKNOWN-${tag()}`;
    await h.store.repos.notifications.insert({
      channel: 'webhook',
      payload: `merchant_reference=${reference}`,
      providerCode: 'aps',
      reference,
      outcome: 'unknown_reference',
      detail: `no transaction for reference ${reference}`,
    });
    const unknown = await client.get('/admin/notifications?outcome=unknown_reference');
    assert.ok(unknown.body.includes(reference));
    assert.doesNotMatch(unknown.body, /badge ok" dir="ltr">applied</);
    const applied = await client.get('/admin/notifications?outcome=applied');
    assert.equal(applied.body.includes(reference), false);
  });

  test('"Reprocess" is offered only for outcomes a later fix can change, and only when ingestion provides it', async () => {
    const available = reprocessor() !== undefined;
    assert.equal(canReprocess('unknown_reference'), available);
    assert.equal(canReprocess('applied'), false);
    assert.deepEqual([...REPROCESSABLE_OUTCOMES].sort(), ['bad_signature', 'unknown_reference']);
    const page = await client.get('/admin/notifications?outcome=unknown_reference');
    assert.equal(/\/reprocess"/.test(page.body), available);
    const appliedPage = await client.get('/admin/notifications?outcome=applied');
    assert.doesNotMatch(appliedPage.body, /\/reprocess"/);
  });

  test('reprocessing an outcome that cannot change is refused', async () => {
    const provider = await seedProvider(h.store);
    const paid = await seedPaid(h.store, provider);
    const [notification] = await h.store.repos.notifications.listByTransaction(paid.id);
    await client.get('/admin/notifications');
    const answer = await client.post(`/admin/notifications/${notification!.id}/reprocess`);
    assert.ok(answer.status === 422 || answer.status === 404, String(answer.status));
    assert.equal((await h.store.repos.notifications.findById(notification!.id))?.outcome, 'applied');
  });
});
