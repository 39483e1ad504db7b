import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/errors.js';
import { ProviderDisabledError } from '../../../src/providers/errors.js';
import {
  apsLanguage,
  buildRedirect,
  paymentApiUrl,
  paymentPageUrl,
} from '../../../src/providers/aps/index.js';
import { verifySignature } from '../../../src/providers/aps/signature.js';
import { testAccount, testTransaction } from './fixtures.js';

const publicUrl = 'https://pay.example.com';

function redirect(
  overrides: {
    account?: Parameters<typeof testAccount>[0];
    transaction?: Parameters<typeof testTransaction>[0];
    methodAllowsAuthorization?: boolean;
  } = {},
) {
  return buildRedirect({
    account: testAccount(overrides.account),
    transaction: testTransaction(overrides.transaction),
    publicUrl,
    methodAllowsAuthorization: overrides.methodAllowsAuthorization ?? true,
  });
}

describe('hosted-page redirect', () => {
  test('posts exactly the S6 fields for a card payment, without payment_option', () => {
    const form = redirect();
    assert.equal(form.method, 'POST');
    assert.deepEqual(Object.keys(form.fields).sort(), [
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
    ]);
    assert.deepEqual(
      { ...form.fields, signature: undefined },
      {
        command: 'PURCHASE',
        access_code: 'SILgpo7pWbmzuURp2qri',
        merchant_identifier: 'MxvOupuG',
        merchant_reference: 'PP-20260101-abc123',
        amount: '10000',
        currency: 'SAR',
        language: 'en',
        customer_email: 'payer@example.com',
        return_url: 'https://pay.example.com/payment/aps/return',
        signature: undefined,
      },
    );
  });

  test('signs the fields with the request phrase and the account SHA type', () => {
    const form = redirect({ account: { shaType: 'hmac512' } });
    assert.equal(verifySignature(form.fields, 'request-phrase', 'hmac512').valid, true);
    assert.equal(verifySignature(form.fields, 'response-phrase', 'hmac512').valid, false);
    assert.match(form.fields.signature ?? '', /^[0-9a-f]{128}$/);
  });

  test('sends the upper-cased method code as payment_option for local methods', () => {
    const form = redirect({ transaction: { paymentMethod: 'mada' } });
    assert.equal(form.fields.payment_option, 'MADA');
    assert.equal(verifySignature(form.fields, 'request-phrase').valid, true);
  });

  test('authorizes only when the account captures manually and the method allows it', () => {
    assert.equal(redirect({ account: { captureManually: true } }).fields.command, 'AUTHORIZATION');
    assert.equal(
      redirect({ account: { captureManually: true }, methodAllowsAuthorization: false }).fields.command,
      'PURCHASE',
    );
    assert.equal(redirect({ account: { captureManually: false } }).fields.command, 'PURCHASE');
  });

  test('reduces the customer locale to en or ar', () => {
    assert.equal(
      redirect({ transaction: { customer: { email: 'a@b.co', lang: 'ar_SA' } } }).fields.language,
      'ar',
    );
    assert.equal(
      redirect({ transaction: { customer: { email: 'a@b.co', lang: 'fr_FR' } } }).fields.language,
      'en',
    );
    assert.equal(
      redirect({ transaction: { customer: { email: 'a@b.co', lang: null } } }).fields.language,
      'en',
    );
    assert.equal(apsLanguage('AR'), 'ar');
    assert.equal(apsLanguage('ar-EG'), 'ar');
    assert.equal(apsLanguage('arn'), 'en');
  });

  test('builds the return URL from a public URL with a trailing slash without doubling it', () => {
    const form = buildRedirect({
      account: testAccount(),
      transaction: testTransaction(),
      publicUrl: 'http://localhost:8080/',
      methodAllowsAuthorization: false,
    });
    assert.equal(form.fields.return_url, 'http://localhost:8080/payment/aps/return');
  });

  test('refuses a reference APS would reject, naming the field, before anything is sent', () => {
    assert.throws(
      () => redirect({ transaction: { reference: 'INV/2026/0042' } }),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.fields.length === 1 &&
        err.fields[0]?.field === 'reference' &&
        /contains "\/"/.test(err.message),
    );
  });

  test('refuses a missing customer email and a zero or fractional amount', () => {
    assert.throws(
      () => redirect({ transaction: { customer: { email: '' } } }),
      (err: unknown) => err instanceof ValidationError && err.fields[0]?.field === 'customer.email',
    );
    for (const amountMinor of [0, -1, 10.5, Number.NaN]) {
      assert.throws(
        () => redirect({ transaction: { amountMinor } }),
        (err: unknown) => err instanceof ValidationError && err.fields[0]?.field === 'amountMinor',
      );
    }
  });

  test('refuses an unknown payment method code', () => {
    assert.throws(
      () => redirect({ transaction: { paymentMethod: 'paypal' } }),
      (err: unknown) => err instanceof ValidationError && err.fields[0]?.field === 'paymentMethod',
    );
  });

  test('never quotes the access code when refusing it', () => {
    assert.throws(
      () => redirect({ account: { accessCode: 'secret#code' } }),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.fields[0]?.field === 'accessCode' &&
        !err.message.includes('secret') &&
        !err.message.includes('#'),
    );
  });

  test('refuses an account with a missing credential, naming it', () => {
    assert.throws(
      () => redirect({ account: { shaRequestPhrase: '' } }),
      (err: unknown) =>
        err instanceof ValidationError && err.fields.some((f) => f.field === 'shaRequestPhrase'),
    );
  });
});

describe('APS endpoints', () => {
  test('use the sandbox for test accounts and production for enabled ones', () => {
    assert.equal(paymentPageUrl(testAccount()), 'https://sbcheckout.payfort.com/FortAPI/paymentPage');
    assert.equal(
      paymentPageUrl(testAccount({ state: 'enabled' })),
      'https://checkout.payfort.com/FortAPI/paymentPage',
    );
    assert.equal(paymentApiUrl(testAccount()), 'https://sbpaymentservices.payfort.com/FortAPI/paymentApi');
    assert.equal(
      paymentApiUrl(testAccount({ state: 'enabled' })),
      'https://paymentservices.payfort.com/FortAPI/paymentApi',
    );
  });

  test('use the custom base URL in place of both hosts', () => {
    const account = testAccount({ customBaseUrl: 'http://127.0.0.1:8081/' });
    assert.equal(paymentPageUrl(account), 'http://127.0.0.1:8081/FortAPI/paymentPage');
    assert.equal(paymentApiUrl(account), 'http://127.0.0.1:8081/FortAPI/paymentApi');
    assert.equal(
      redirect({ account: { customBaseUrl: 'http://127.0.0.1:8081' } }).url,
      'http://127.0.0.1:8081/FortAPI/paymentPage',
    );
  });

  test('refuse a disabled account', () => {
    assert.throws(() => paymentPageUrl(testAccount({ state: 'disabled' })), ProviderDisabledError);
    assert.throws(() => redirect({ account: { state: 'disabled' } }), ProviderDisabledError);
  });

  test('refuse a custom base URL that is not an http(s) URL', () => {
    assert.throws(() => paymentApiUrl(testAccount({ customBaseUrl: 'not a url' })), ValidationError);
    assert.throws(() => paymentApiUrl(testAccount({ customBaseUrl: 'ftp://x.test' })), ValidationError);
  });
});
