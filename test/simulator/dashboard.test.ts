import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { eventually, pageRequest, pay, postForm, setup, startReceiver, type Receiver } from './helpers.js';

describe('dashboard', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    ctx = await setup({ pageTitle: 'Books & <Co>', directFeedbackUrl: receiver.url });
  });
  afterEach(async () => {
    await ctx.sim.close();
    await receiver.close();
  });

  const accountUrl = '/dashboard/accounts/TestMerchant';

  test('lists the endpoints and the merchant accounts, without any script', async () => {
    const page = await ctx.app.inject({ url: '/dashboard' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /\/FortAPI\/paymentPage/);
    assert.match(page.body, /href="\/dashboard\/accounts\/TestMerchant"/);
    assert.doesNotMatch(page.body, /<script/);
    assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  });

  test("shows the seed's settings screens with the credentials, escaping every value", async () => {
    const page = await ctx.app.inject({ url: accountUrl });
    for (const heading of [
      'Security Settings',
      'Technical Settings ‣ Redirection',
      'Payment Page Template',
      'Feedback delivery log',
    ]) {
      assert.ok(page.body.includes(heading), heading);
    }
    assert.ok(page.body.includes('value="AccessCode1234567890"'));
    assert.ok(page.body.includes('value="reqPhrase123"'));
    assert.match(page.body, /<option value="sha1"\s*>\s*SHA-128\s*<\/option>/);
    assert.ok(page.body.includes('value="Books &amp; &lt;Co&gt;"'));
    assert.ok(!page.body.includes('<Co>'));
  });

  test('warns that URLs with http, a port or an IP address work here but not with the live APS', async () => {
    const page = await ctx.app.inject({ url: accountUrl });
    assert.match(page.body, /id="live-url-warning"/);
    assert.match(
      page.body,
      /Direct Transaction Feedback URL <code>http:\/\/127\.0\.0\.1:\d+[^<]*<\/code> is not https, carries a port/,
    );
    assert.match(page.body, /PUBLIC_URL/);
    const fixed = await ctx.app.inject({
      method: 'PUT',
      url: '/_sim/accounts/TestMerchant',
      payload: { directFeedbackUrl: 'https://shop.example.com/payment/aps/webhook' },
    });
    assert.equal(fixed.statusCode, 200);
    assert.doesNotMatch((await ctx.app.inject({ url: accountUrl })).body, /id="live-url-warning"/);
  });

  test('saves Security Settings from a plain form post and redirects back', async () => {
    const saved = await postForm(ctx.app, `${accountUrl}/security`, {
      shaRequestPhrase: 'newRequest',
      shaResponsePhrase: 'newResponse',
      shaType: 'hmac512',
      originUrl: 'https://shop.example/',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${accountUrl}?saved=security`);
    const account = ctx.sim.state.accounts.get('TestMerchant');
    assert.equal(account?.shaType, 'hmac512');
    assert.equal(account?.shaRequestPhrase, 'newRequest');
    assert.match((await ctx.app.inject({ url: saved.headers.location })).body, /Security Settings saved/);
  });

  test('generates a new access code', async () => {
    const response = await postForm(ctx.app, `${accountUrl}/access-code`, {});
    assert.equal(response.statusCode, 303);
    const code = ctx.sim.state.accounts.get('TestMerchant')?.accessCode;
    assert.notEqual(code, 'AccessCode1234567890');
    assert.match(code ?? '', /^[A-Za-z0-9]{20}$/);
  });

  test('saves the Redirection settings, including ticked payment options and "none ticked"', async () => {
    const body = new URLSearchParams([
      ['redirectionStatus', 'inactive'],
      ['paymentOptions', 'VISA'],
      ['paymentOptions', 'MADA'],
      ['sendResponseParameters', 'no'],
      ['redirectionUrl', 'https://shop.example/payment/aps/return'],
      ['directFeedbackUrl', 'https://shop.example/payment/aps/webhook'],
      ['notificationUrl', 'https://shop.example/payment/aps/webhook'],
      ['feedbackFormat', 'json'],
    ]).toString();
    const response = await ctx.app.inject({
      method: 'POST',
      url: `${accountUrl}/redirection`,
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.statusCode, 303);
    const account = ctx.sim.state.accounts.get('TestMerchant');
    assert.deepEqual(account?.paymentOptions, ['VISA', 'MADA']);
    assert.equal(account?.redirectionStatus, 'inactive');
    assert.equal(account?.sendResponseParameters, false);
    assert.equal(account?.feedbackFormat, 'json');
    await postForm(ctx.app, `${accountUrl}/redirection`, { redirectionStatus: 'active' });
    assert.deepEqual(ctx.sim.state.accounts.get('TestMerchant')?.paymentOptions, []);
  });

  test('re-shows the page with the errors, saving nothing, when a value is invalid', async () => {
    const response = await postForm(ctx.app, `${accountUrl}/template`, {
      pageTitle: 'Shop',
      logoUrl: 'javascript:alert(1)',
      primaryColour: '#123456',
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Nothing was saved/);
    assert.match(response.body, /<code>logoUrl<\/code>/);
    assert.equal(ctx.sim.state.accounts.get('TestMerchant')?.primaryColour, '#232f3e');
  });

  test('refuses form posts from another site', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: `${accountUrl}/access-code`,
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(response.statusCode, 403);
    assert.equal(ctx.sim.state.accounts.get('TestMerchant')?.accessCode, 'AccessCode1234567890');
  });

  test('creates another merchant account with random credentials', async () => {
    const response = await postForm(ctx.app, '/dashboard/accounts', {});
    assert.equal(response.statusCode, 303);
    const id = /\/dashboard\/accounts\/([A-Za-z]+)$/.exec(String(response.headers.location))?.[1];
    assert.ok(id && ctx.sim.state.accounts.has(id));
  });

  test('shows transactions, one order with its operations, and the delivery log', async () => {
    const request = pageRequest(ctx.account);
    await pay(ctx.app, request, {});
    await eventually(() => ctx.sim.state.deliveries[0]?.state === 'delivered', 'feedback delivered');
    const list = await ctx.app.inject({ url: '/dashboard/transactions' });
    assert.ok(list.body.includes(request.merchant_reference ?? ''));
    assert.match(list.body, /100\.00 SAR/);
    const detail = await ctx.app.inject({
      url: `/dashboard/transactions/TestMerchant/${request.merchant_reference}`,
    });
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, /Purchase Success: Success/);
    const log = await ctx.app.inject({ url: '/dashboard/deliveries' });
    assert.ok(log.body.includes(receiver.url));
    assert.match(log.body, /→ 200/);
  });

  test('sets fault injection from its form', async () => {
    const body = new URLSearchParams([
      ['feedbackDelayMs', '1500'],
      ['feedbackCopies', '2'],
      ['dropBrowserReturn', 'true'],
      ['corruptSignature', 'feedback'],
      ['corruptSignature', 'payment_api'],
      ['feedbackFormat', 'json'],
      ['paymentApiDelayMs', '0'],
      ['paymentApiFailStatus', ''],
    ]).toString();
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/dashboard/faults',
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.statusCode, 303);
    assert.deepEqual(ctx.sim.state.faults, {
      feedbackDelayMs: 1500,
      feedbackCopies: 2,
      feedbackBeforeReturn: false,
      dropBrowserReturn: true,
      corruptSignature: ['feedback', 'payment_api'],
      feedbackFormat: 'json',
      paymentApiDelayMs: 0,
      paymentApiFailStatus: null,
      paymentApiLoseAnswerStatus: null,
      holdNotifications: false,
    });
    assert.match((await ctx.app.inject({ url: '/dashboard/faults?saved=1' })).body, /Faults saved/);
  });

  test('answers 404 for an unknown account', async () => {
    assert.equal((await ctx.app.inject({ url: '/dashboard/accounts/Nobody' })).statusCode, 404);
  });
});
