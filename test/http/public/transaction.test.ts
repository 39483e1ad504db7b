import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/clock.js';
import { newProviderConfig } from '../../../src/domain/provider.js';
import {
  FORM_TOKEN_TTL_SECONDS,
  paymentPayUrl,
  type PaymentPayParams,
} from '../../../src/http/public/index.js';
import { verifySignature } from '../../../src/providers/aps/signature.js';
import { toProviderPatch } from '../../../src/services/provider-accounts.js';
import { TEST_CREDENTIALS } from '../../support/payport.js';
import {
  BACK_OFFICE_PREFIX,
  hiddenValue,
  inputsOf,
  methodChoices,
  redirectFormOf,
  startPublicApp,
  submitCheckout,
  type PublicTestApp,
} from './helpers.js';

let t: PublicTestApp;

async function openPage(params: Partial<PaymentPayParams> = {}, prefix = ''): Promise<string> {
  const url = paymentPayUrl(t.services, {
    amount: '12.50',
    currency: 'SAR',
    reference: 'INV/2026/0042',
    ...params,
  });
  const res = await t.app.inject({ method: 'GET', url: prefix + url.slice(t.services.publicUrl.length) });
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
}

const S6_FIELDS = [
  'access_code',
  'amount',
  'command',
  'currency',
  'customer_email',
  'language',
  'merchant_identifier',
  'merchant_reference',
  'return_url',
  'signature',
];

before(async () => {
  t = await startPublicApp({ clock: new ManualClock('2026-03-01T10:00:00.000Z') });
});
after(() => t.close());

describe('POST /payment/transaction', () => {
  test('answers a page whose form posts exactly the signed S6 fields to the provider', async () => {
    const page = await openPage({ email: 'buyer@example.com' });
    const res = await submitCheckout(t.app, page);
    assert.equal(res.statusCode, 200, res.body);
    const form = redirectFormOf(res.body);
    assert.equal(form.action, 'https://sbcheckout.payfort.com/FortAPI/paymentPage');
    assert.match(res.body, /<form method="post" action="[^"]+" data-autosubmit>/);
    assert.deepEqual(Object.keys(form.fields).sort(), S6_FIELDS);
    assert.equal(form.fields.command, 'PURCHASE');
    assert.equal(form.fields.amount, '1250');
    assert.equal(form.fields.currency, 'SAR');
    assert.equal(form.fields.language, 'en');
    assert.equal(form.fields.customer_email, 'buyer@example.com');
    assert.equal(form.fields.merchant_identifier, TEST_CREDENTIALS.merchantIdentifier);
    assert.equal(form.fields.return_url, 'https://shop.example.com/payment/aps/return');
    assert.ok(
      verifySignature(form.fields, TEST_CREDENTIALS.shaRequestPhrase, 'sha256').valid,
      'signed with the request phrase',
    );
    assert.ok(!verifySignature(form.fields, TEST_CREDENTIALS.shaResponsePhrase, 'sha256').valid);
  });

  test('lets the provider origin receive the form and runs no inline script', async () => {
    const res = await submitCheckout(t.app, await openPage({ email: 'buyer@example.com' }));
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /form-action 'self' https:\/\/sbcheckout\.payfort\.com(;|$)/);
    assert.match(csp, /script-src 'self'/);
    const scripts = [...res.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.deepEqual(
      scripts.map((s) => [s[1]?.trim(), s[2]]),
      [['src="/assets/autosubmit.js" defer', '']],
    );
    assert.doesNotMatch(res.body, /\son[a-z]+=/i, 'no inline event handlers');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(
      res.body,
      /<noscript><button type="submit" class="wide">Continue to the payment page<\/button><\/noscript>/,
    );
  });

  test('stores a draft transaction with an APS-safe reference and the customer snapshot', async () => {
    const page = await openPage({
      name: 'Jane Buyer',
      landingUrl: 'https://shop.example/thanks',
      lang: 'ar',
    });
    const res = await submitCheckout(t.app, page, { email: 'jane@example.com' });
    const { fields } = redirectFormOf(res.body);
    assert.equal(fields.language, 'ar');
    assert.match(res.body, /<html lang="ar" dir="rtl">/);
    const tx = await t.services.store.repos.transactions.findByReference(fields.merchant_reference as string);
    assert.ok(tx);
    assert.match(tx.reference, /^[A-Za-z0-9_-]{1,40}$/);
    assert.equal(tx.state, 'draft');
    assert.equal(tx.orderReference, 'INV/2026/0042');
    assert.equal(tx.amount, 1250);
    assert.equal(tx.customerEmail, 'jane@example.com');
    assert.equal(tx.customerName, 'Jane Buyer');
    assert.equal(tx.customerLang, 'ar');
    assert.equal(tx.landingUrl, 'https://shop.example/thanks');
    assert.equal(tx.paymentLinkId, null);
    assert.equal(tx.isLive, false);
  });

  test('sends the local method as payment_option', async () => {
    const page = await openPage({ email: 'buyer@example.com' });
    const mada = methodChoices(page).find((value) => value.endsWith(':mada'));
    const res = await submitCheckout(t.app, page, { payment_method: mada as string });
    const { fields } = redirectFormOf(res.body);
    assert.equal(fields.payment_option, 'MADA');
    assert.deepEqual(Object.keys(fields).sort(), [...S6_FIELDS, 'payment_option'].sort());
    assert.ok(verifySignature(fields, TEST_CREDENTIALS.shaRequestPhrase, 'sha256').valid);
  });

  test('keeps the email of the link even when the form sends another one', async () => {
    const page = await openPage({ email: 'owner@example.com' });
    const res = await submitCheckout(t.app, page, { email: 'someone-else@example.com' });
    assert.equal(redirectFormOf(res.body).fields.customer_email, 'owner@example.com');
  });

  test('records the payment link on the transaction without marking the link paid', async () => {
    const link = await t.services.store.repos.paymentLinks.insert({
      amount: 9900,
      currency: 'SAR',
      customerEmail: 'l@example.com',
    });
    const page = (await t.app.inject({ method: 'GET', url: `/pay/${link.id}` })).body;
    const res = await submitCheckout(t.app, page);
    assert.equal(res.statusCode, 200, res.body);
    const tx = await t.services.store.repos.transactions.findByReference(
      redirectFormOf(res.body).fields.merchant_reference as string,
    );
    assert.equal(tx?.paymentLinkId, link.id);
    assert.equal(tx?.amount, 9900);
    assert.equal((await t.services.store.repos.paymentLinks.findById(link.id))?.paidTransactionId, null);
  });

  test('refuses a link that was paid while the page was open', async () => {
    const link = await t.services.store.repos.paymentLinks.insert({
      amount: 9900,
      currency: 'SAR',
      customerEmail: 'l@example.com',
    });
    const page = (await t.app.inject({ method: 'GET', url: `/pay/${link.id}` })).body;
    await t.services.store.repos.paymentLinks.markPaid(link.id, 'paid-elsewhere');
    const res = await submitCheckout(t.app, page);
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /already been paid/);
  });
});

describe('POST /payment/transaction with a bad form token', () => {
  test('answers 400 when the signed form token was altered', async () => {
    const page = await openPage({ email: 'buyer@example.com' });
    const token = hiddenValue(page, 'form_token');
    const [body = '', mac = ''] = token.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { p: { amount: number } };
    payload.p.amount = 1;
    const forged = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
    const res = await submitCheckout(t.app, page, { form_token: forged });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /This form is not valid/);
    assert.match(res.body, /Nothing was charged/);
    assert.doesNotMatch(res.body, /data-autosubmit/);
  });

  test('answers 400 with a way back once the form token has expired', async () => {
    const page = await openPage({ email: 'buyer@example.com' });
    t.clock.advance(FORM_TOKEN_TTL_SECONDS * 1000 + 1);
    const res = await submitCheckout(t.app, page);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /This page has expired/);
    const back = /<a class="button secondary" href="([^"]+)">Back to the payment page<\/a>/.exec(
      res.body,
    )?.[1];
    assert.ok(back, 'a way back to the payment page');
    assert.ok(back.startsWith('/payment/pay?amount=12.50'));
    const reopened = await t.app.inject({ method: 'GET', url: back.replace(/&amp;/g, '&') });
    assert.equal(reopened.statusCode, 200);
  });

  test('answers 400 in Arabic when the form is missing its token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/payment/transaction',
      payload: 'lang=ar&payment_method=x%3Acard&page=%2F%2Fevil.example',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /هذا النموذج غير صالح/);
    assert.doesNotMatch(res.body, /evil\.example/, 'the way back never leaves payport');
  });
});

describe('POST /payment/transaction with fixable mistakes', () => {
  test('shows the payment page again with the error next to an invalid email', async () => {
    const page = await openPage();
    const res = await submitCheckout(t.app, page, { email: 'not-an-email' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<p class="error-text" id="email-error">Enter a valid email address/);
    const email = inputsOf(res.body).find((i) => i.name === 'email');
    assert.equal(email?.value, 'not-an-email');
    assert.equal(email?.['aria-invalid'], 'true');
    assert.match(email?.['aria-describedby'] ?? '', /email-error/);
    assert.match(res.body, /role="alert"/);
    assert.ok(hiddenValue(res.body, 'form_token'), 'a fresh form token lets the customer try again');
  });

  test('asks for a method when none was chosen', async () => {
    const page = await openPage({ email: 'buyer@example.com' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/payment/transaction',
      payload: new URLSearchParams({ form_token: hiddenValue(page, 'form_token') }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<p class="error-text" id="payment_method-error">Choose a payment method\.<\/p>/);
  });

  test('refuses a method that does not fit the payment (KNET for riyals)', async () => {
    const page = await openPage({ email: 'buyer@example.com' });
    const card = methodChoices(page).find((value) => value.endsWith(':card')) as string;
    const res = await submitCheckout(t.app, page, { payment_method: card.replace(/:card$/, ':knet') });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /This payment method is no longer available/);
  });

  test('refuses a method whose provider was unpublished after the page was shown', async () => {
    const other = await startPublicApp();
    try {
      const url = paymentPayUrl(other.services, { amount: '5', currency: 'SAR', email: 'b@example.com' });
      const page = (
        await other.app.inject({ method: 'GET', url: url.slice(other.services.publicUrl.length) })
      ).body;
      const provider = other.provider;
      assert.ok(provider);
      const hidden = newProviderConfig({ ...provider, isPublished: false });
      await other.services.store.repos.providers.update(
        provider.id,
        toProviderPatch(hidden, other.services.secretBox),
      );
      const res = await submitCheckout(other.app, page);
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /No payment method available/);
      const asBackOffice = await submitCheckout(
        other.app,
        page,
        {},
        `${BACK_OFFICE_PREFIX}/payment/transaction`,
      );
      assert.equal(asBackOffice.statusCode, 200, 'a back-office user may still pay with it');
      assert.match(asBackOffice.body, /data-autosubmit/);
    } finally {
      await other.close();
    }
  });

  test('asks for another email when the provider would refuse the one given, storing nothing', async () => {
    const page = await openPage({ reference: 'EMAIL-CHECK' });
    const res = await submitCheckout(t.app, page, { email: "o'brien@example.com" });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="email-error"/);
    const stored = await t.services.store.repos.transactions.totals({ search: 'EMAIL-CHECK' });
    assert.deepEqual(stored, []);
  });
});
