/**
 * Script injection through every field payport displays (S10, S11, S14): customer name, order
 * reference, email and link description (from signed links, the API and payment links), APS'
 * response_message (signed declines and unsigned refusals) and the provider's own messages. Each is
 * shown as escaped text — on the customer pages and in the back office — never as markup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentPayUrl } from '../../src/http/public/index.js';
import { statusPath } from '../../src/services/checkout.js';
import { toProviderPatch } from '../../src/services/provider-accounts.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { assertNoInjectedMarkup, assertShownAsText, XSS_PAYLOADS } from './corpus.js';
import { startSecurityApp, type SecurityApp } from './harness.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const SCRIPT = '<script>alert("xss")</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const EMAIL = `"><svg/onload=alert(1)>@evil.example`;

describe('script injection in displayed fields is shown as text', () => {
  let s: SecurityApp;

  before(async () => {
    s = await startSecurityApp();
  });
  after(() => s.close());

  const get = async (url: string) => {
    const res = await s.inject({ method: 'GET', url });
    assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
    return res.body;
  };
  const adminPages = async (reference: string) => [
    (await s.admin.get('/admin/transactions')).raw,
    (await s.admin.get(`/admin/transactions?q=${encodeURIComponent(reference.slice(0, 8))}`)).raw,
    (await s.admin.get(`/admin/transactions/${encodeURIComponent(reference)}`)).raw,
    (await s.admin.get('/admin/notifications')).raw,
    (await s.admin.get('/admin/payment-links')).raw,
  ];

  test('a signed payment link carrying markup in name and order reference shows them as text', async () => {
    for (const payload of XSS_PAYLOADS) {
      const url = new URL(
        paymentPayUrl(s.services, {
          amount: '10.00',
          currency: 'SAR',
          reference: payload.slice(0, 100),
          name: payload,
          email: 'buyer@example.com',
        }),
      );
      const page = await get(`${url.pathname}${url.search}`);
      assertNoInjectedMarkup(page, payload);
      assertShownAsText(page, payload.slice(0, 100), 'order reference');
    }
  });

  test('markup in an email address never reaches a page: APS refuses such addresses, so payport does too', () => {
    assert.throws(
      () => paymentPayUrl(s.services, { amount: '10.00', currency: 'SAR', email: EMAIL }),
      /email is not a valid email address/,
    );
  });

  test('a transaction created through the API with markup in every customer field is escaped on the status page and in the back office', async () => {
    const res = await s.inject({
      method: 'POST',
      url: '/api/v1/transactions',
      apiKey: s.apiKey,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        amount: '10.00',
        currency: 'SAR',
        payment_method: 'card',
        order_reference: SCRIPT,
        customer: { email: 'buyer@example.com', name: IMG, lang: 'en' },
        metadata: { note: SCRIPT },
      }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const reference = (res.json() as { reference: string }).reference;
    const status = await get(statusPath(s.services, reference));
    assertShownAsText(status, SCRIPT, 'status page order reference');
    for (const page of await adminPages(reference)) assertNoInjectedMarkup(page, 'back office');
    const detail = (await s.admin.get(`/admin/transactions/${encodeURIComponent(reference)}`)).raw;
    assertShownAsText(detail, SCRIPT, 'detail order reference');
    assertShownAsText(detail, IMG, 'detail customer name');
  });

  test('a payment link with markup in its description, reference and customer is escaped on its page and in the list', async () => {
    const res = await s.inject({
      method: 'POST',
      url: '/api/v1/payment-links',
      apiKey: s.apiKey,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        amount: '10.00',
        currency: 'SAR',
        order_reference: IMG,
        description: SCRIPT,
        customer: { email: 'buyer@example.com', name: SCRIPT },
      }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const { url } = res.json() as { url: string };
    const page = await get(new URL(url).pathname);
    assertNoInjectedMarkup(page, 'link page');
    assertShownAsText(page, SCRIPT, 'link page description');
    const list = (await s.admin.get('/admin/payment-links')).raw;
    assertNoInjectedMarkup(list, 'link list');
    assertShownAsText(list, IMG, 'link list order reference');
  });

  test("APS' response_message of a signed decline stays off the status page and is escaped on the timeline and the notification log", async () => {
    const res = await s.inject({
      method: 'POST',
      url: '/api/v1/transactions',
      apiKey: s.apiKey,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        amount: '10.00',
        currency: 'SAR',
        payment_method: 'card',
        customer: { email: 'buyer@example.com' },
      }),
    });
    const reference = (res.json() as { reference: string }).reference;
    const tx = (await s.services.store.repos.transactions.findByReference(reference))!;
    const decline = signed(
      apsResponse(tx, { status: '13', response_code: '13666', response_message: SCRIPT }),
    );
    const hook = await s.inject({
      method: 'POST',
      url: '/payment/aps/webhook',
      payload: formBody(decline),
      headers: FORM,
    });
    assert.equal(hook.statusCode, 200);
    assert.equal((await s.services.store.repos.transactions.findById(tx.id))!.state, 'error');
    // The customer reads the decline in payport's words; APS' text is for the back office only.
    const status = await get(statusPath(s.services, reference));
    assertNoInjectedMarkup(status, 'status page');
    assert.match(status, /Your bank declined the payment/);
    for (const page of await adminPages(reference)) assertNoInjectedMarkup(page, 'back office');
  });

  test("APS' response_message of an unsigned refusal (status 00) is escaped on the return page", async () => {
    for (const payload of XSS_PAYLOADS) {
      const refusal = {
        ...apsResponse(s.draft, { status: '00', response_code: '00008' }),
        response_message: payload,
      };
      delete (refusal as Record<string, string>).fort_id;
      const page = await s.inject({
        method: 'POST',
        url: '/payment/aps/return',
        payload: formBody(refusal),
        headers: { ...FORM, accept: 'text/html' },
      });
      assert.equal(page.statusCode, 400);
      assertShownAsText(page.body, payload, 'return page');
    }
  });

  test("the provider's own messages are escaped on the status page", async () => {
    const messages = structuredClone(s.provider.messages);
    messages.pre = { en: SCRIPT, ar: IMG };
    messages.pending = { en: SCRIPT, ar: IMG };
    messages.done = { en: SCRIPT, ar: IMG };
    messages.cancel = { en: SCRIPT, ar: IMG };
    messages.authorized = { en: SCRIPT, ar: IMG };
    await s.services.store.repos.providers.update(
      s.provider.id,
      toProviderPatch({ ...s.provider, messages }, s.services.secretBox),
    );
    const paid = signed(apsResponse(s.draft));
    await s.inject({ method: 'POST', url: '/payment/aps/webhook', payload: formBody(paid), headers: FORM });
    assert.equal((await s.services.store.repos.transactions.findById(s.draft.id))!.state, 'done');
    const page = await get(statusPath(s.services, s.draft.reference));
    assertShownAsText(page, SCRIPT, 'status page (en)');
    const arabic = await get(`${statusPath(s.services, s.draft.reference)}&lang=ar`);
    assertShownAsText(arabic, IMG, 'status page (ar)');
    assertNoInjectedMarkup((await s.admin.get(`/admin/providers/${s.provider.id}`)).raw, 'provider form');
  });

  test('markup typed into the sign-in form comes back escaped', async () => {
    const visitor = s.client();
    await visitor.get('/admin/login');
    const res = await visitor.post('/admin/login', { email: IMG, password: SCRIPT, next: SCRIPT });
    assert.ok(res.status === 401 || res.status === 429, String(res.status));
    assertShownAsText(res.raw, IMG, 'sign-in email');
    assert.ok(!res.raw.includes(SCRIPT));
  });
});
