import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  missingCredentials,
  newProviderConfig,
  providerErrors,
  validateProvider,
  type ProviderConfig,
} from '../../src/domain/provider.js';
import { ValidationError } from '../../src/errors.js';

function ready(overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return newProviderConfig({
    id: 'prv_1',
    state: 'test',
    merchantIdentifier: 'MxvOupuG',
    accessCode: 'SILgpo7pWbmzuURp2qri',
    shaRequestPhrase: 'request-phrase',
    shaResponsePhrase: 'response-phrase',
    ...overrides,
  });
}

function fieldsOf(provider: ProviderConfig): string[] {
  return providerErrors(provider).map((e) => e.field);
}

describe('validateProvider', () => {
  test('returns a complete provider unchanged', () => {
    const p = ready();
    assert.equal(validateProvider(p), p);
    assert.deepEqual(providerErrors(p), []);
  });

  test('accepts a disabled provider without credentials', () => {
    assert.deepEqual(fieldsOf(newProviderConfig({ id: 'p' })), []);
  });

  const credentials = ['merchantIdentifier', 'accessCode', 'shaRequestPhrase', 'shaResponsePhrase'] as const;
  const labels = ['Merchant Identifier', 'Access Code', 'SHA Request Phrase', 'SHA Response Phrase'];
  for (const state of ['test', 'enabled'] as const) {
    credentials.forEach((field, i) => {
      test(`names a missing ${labels[i]} when the provider is ${state}`, () => {
        const p = ready({ state, isPublished: state === 'enabled', [field]: null });
        assert.deepEqual(fieldsOf(p), [field]);
        assert.throws(
          () => validateProvider(p),
          (err: unknown) =>
            err instanceof ValidationError &&
            err.fields.length === 1 &&
            err.fields[0]?.field === field &&
            err.message.includes(`${labels[i]} is required when the provider is in ${state} state`),
        );
      });
    });
  }

  test('names all four credentials at once, and counts blank ones as missing', () => {
    const p = ready({
      merchantIdentifier: '',
      accessCode: '   ',
      shaRequestPhrase: null,
      shaResponsePhrase: null,
    });
    assert.deepEqual(fieldsOf(p), [...credentials]);
    assert.deepEqual(missingCredentials(p), [...credentials]);
    assert.deepEqual(missingCredentials(ready()), []);
  });

  test('refuses a published disabled provider with the reason', () => {
    const p = newProviderConfig({ id: 'p', isPublished: true });
    const errors = providerErrors(p);
    assert.deepEqual(
      errors.map((e) => e.field),
      ['isPublished'],
    );
    assert.match(errors[0]?.message ?? '', /disabled provider cannot be published/);
  });

  test('allows manual capture when every method allows authorization', () => {
    assert.deepEqual(fieldsOf(ready({ captureManually: true, paymentMethods: ['card'] })), []);
  });

  test('refuses manual capture with a purchase-only method and names it', () => {
    const errors = providerErrors(ready({ captureManually: true, paymentMethods: ['card', 'mada', 'knet'] }));
    assert.deepEqual(
      errors.map((e) => e.field),
      ['captureManually'],
    );
    assert.match(errors[0]?.message ?? '', /mada, knet do not/);
  });

  test('requires at least one known payment method, each once', () => {
    assert.deepEqual(fieldsOf(ready({ paymentMethods: [] })), ['paymentMethods']);
    assert.deepEqual(fieldsOf(ready({ paymentMethods: ['card', 'paypal' as 'card'] })), ['paymentMethods']);
    assert.deepEqual(fieldsOf(ready({ paymentMethods: ['card', 'card'] })), ['paymentMethods']);
  });

  test('accepts amount limits in a stated currency, with the minimum not above the maximum', () => {
    assert.deepEqual(fieldsOf(ready({ minAmount: 100, maxAmount: 100, amountCurrency: 'SAR' })), []);
    assert.deepEqual(fieldsOf(ready({ maxAmount: 500000, amountCurrency: 'KWD' })), []);
  });

  test('refuses a minimum above the maximum', () => {
    assert.deepEqual(fieldsOf(ready({ minAmount: 101, maxAmount: 100, amountCurrency: 'SAR' })), [
      'minAmount',
    ]);
  });

  test('refuses limits without a currency, and limits that are not positive whole numbers', () => {
    assert.deepEqual(fieldsOf(ready({ maxAmount: 100 })), ['amountCurrency']);
    assert.deepEqual(fieldsOf(ready({ minAmount: 1, amountCurrency: 'usd' })), ['amountCurrency']);
    assert.deepEqual(fieldsOf(ready({ minAmount: 0, amountCurrency: 'USD' })), ['minAmount']);
    assert.deepEqual(fieldsOf(ready({ maxAmount: 1.5, amountCurrency: 'USD' })), ['maxAmount']);
  });

  test('accepts http and https custom base URLs only', () => {
    assert.deepEqual(fieldsOf(ready({ customBaseUrl: 'http://127.0.0.1:8081' })), []);
    assert.deepEqual(fieldsOf(ready({ customBaseUrl: 'https://sim.example.com/aps/' })), []);
    for (const url of ['ftp://example.com', 'javascript:alert(1)', 'not a url', '//example.com', '']) {
      assert.deepEqual(fieldsOf(ready({ customBaseUrl: url })), ['customBaseUrl'], url);
    }
    assert.deepEqual(fieldsOf(ready({ customBaseUrl: 'https://u:p@example.com' })), ['customBaseUrl']);
    assert.deepEqual(fieldsOf(ready({ customBaseUrl: 'https://example.com/?x=1' })), ['customBaseUrl']);
  });

  test('refuses unknown currencies and malformed countries in the availability lists', () => {
    assert.deepEqual(fieldsOf(ready({ currencies: ['SAR', 'XYZ'] })), ['currencies']);
    assert.deepEqual(fieldsOf(ready({ countries: ['SA', 'sau'] })), ['countries']);
    assert.deepEqual(fieldsOf(ready({ currencies: ['SAR', 'KWD'], countries: ['SA', 'KW'] })), []);
  });

  test('refuses a blank name, an unknown state, code or SHA type', () => {
    assert.deepEqual(fieldsOf(ready({ name: '  ' })), ['name']);
    assert.deepEqual(fieldsOf(ready({ name: 'x'.repeat(101) })), ['name']);
    assert.deepEqual(fieldsOf(ready({ state: 'live' as 'test' })), ['state']);
    assert.deepEqual(fieldsOf(ready({ code: 'stripe' as 'aps' })), ['code']);
    assert.deepEqual(fieldsOf(ready({ shaType: 'md5' as 'sha256' })), ['shaType']);
    assert.deepEqual(fieldsOf(ready({ sequence: 1.5 })), ['sequence']);
    assert.deepEqual(fieldsOf(ready({ id: '' })), ['id']);
  });

  test('refuses over-long or missing customer messages', () => {
    const long = ready();
    long.messages.done.ar = 'x'.repeat(2001);
    assert.deepEqual(fieldsOf(long), ['messages.done.ar']);
    const missing = ready();
    (missing.messages.pending as { en: unknown }).en = undefined;
    assert.deepEqual(fieldsOf(missing), ['messages.pending.en']);
  });

  test('reports every broken rule in one error', () => {
    const p = ready({ state: 'enabled', accessCode: null, paymentMethods: [], customBaseUrl: 'ftp://x' });
    assert.throws(
      () => validateProvider(p),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.deepEqual(
          err.fields.map((f) => f.field),
          ['accessCode', 'paymentMethods', 'customBaseUrl'],
        );
        assert.match(err.message, /accessCode: Access Code is required.*paymentMethods: .*customBaseUrl: /);
        return true;
      },
    );
  });
});
