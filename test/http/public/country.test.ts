import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paymentPayUrl, type PaymentPayParams } from '../../../src/http/public/index.js';
import { createApiTransaction } from '../../../src/services/api/api-transactions.js';
import { ValidationError } from '../../../src/errors.js';
import { createPaymentLink } from '../../../src/services/payment-links.js';
import {
  hiddenValue,
  inputsOf,
  offeredMethods,
  redirectFormOf,
  startPublicApp,
  submitCheckout,
  unescapeHtml,
  type PublicTestApp,
} from './helpers.js';

let t: PublicTestApp;

before(async () => {
  // One provider, for customers in Saudi Arabia only.
  t = await startPublicApp({ seed: { countries: ['SA'] } });
});
after(() => t.close());

function payPath(params: Partial<PaymentPayParams> = {}): string {
  const url = paymentPayUrl(t.services, { amount: '80.00', currency: 'SAR', reference: 'C-1', ...params });
  return url.slice(t.services.publicUrl.length);
}

function get(url: string) {
  return t.app.inject({ method: 'GET', url });
}

/** The URL the country question's GET form goes to when `country` is chosen. */
function answer(page: string, country: string): string {
  const action = /<form[^>]*method="get" action="([^"]*)"/.exec(page)?.[1];
  assert.ok(action, `no country form in:\n${page}`);
  const query = new URLSearchParams();
  for (const input of inputsOf(page))
    if (input.type === 'hidden' && input.name) query.append(input.name, input.value ?? '');
  query.set('country', country);
  return `${unescapeHtml(action)}?${query.toString()}`;
}

async function transactionCount(): Promise<number> {
  const totals = await t.services.store.repos.transactions.totals({});
  return totals.reduce((sum, total) => sum + total.count, 0);
}

async function payFrom(page: string, extra: Record<string, string> = {}) {
  const choice = inputsOf(page).find((i) => i.type === 'radio' && i.name === 'payment_method')?.value;
  assert.ok(choice, 'a method to choose');
  const form = {
    form_token: hiddenValue(page, 'form_token'),
    lang: hiddenValue(page, 'lang'),
    page: hiddenValue(page, 'page'),
    payment_method: choice,
    email: 'buyer@example.com',
    ...(inputsOf(page).some((i) => i.name === 'country') && { country: hiddenValue(page, 'country') }),
    ...extra,
  };
  return t.app.inject({
    method: 'POST',
    url: '/payment/transaction',
    payload: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

describe('the country of a payment (S21)', () => {
  test('a link without a country asks for it before offering any method', async () => {
    const res = await get(payPath());
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Where are you paying from\?/);
    assert.match(res.body, /<select\s+id="country"\s+name="country"/);
    assert.match(res.body, /<option value="SA" >Saudi Arabia<\/option>/);
    assert.deepEqual(offeredMethods(res.body), []);
    assert.doesNotMatch(res.body, /form_token/);
    // The signed parameters travel untouched in the GET form.
    assert.match(hiddenValue(res.body, 'access_token'), /^[A-Za-z0-9_-]{43}$/);
    assert.equal(hiddenValue(res.body, 'reference'), 'C-1');
  });

  test('asks in Arabic with the country names in Arabic', async () => {
    const res = await get(payPath({ lang: 'ar' }));
    assert.match(res.body, /<html lang="ar" dir="rtl"/);
    assert.match(res.body, /من أي دولة تدفع؟/);
    assert.match(res.body, /<option value="SA" >المملكة العربية السعودية<\/option>/);
  });

  test('choosing SA keeps the link valid, shows the methods, and the payment carries SA', async () => {
    const question = await get(payPath());
    const page = await get(answer(question.body, 'SA'));
    assert.equal(page.statusCode, 200, page.body);
    assert.deepEqual(offeredMethods(page.body), ['card', 'mada']);
    assert.match(page.body, /Saudi Arabia · <a href="[^"]*">Change country<\/a>/);
    assert.equal(hiddenValue(page.body, 'country'), 'SA');
    // The page's own path is the link as the merchant made it, without the customer's answer.
    assert.doesNotMatch(hiddenValue(page.body, 'page'), /country=/);
    const res = await payFrom(page.body);
    assert.equal(res.statusCode, 200, res.body);
    const reference = redirectFormOf(res.body).fields.merchant_reference as string;
    const tx = await t.services.store.repos.transactions.findByReference(reference);
    assert.equal(tx?.customerCountry, 'SA');
  });

  test('choosing a country where nothing is offered says so, with a way to change it', async () => {
    const question = await get(payPath());
    const res = await get(answer(question.body, 'AE'));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No payment method available/);
    assert.match(res.body, /No payment method is available for payments from this country/);
    assert.match(res.body, /<a class="button secondary" href="\/payment\/pay\?[^"]*">Change country<\/a>/);
    assert.deepEqual(offeredMethods(res.body), []);
  });

  test('a country that is not on the list is asked again with the error, in English and Arabic', async () => {
    for (const [lang, message] of [
      ['en', 'Choose your country from the list.'],
      ['ar', 'اختر دولتك من القائمة.'],
    ] as const) {
      const res = await get(`${payPath({ lang })}&country=ZZ`);
      assert.equal(res.statusCode, 422);
      assert.ok(res.body.includes(message), res.body);
      assert.match(res.body, /aria-invalid="true"/);
      assert.match(res.body, /class="error-summary card" role="alert"/);
    }
    const script = await get(`${payPath()}&country=%3Cscript%3E`);
    assert.equal(script.statusCode, 422);
    assert.doesNotMatch(script.body, /<script>/);
  });

  test('a link signed for AE offers none of the SA provider’s methods, and asks nothing', async () => {
    const res = await get(payPath({ country: 'AE' }));
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No payment method available/);
    assert.doesNotMatch(res.body, /Change country/);
    assert.deepEqual(offeredMethods(res.body), []);
  });

  test('a link signed for SA shows the methods at once, and its country cannot be changed', async () => {
    const path = payPath({ country: 'sa' });
    assert.match(path, /country=SA/);
    const page = await get(path);
    assert.deepEqual(offeredMethods(page.body), ['card', 'mada']);
    assert.doesNotMatch(page.body, /Change country/);
    assert.equal((await get(path.replace('country=SA', 'country=AE'))).statusCode, 404);
    assert.equal((await get(path.replace('country=SA', 'country=ZZ'))).statusCode, 404);
    assert.equal((await get(`${path}&country=AE`)).statusCode, 404, 'a repeated country is refused');
  });

  test('a forged or unknown country in the POST is refused and creates nothing', async () => {
    const page = await get(payPath({ country: 'SA' }));
    for (const country of ['AE', 'XX', '']) {
      const before = await transactionCount();
      const res = await payFrom(page.body, { country });
      assert.equal(res.statusCode, 400, country);
      assert.match(res.body, /This form is not valid/);
      assert.equal(await transactionCount(), before, `nothing created for ${JSON.stringify(country)}`);
    }
  });

  test('a stored /pay/<id> link asks too, and takes the answer', async () => {
    const link = await t.services.store.repos.paymentLinks.insert({ amount: 5000, currency: 'SAR' });
    const question = await get(`/pay/${link.id}`);
    assert.match(question.body, /Where are you paying from\?/);
    const page = await get(answer(question.body, 'SA'));
    assert.deepEqual(offeredMethods(page.body), ['card', 'mada']);
  });

  test('a stored link the merchant gave a country uses it: no question, no change, the payment carries it', async () => {
    const saudi = await createPaymentLink(t.services, {
      amount: '50.00',
      currency: 'SAR',
      customerCountry: 'sa',
    });
    assert.equal(saudi.customerCountry, 'SA');
    const page = await get(`/pay/${saudi.id}`);
    assert.doesNotMatch(page.body, /Where are you paying from\?/);
    assert.deepEqual(offeredMethods(page.body), ['card', 'mada']);
    assert.match(page.body, /Saudi Arabia/);
    assert.doesNotMatch(page.body, /Change country/);
    // The customer's `country=` cannot override the merchant's.
    const overridden = await get(`/pay/${saudi.id}?country=AE`);
    assert.deepEqual(offeredMethods(overridden.body), ['card', 'mada']);
    const paid = await payFrom(page.body);
    assert.equal(paid.statusCode, 200, paid.body);
    const reference = redirectFormOf(paid.body).fields.merchant_reference as string;
    const tx = await t.services.store.repos.transactions.findByReference(reference);
    assert.equal(tx?.customerCountry, 'SA');

    const emirati = await createPaymentLink(t.services, {
      amount: '50.00',
      currency: 'SAR',
      customerCountry: 'AE',
    });
    const none = await get(`/pay/${emirati.id}`);
    assert.match(none.body, /No payment method available/);
    assert.doesNotMatch(none.body, /Change country|Where are you paying from\?/);
    assert.deepEqual(offeredMethods(none.body), []);
  });

  test('a stored link refuses a country that is not one, and stores nothing', async () => {
    const before = await t.services.store.repos.paymentLinks.list({ limit: 100 });
    await assert.rejects(
      createPaymentLink(t.services, { amount: '5.00', currency: 'SAR', customerCountry: 'ZZ' }),
      (err: unknown) =>
        err instanceof ValidationError && err.fields.some((f) => f.field === 'customer_country'),
    );
    const after = await t.services.store.repos.paymentLinks.list({ limit: 100 });
    assert.equal(after.items.length, before.items.length);
  });

  test('the API’s customer.country decides which providers may take the payment', async () => {
    const input = {
      amountMinor: 1000,
      currency: 'SAR',
      paymentMethod: 'card',
      customer: { email: 'api@example.com', country: 'AE' },
    };
    await assert.rejects(createApiTransaction(t.services, input), ValidationError);
    const created = await createApiTransaction(t.services, {
      ...input,
      customer: { ...input.customer, country: 'SA' },
    });
    assert.equal(created.customer.country, 'SA');
  });
});

describe('a link when no provider restricts countries', () => {
  let open: PublicTestApp;
  before(async () => {
    open = await startPublicApp();
  });
  after(() => open.close());

  test('asks nothing and keeps its methods', async () => {
    const url = paymentPayUrl(open.services, { amount: '5', currency: 'SAR' }).slice(
      open.services.publicUrl.length,
    );
    const res = await open.app.inject({ method: 'GET', url });
    assert.doesNotMatch(res.body, /name="country"/);
    assert.deepEqual(offeredMethods(res.body), ['card', 'mada']);
    const done = await submitCheckout(open.app, res.body, { email: 'x@example.com' });
    assert.equal(done.statusCode, 200);
  });
});
