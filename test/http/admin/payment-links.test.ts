import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedPaid, seedProvider } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

describe('payment links in the back office', () => {
  let h: AdminHarness;
  let client: AdminClient;

  before(async () => {
    h = await startAdmin({ publicUrl: 'https://pay.example.com' });
    await h.addUser('ops@example.com', 'operator');
    client = h.client();
    await client.signIn('ops@example.com', 'correct horse battery staple');
  });
  after(() => h.close());

  test('creating a link stores it and shows its URL ready to copy', async () => {
    await client.get('/admin/payment-links');
    const created = await client.post('/admin/payment-links', {
      amount: '1250.500',
      currency: 'kwd',
      order_reference: 'INV/2026/0042',
      description: 'Annual plan',
      customer_email: 'buyer@example.com',
      expires_at: '2026-03-08T12:00',
    });
    assert.equal(created.status, 303);
    const id = new URL(created.location!, 'http://x').searchParams.get('created')!;
    const link = await h.store.repos.paymentLinks.findById(id);
    assert.equal(link?.amount, 1250500);
    assert.equal(link?.currency, 'KWD');
    assert.equal(link?.expiresAt, '2026-03-08T12:00:00.000Z');
    assert.match(link?.createdBy ?? '', /^user:/);
    const page = await client.get(created.location!);
    assert.match(
      page.body,
      new RegExp(`id="created-link" type="text" value="https://pay\\.example\\.com/pay/${id}"`),
    );
    assert.match(page.body, /data-copy="created-link"/);
    assert.match(page.body, /1250\.500 KWD/);
    assert.match(page.body, /class="badge ">Open</);
  });

  test('bad input is shown next to each field and nothing is created', async () => {
    const before = (await h.store.repos.paymentLinks.list()).items.length;
    await client.get('/admin/payment-links');
    const answer = await client.post('/admin/payment-links', {
      amount: '12.345',
      currency: 'SAR',
      customer_email: 'not-an-email',
      expires_at: '2020-01-01T00:00',
    });
    assert.equal(answer.status, 422);
    assert.match(answer.body, /id="f-amount-error">amount has too many decimals: SAR allows at most 2/);
    assert.match(answer.body, /id="f-customer_email-error">is not a valid email address/);
    assert.match(answer.body, /id="f-expires_at-error">must be in the future/);
    assert.match(answer.body, /name="amount" type="text" value="12\.345"/);
    assert.equal((await h.store.repos.paymentLinks.list()).items.length, before);
  });

  test('the list shows each status (open, paid, expired, deactivated) and deactivating closes a link', async () => {
    const open = await h.store.repos.paymentLinks.insert({ amount: 500, currency: 'SAR' });
    const expired = await h.store.repos.paymentLinks.insert({
      amount: 600,
      currency: 'SAR',
      expiresAt: '2026-03-01T10:00:01.000Z',
    });
    const provider = await seedProvider(h.store);
    const paidLink = await h.store.repos.paymentLinks.insert({ amount: 10000, currency: 'SAR' });
    const tx = await seedPaid(h.store, provider, { paymentLinkId: paidLink.id });
    await h.store.repos.paymentLinks.markPaid(paidLink.id, tx.id);
    h.clock.advance(60_000);
    const page = await client.get('/admin/payment-links');
    assert.match(page.body, />Expired</);
    assert.match(page.body, />Paid</);
    assert.match(page.body, new RegExp(`href="/admin/transactions/${tx.reference}"`));
    assert.ok(page.body.includes(`/payment-links/${open.id}/deactivate`));
    assert.equal(page.body.includes(`/payment-links/${expired.id}/deactivate`), false);
    const answer = await client.post(`/admin/payment-links/${open.id}/deactivate`);
    assert.equal(answer.status, 303);
    assert.equal((await h.store.repos.paymentLinks.findById(open.id))?.active, false);
    assert.match((await client.get('/admin/payment-links')).body, />Deactivated</);
  });

  test('customer text in a link is shown as text', async () => {
    await h.store.repos.paymentLinks.insert({
      amount: 100,
      currency: 'SAR',
      orderReference: '<script>alert(1)</script>',
      description: '<b onmouseover=x>',
    });
    const page = await client.get('/admin/payment-links');
    assert.equal(page.body.includes('<script>alert(1)'), false);
    assert.equal(page.body.includes('<b onmouseover'), false);
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});
