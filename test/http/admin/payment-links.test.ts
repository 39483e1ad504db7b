import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedPaid, seedProvider } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';
import { saveMerchantSettings } from '../../../src/services/merchant-settings.js';

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

  test('bad input is shown next to each field and in the summary, in words people read, and nothing is created', async () => {
    const before = (await h.store.repos.paymentLinks.list()).items.length;
    await client.get('/admin/payment-links');
    const answer = await client.post('/admin/payment-links', {
      amount: '1,25,000',
      currency: 'SAR',
      customer_email: 'not-an-email',
      expires_at: '2020-01-01T00:00',
    });
    assert.equal(answer.status, 422);
    assert.match(answer.body, /class="error-summary" role="alert"/);
    assert.match(answer.body, /<h2 id="error-summary-title">Nothing was saved\. Please correct:<\/h2>/);
    assert.match(
      answer.body,
      /href="#f-amount" data-field="amount">Amount: The thousands separators are in the wrong places/,
    );
    assert.match(answer.body, /id="f-amount-error">The thousands separators are in the wrong places/);
    assert.match(
      answer.body,
      /id="f-customer_email-error">Enter an email address such as name@example\.com\./,
    );
    assert.match(answer.body, /id="f-expires_at-error">Choose a time in the future \(UTC time\)\./);
    assert.match(answer.body, /name="amount" type="text" value="1,25,000"/);
    assert.match(answer.body, /name="customer_email" type="email" value="not-an-email"/);
    assert.match(answer.body, /<option value="SAR" selected>SAR<\/option>/);
    assert.doesNotMatch(answer.body, /got "|is empty; give an amount/);
    assert.equal((await h.store.repos.paymentLinks.list()).items.length, before);
  });

  test('amounts are read as people type them: "1,250.50", "1 250,50" and Arabic-Indic digits', async () => {
    for (const typed of ['1,250.50', '1 250,50', '١٬٢٥٠٫٥٠', '١٢٥٠٫٥٠']) {
      await client.get('/admin/payment-links');
      const created = await client.post('/admin/payment-links', { amount: typed, currency: 'SAR' });
      assert.equal(created.status, 303, typed);
      const id = new URL(created.location!, 'http://x').searchParams.get('created')!;
      const link = await h.store.repos.paymentLinks.findById(id);
      assert.equal(link?.amount, 125050, typed);
      assert.equal(link?.currency, 'SAR');
    }
  });

  test('ambiguous, empty and non-numeric amounts are refused with a human message, nothing saved', async () => {
    const before = (await h.store.repos.paymentLinks.list()).items.length;
    const cases: [string, RegExp][] = [
      ['1.250', /This could mean 1250 or 1\.25: write the one you mean\./],
      ['', /Enter the amount, for example 1,250\.50\./],
      ['twelve', /Write the amount in digits only/],
      ['-5', /The amount cannot be negative\./],
      ['0', /The amount must be more than zero\./],
      ['1,250.505', /SAR has at most 2 decimals\./],
    ];
    for (const [typed, message] of cases) {
      await client.get('/admin/payment-links');
      const answer = await client.post('/admin/payment-links', { amount: typed, currency: 'SAR' });
      assert.equal(answer.status, 422, typed);
      assert.match(answer.body, new RegExp(`id="f-amount-error">${message.source}`), typed);
      assert.match(answer.body, new RegExp(`data-field="amount">Amount: ${message.source}`), typed);
    }
    assert.equal((await h.store.repos.paymentLinks.list()).items.length, before);
  });

  test("the customer's country is chosen from a list and stored; a made-up one is refused, nothing saved", async () => {
    const form = await client.get('/admin/payment-links');
    assert.match(form.body, /<select id="f-customer_country" name="customer_country"/);
    assert.match(form.body, /<option value="SA"\s*>Saudi Arabia<\/option>/);
    const created = await client.post('/admin/payment-links', {
      amount: '75',
      currency: 'SAR',
      customer_country: 'SA',
    });
    assert.equal(created.status, 303);
    const id = new URL(created.location!, 'http://x').searchParams.get('created')!;
    assert.equal((await h.store.repos.paymentLinks.findById(id))?.customerCountry, 'SA');

    const before = (await h.store.repos.paymentLinks.list()).items.length;
    await client.get('/admin/payment-links');
    const refused = await client.post('/admin/payment-links', {
      amount: '75',
      currency: 'SAR',
      customer_country: 'XX',
    });
    assert.equal(refused.status, 422);
    assert.match(refused.body, /id="f-customer_country-error">Choose a country from the list\./);
    assert.match(
      refused.body,
      /data-field="customer_country">Customer country \(optional\): Choose a country/,
    );
    assert.equal((await h.store.repos.paymentLinks.list()).items.length, before);
  });

  test('the Arabic page says the problems in Arabic', async () => {
    const arabic = h.client();
    await arabic.signIn('ops@example.com', 'correct horse battery staple');
    await arabic.get('/admin/payment-links?lang=ar');
    const answer = await arabic.post('/admin/payment-links', {
      amount: '1.250',
      currency: 'SAR',
      expires_at: 'soon',
    });
    assert.equal(answer.status, 422);
    assert.match(answer.body, /dir="rtl"/);
    assert.match(answer.body, /لم يُحفظ شيء\. يرجى تصحيح ما يلي:/);
    assert.match(answer.body, /id="f-amount-error">قد يعني المبلغ 1250 أو 1\.25: اكتب أحدهما بلا لبس\./);
    assert.match(answer.body, /id="f-expires_at-error">اكتب تاريخًا ووقتًا صحيحين\./);
    assert.match(answer.body, /ينتهي في، بتوقيت UTC \(اختياري\)/);
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

describe('payment link currencies and expiry in the merchant time zone', () => {
  let h: AdminHarness;
  let client: AdminClient;

  before(async () => {
    h = await startAdmin({ publicUrl: 'https://pay.example.com' });
    await h.addUser('ops@example.com', 'operator');
    client = h.client();
    await client.signIn('ops@example.com', 'correct horse battery staple');
    await h.store.repos.providers.insert({
      code: 'aps',
      name: 'APS Gulf',
      state: 'test',
      isPublished: true,
      paymentMethods: ['card'],
      currencies: ['SAR', 'AED'],
    });
    await h.store.repos.providers.insert({
      code: 'aps',
      name: 'APS off',
      state: 'disabled',
      isPublished: false,
      paymentMethods: ['card'],
      currencies: ['USD'],
    });
  });
  after(() => h.close());

  const setZone = (timeZone: string) =>
    saveMerchantSettings(h.ctx.services, { timeZone, name: 'Layla Shop', accentColor: '' });

  const create = async (form: Record<string, string>) => {
    await client.get('/admin/payment-links');
    return client.post('/admin/payment-links', { amount: '10', currency: 'SAR', ...form });
  };

  const expiryOf = async (answer: { status: number; location: string | undefined }) => {
    assert.equal(answer.status, 303);
    const id = new URL(answer.location!, 'http://x').searchParams.get('created')!;
    return (await h.store.repos.paymentLinks.findById(id))?.expiresAt;
  };

  test('the currency is chosen from what providers in Test or Enabled state accept', async () => {
    const page = await client.get('/admin/payment-links');
    assert.match(page.body, /<select id="f-currency" name="currency"/);
    const offered = [...page.body.matchAll(/<option value="([A-Z]{3})"/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['SAR', 'AED']);
  });

  test('a currency no provider accepts is refused next to the field, nothing saved', async () => {
    const before = (await h.store.repos.paymentLinks.list()).items.length;
    const answer = await create({ currency: 'USD' });
    assert.equal(answer.status, 422);
    assert.match(
      answer.body,
      /id="f-currency-error">Choose one of the currencies your payment providers accept\./,
    );
    assert.match(answer.body, /data-field="currency">Currency: Choose one of the currencies/);
    assert.equal((await h.store.repos.paymentLinks.list()).items.length, before);
  });

  test('expiry is typed in the merchant time zone, daylight saving included, and stored in UTC', async () => {
    await setZone('Europe/London');
    const page = await client.get('/admin/payment-links');
    assert.match(page.body, /Expires at, Europe\/London time \(optional\)/);
    assert.equal(
      await expiryOf(await create({ expires_at: '2026-07-01T12:00' })),
      '2026-07-01T11:00:00.000Z',
    );
    assert.equal(
      await expiryOf(await create({ expires_at: '2026-12-01T12:00' })),
      '2026-12-01T12:00:00.000Z',
    );
    const gap = await create({ expires_at: '2026-03-29T01:30' });
    assert.equal(gap.status, 422);
    assert.match(gap.body, /id="f-expires_at-error">This time does not exist in Europe\/London/);
    await setZone('Asia/Riyadh');
    assert.equal(
      await expiryOf(await create({ expires_at: '2026-07-01T12:00' })),
      '2026-07-01T09:00:00.000Z',
    );
  });

  test('the list shows times in the merchant time zone', async () => {
    await setZone('Asia/Riyadh');
    await h.store.repos.paymentLinks.insert({
      amount: 100,
      currency: 'SAR',
      orderReference: 'ZONE-CHECK',
      expiresAt: '2026-08-01T21:30:00.000Z',
    });
    const page = await client.get('/admin/payment-links');
    assert.match(page.body, /<time datetime="2026-08-01T21:30:00\.000Z">2 Aug 2026, 00:30 GMT\+3<\/time>/);
  });
});
