import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newProviderConfig } from '../../../src/domain/provider.js';
import { statusPath, statusToken } from '../../../src/services/checkout.js';
import { toProviderPatch } from '../../../src/services/provider-accounts.js';
import type { NewTransaction, TransactionRecord } from '../../../src/store/repositories/index.js';
import type { TransactionState } from '../../../src/store/schema.js';
import { startPublicApp, type PublicTestApp } from './helpers.js';

let t: PublicTestApp;
let counter = 0;

async function payment(
  state: TransactionState,
  overrides: Partial<NewTransaction> = {},
): Promise<TransactionRecord> {
  counter += 1;
  const provider = t.provider;
  assert.ok(provider);
  return t.services.store.repos.transactions.insert({
    reference: `ST-${counter}-${Date.now()}`,
    orderReference: 'SO-1001',
    providerId: provider.id,
    paymentMethod: 'card',
    amount: 12500,
    currency: 'KWD',
    state,
    isLive: false,
    customerEmail: 'buyer@example.com',
    customerLang: 'en',
    ...overrides,
  });
}

function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

before(async () => {
  t = await startPublicApp({
    seed: {
      messages: {
        ...newProviderConfig({ id: 'x' }).messages,
        done: { en: 'Paid in full — see you soon!', ar: 'تم الدفع بالكامل!' },
        pending: { en: 'Your bank is still deciding.', ar: '' },
      },
    },
  });
});
after(() => t.close());

describe('GET /payment/status', () => {
  test('answers the not-found page for a wrong or missing token', async () => {
    const tx = await payment('done');
    const other = await payment('done');
    const urls = [
      `/payment/status?ref=${tx.reference}&token=${statusToken(t.services, other.reference)}`,
      `/payment/status?ref=${tx.reference}`,
      '/payment/status',
    ];
    for (const url of urls) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Payment not found/);
      assert.doesNotMatch(res.body, /12\.500/);
    }
  });

  test('polls while the payment is open, with a Refresh link for browsers without JavaScript', async () => {
    const tx = await payment('pending');
    const path = statusPath(t.services, tx.reference);
    const res = await get(path);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    const pollUrl = /data-poll-url="([^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&');
    assert.equal(
      pollUrl,
      `/payment/status/poll?ref=${tx.reference}&token=${statusToken(t.services, tx.reference)}`,
    );
    assert.match(res.body, /data-state="pending"/);
    assert.match(res.body, /<script src="\/assets\/status\.js" defer><\/script>/);
    assert.match(res.body, />Refresh<\/a>/);
    assert.match(res.body, /Your bank is still deciding\./);
    assert.match(res.body, /KWD\u00a012\.500/);
    assert.match(res.body, /SO-1001/);
  });

  test('says a draft payment has not been processed yet', async () => {
    const tx = await payment('draft');
    const res = await get(statusPath(t.services, tx.reference));
    assert.match(res.body, /Your payment has not been processed yet\./);
    assert.match(res.body, /data-state="draft"/);
  });

  test('confirms a done payment with the provider message and a way back to the merchant', async () => {
    const tx = await payment('done', {
      landingUrl: 'https://shop.example/orders/1001?x=1&y=2',
      cardBrand: 'visa',
      cardLast4: '1111',
    });
    const res = await get(statusPath(t.services, tx.reference));
    assert.match(res.body, /<h1 class="state done">Thank you!<\/h1>/);
    assert.match(res.body, /Paid in full — see you soon!/);
    assert.match(
      res.body,
      /href="https:\/\/shop\.example\/orders\/1001\?x=1&amp;y=2"[^>]*>Return to the merchant</,
    );
    assert.match(res.body, /Visa •••• 1111/);
    assert.doesNotMatch(res.body, /data-poll-url/);
    assert.doesNotMatch(res.body, /<script/);
  });

  test('is itself the confirmation when there is no landing URL', async () => {
    const tx = await payment('done');
    const res = await get(statusPath(t.services, tx.reference));
    assert.match(res.body, /Thank you!/);
    assert.doesNotMatch(res.body, /Return to the merchant/);
  });

  test('explains a failed or cancelled payment in its own words, never with the provider text', async () => {
    const failed = await payment('draft');
    await t.services.store.repos.transactions.updateState(failed.id, {
      state: 'error',
      message: 'Invalid parameter format <b>',
    });
    const res = await get(statusPath(t.services, failed.reference));
    assert.match(res.body, /<h1[^>]*>The payment did not go through<\/h1>/);
    assert.match(res.body, /No money was taken from your account\./);
    assert.doesNotMatch(res.body, /Invalid parameter format/);
    assert.doesNotMatch(res.body, /Try again/, 'a payment not started from a payment page has no Try again');
    const cancelled = await payment('cancel');
    assert.match((await get(statusPath(t.services, cancelled.reference))).body, /No money was taken/);
  });

  test('speaks the customer language of the payment, with the provider English text as fallback', async () => {
    const tx = await payment('pending', { customerLang: 'ar' });
    const res = await get(statusPath(t.services, tx.reference));
    assert.match(res.body, /<html lang="ar" dir="rtl">/);
    assert.match(res.body, /يرجى الانتظار…/);
    assert.match(res.body, /Your bank is still deciding\./, 'no Arabic text was set for pending');
    const done = await payment('done', { customerLang: 'ar' });
    assert.match((await get(statusPath(t.services, done.reference))).body, /تم الدفع بالكامل!/);
    assert.match((await get(`${statusPath(t.services, done.reference)}&lang=en`)).body, /Paid in full/);
  });

  test('escapes the order reference', async () => {
    const tx = await payment('done', { orderReference: '<img src=x onerror=alert(1)>' });
    const res = await get(statusPath(t.services, tx.reference));
    assert.doesNotMatch(res.body, /<img src=x/);
    assert.match(res.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  test('uses the default messages of a provider that has none of its own', async () => {
    const other = await t.services.store.repos.providers.insert({ code: 'aps', name: 'Temporary' });
    const config = newProviderConfig({ id: other.id, state: 'test' });
    await t.services.store.repos.providers.update(other.id, toProviderPatch(config, t.services.secretBox));
    const tx = await payment('done', { providerId: other.id });
    const res = await get(statusPath(t.services, tx.reference));
    assert.match(res.body, /Your payment has been processed\. Thank you!/);
  });
});

describe('GET /payment/status/poll', () => {
  test('answers the reference, state, state message and landing URL as JSON, never cached', async () => {
    const tx = await payment('pending', { landingUrl: 'https://shop.example/back' });
    await t.services.store.repos.transactions.updateState(tx.id, { state: 'done', message: 'Success' });
    const res = await get(
      `/payment/status/poll?ref=${tx.reference}&token=${statusToken(t.services, tx.reference)}`,
    );
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.headers['content-type'] as string, /application\/json/);
    assert.deepEqual(res.json(), {
      reference: tx.reference,
      state: 'done',
      state_message: 'Success',
      landing_url: 'https://shop.example/back',
    });
  });

  test('never hands a non-http landing URL to the browser', async () => {
    const tx = await payment('done', { landingUrl: 'javascript:alert(document.cookie)' });
    const poll = await get(
      `/payment/status/poll?ref=${tx.reference}&token=${statusToken(t.services, tx.reference)}`,
    );
    assert.equal((poll.json() as { landing_url: unknown }).landing_url, null);
    const page = await get(statusPath(t.services, tx.reference));
    assert.doesNotMatch(page.body, /javascript:/);
    assert.match(page.body, /Thank you!/);
  });

  test('answers 404 JSON for a wrong token', async () => {
    const tx = await payment('pending');
    const res = await get(`/payment/status/poll?ref=${tx.reference}&token=nope`);
    assert.equal(res.statusCode, 404);
    assert.equal((res.json() as { error: string }).error, 'not_found');
  });
});
