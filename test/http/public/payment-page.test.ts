import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/errors.js';
import { paymentPayUrl, type PaymentPayParams } from '../../../src/http/public/index.js';
import { newProviderConfig } from '../../../src/domain/provider.js';
import { toProviderPatch } from '../../../src/services/provider-accounts.js';
import {
  BACK_OFFICE_PREFIX,
  inputsOf,
  offeredMethods,
  startPublicApp,
  type PublicTestApp,
} from './helpers.js';

let t: PublicTestApp;

function payPath(params: Partial<PaymentPayParams> = {}): string {
  const url = paymentPayUrl(t.services, {
    amount: '12.50',
    currency: 'SAR',
    reference: 'INV/2026/0042',
    ...params,
  });
  return url.slice(t.services.publicUrl.length);
}

function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

before(async () => {
  t = await startPublicApp();
});
after(() => t.close());

describe('GET /payment/pay', () => {
  test('shows the amount, the order reference and one Pay button for a correctly signed link', async () => {
    const res = await get(payPath());
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(res.body, /<p class="amount"><bdi dir="ltr" class="money">SAR\u00a012\.50<\/bdi><\/p>/);
    assert.match(res.body, /INV\/2026\/0042/);
    assert.equal(res.body.match(/<button type="submit"/g)?.length, 1);
    assert.match(res.body, /<form class="card checkout" method="post" action="\/payment\/transaction">/);
    // The tab's title is text: the amount without the markup the page body gives it.
    assert.match(res.body, /<title>Payment · SAR\u00a012\.50<\/title>/);
  });

  test('answers the not-found page when the amount was changed after signing', async () => {
    const res = await get(payPath().replace('amount=12.50', 'amount=1.00'));
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Page not found/);
    assert.doesNotMatch(res.body, /payment_method/);
  });

  test('answers the not-found page for a wrong, a missing or a repeated parameter', async () => {
    const path = payPath();
    const wrongToken = path.replace(
      /access_token=[^&]+/,
      'access_token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    const noToken = path.replace(/&access_token=[^&]+/, '');
    const otherEmail = `${path}&email=attacker%40example.com`;
    const repeated = `${path}&amount=12.50`;
    for (const url of [wrongToken, noToken, otherEmail, repeated, '/payment/pay']) {
      const res = await get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Page not found/, url);
    }
  });

  test('formats amounts with the decimals of their currency', async () => {
    const kwd = await get(payPath({ amount: '1234.5', currency: 'KWD' }));
    assert.match(kwd.body, /KWD\u00a01,234\.500/);
    const jpy = await get(payPath({ amount: '5000', currency: 'JPY' }));
    assert.match(jpy.body, /JPY\u00a05,000/);
  });

  test('offers KNET only for payments in Kuwaiti dinars', async () => {
    assert.deepEqual(offeredMethods((await get(payPath({ currency: 'SAR' }))).body), ['card', 'mada']);
    assert.deepEqual(offeredMethods((await get(payPath({ amount: '12.500', currency: 'KWD' }))).body), [
      'card',
      'mada',
      'knet',
    ]);
  });

  test('shows the card brand logos and a test-mode badge for a provider in test state', async () => {
    const res = await get(payPath());
    assert.match(res.body, /aria-label="VISA"/);
    assert.match(res.body, /aria-label="Mastercard"/);
    assert.match(res.body, /<span class="badge">Test mode<\/span>/);
  });

  test('asks for the email only when the link does not carry one', async () => {
    const without = await get(payPath());
    assert.ok(
      inputsOf(without.body).some((i) => i.type === 'email' && i.name === 'email' && 'required' in i),
    );
    assert.match(without.body, /<label class="field" for="email">Email address<\/label>/);
    const withEmail = await get(payPath({ email: 'buyer@example.com' }));
    assert.ok(!inputsOf(withEmail.body).some((i) => i.name === 'email'));
    assert.match(withEmail.body, /buyer@example\.com/);
  });

  test('groups the methods in a fieldset with a legend and labels every radio', async () => {
    const res = await get(payPath());
    assert.match(res.body, /<fieldset class="methods-group">\s*<legend>Choose a payment method<\/legend>/);
    for (const radio of inputsOf(res.body).filter((i) => i.type === 'radio')) {
      assert.ok(radio.id && res.body.includes(`<label for="${radio.id}"`), `radio ${radio.id} has a label`);
      assert.ok('required' in radio);
    }
  });

  test('escapes the customer name and order reference', async () => {
    const res = await get(
      payPath({ reference: '<script>alert(1)</script>', name: '"><img src=x onerror=alert(2)>' }),
    );
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<script>alert/);
    assert.doesNotMatch(res.body, /<img src=x/);
    assert.match(res.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(res.body, /&quot;&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
  });

  test('renders in Arabic, right to left, for ?lang=ar', async () => {
    const res = await get(`${payPath()}&lang=ar`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<html lang="ar" dir="rtl">/);
    assert.match(res.body, /اختر طريقة الدفع/);
    // Intl.NumberFormat's Arabic order, with the summary's very markup in the Pay button.
    const money = '<bdi dir="ltr" class="money">\u200f12.50\u00a0SAR</bdi>';
    assert.ok(res.body.includes(`<p class="amount">${money}</p>`), 'summary');
    assert.ok(res.body.includes(`ادفع ${money}</button>`), 'Pay button');
    assert.ok(res.body.includes('<title>الدفع · \u200f12.50\u00a0SAR</title>'), 'title');
    assert.match(res.body, /بطاقة ائتمان أو خصم/);
    assert.match(res.body, /وضع الاختبار/);
  });

  test('takes the language from Accept-Language when the link does not choose one', async () => {
    const arabic = await get(payPath(), { 'accept-language': 'fr-FR;q=0.9, ar-SA;q=0.8' });
    assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
    const english = await get(`${payPath()}&lang=en`, { 'accept-language': 'ar' });
    assert.match(english.body, /<html lang="en" dir="ltr">/);
  });

  test('links to the same page in the other language without breaking the access token', async () => {
    const res = await get(payPath());
    const href = /<nav class="lang-switch"[^>]*>\s*<a href="([^"]+)"/
      .exec(res.body)?.[1]
      ?.replace(/&amp;/g, '&');
    assert.ok(href);
    const switched = await get(href);
    assert.equal(switched.statusCode, 200);
    assert.match(switched.body, /<html lang="ar" dir="rtl">/);
  });
});

describe('GET /payment/pay without a usable method', () => {
  let empty: PublicTestApp;
  before(async () => {
    empty = await startPublicApp({ seed: { state: 'test', isPublished: false } });
  });
  after(() => empty.close());

  test('shows the friendly "no payment method available" page to customers', async () => {
    const url = paymentPayUrl(empty.services, { amount: '10', currency: 'SAR' }).slice(
      empty.services.publicUrl.length,
    );
    const res = await empty.app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No payment method available/);
    assert.doesNotMatch(res.body, /<form/);
  });

  test('shows unpublished providers to signed-in back-office users, marked as such', async () => {
    const url = paymentPayUrl(empty.services, { amount: '10', currency: 'SAR' }).slice(
      empty.services.publicUrl.length,
    );
    const res = await empty.app.inject({ method: 'GET', url: `${BACK_OFFICE_PREFIX}${url}` });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(offeredMethods(res.body), ['card', 'mada']);
    assert.match(res.body, /Unpublished/);
  });

  test('never offers a disabled provider, not even to back-office users', async () => {
    const provider = empty.provider;
    assert.ok(provider);
    const disabled = newProviderConfig({ ...provider, state: 'disabled', isPublished: false });
    await empty.services.store.repos.providers.update(
      provider.id,
      toProviderPatch(disabled, empty.services.secretBox),
    );
    const url = paymentPayUrl(empty.services, { amount: '10', currency: 'SAR' }).slice(
      empty.services.publicUrl.length,
    );
    const res = await empty.app.inject({ method: 'GET', url: `${BACK_OFFICE_PREFIX}${url}` });
    assert.match(res.body, /No payment method available/);
  });
});

describe('GET /pay/:id', () => {
  async function link(overrides: Record<string, unknown> = {}) {
    return t.services.store.repos.paymentLinks.insert({
      amount: 25000,
      currency: 'SAR',
      orderReference: 'SO-77',
      description: 'Two lamps',
      customerEmail: 'lamp@example.com',
      customerName: 'Layla',
      ...overrides,
    });
  }

  test('shows an open link with its amount, description and customer', async () => {
    const stored = await link();
    const res = await get(`/pay/${stored.id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /SAR\u00a0250\.00/);
    assert.match(res.body, /Two lamps/);
    assert.match(res.body, /Layla/);
    assert.deepEqual(offeredMethods(res.body), ['card', 'mada']);
  });

  test('speaks the language stored with the link unless ?lang= says otherwise', async () => {
    const stored = await link({ lang: 'ar' });
    assert.match((await get(`/pay/${stored.id}`)).body, /dir="rtl"/);
    assert.match((await get(`/pay/${stored.id}?lang=en`)).body, /dir="ltr"/);
  });

  test('says clearly that an expired link has expired', async () => {
    const stored = await link({ expiresAt: new Date(t.clock.now().getTime() + 60_000) });
    t.clock.advance(61_000);
    const res = await get(`/pay/${stored.id}`);
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /This payment link has expired/);
    assert.doesNotMatch(res.body, /<form/);
  });

  test('says that a paid link needs nothing more', async () => {
    const stored = await link();
    await t.services.store.repos.paymentLinks.markPaid(stored.id, 'tx-anything');
    const res = await get(`/pay/${stored.id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /already been paid/);
    assert.doesNotMatch(res.body, /<form/);
  });

  test('says that a deactivated link is no longer active', async () => {
    const stored = await link();
    await t.services.store.repos.paymentLinks.setActive(stored.id, false);
    const res = await get(`/pay/${stored.id}?lang=ar`);
    assert.equal(res.statusCode, 410);
    assert.match(res.body, /رابط الدفع هذا لم يعد فعّالًا/);
  });

  test('answers the not-found page for an unknown link', async () => {
    for (const url of ['/pay/doesNotExist123', '/pay/%3Cscript%3E']) {
      const res = await get(url);
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /Page not found/);
    }
  });
});

describe('paymentPayUrl', () => {
  test('builds an absolute URL under the public URL that opens the page', async () => {
    const url = paymentPayUrl(t.services, { amount: '5', currency: 'sar', email: ' a@b.co ', lang: 'ar' });
    assert.ok(
      url.startsWith(
        'https://shop.example.com/payment/pay?amount=5&currency=SAR&email=a%40b.co&lang=ar&access_token=',
      ),
    );
    assert.equal((await get(url.slice(t.services.publicUrl.length))).statusCode, 200);
  });

  test('refuses parameters a payment page could not use, naming each one', () => {
    assert.throws(
      () =>
        paymentPayUrl(t.services, {
          amount: '1.234',
          currency: 'SAR',
          email: 'nope',
          landingUrl: 'javascript:alert(1)',
        }),
      (err: unknown) =>
        err instanceof ValidationError &&
        ['amount', 'email', 'landing_url'].every((field) => err.fields.some((f) => f.field === field)),
    );
    assert.throws(() => paymentPayUrl(t.services, { amount: '0', currency: 'SAR' }), ValidationError);
    assert.throws(() => paymentPayUrl(t.services, { amount: '10', currency: 'XYZ' }), ValidationError);
  });
});
