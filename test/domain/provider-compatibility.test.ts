import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compatibleMethods,
  compatibleProviders,
  newProviderConfig,
  providerIncompatibility,
  type ProviderConfig,
} from '../../src/domain/provider.js';

function provider(id: string, overrides: Partial<ProviderConfig> = {}): ProviderConfig {
  return newProviderConfig({ id, name: id, state: 'enabled', isPublished: true, ...overrides });
}

const ids = (list: ProviderConfig[]) => list.map((p) => p.id);

describe('compatibleProviders', () => {
  test('offers test and enabled providers, never disabled ones; customers never see Test beside live', () => {
    const list = [
      provider('on'),
      provider('test', { state: 'test', isPublished: true }),
      provider('off', { state: 'disabled', isPublished: false }),
    ];
    // A customer would see "Credit or debit card" twice, one of them fake: the live one alone is offered.
    assert.deepEqual(ids(compatibleProviders(list, { currency: 'SAR' })), ['on']);
    assert.deepEqual(ids(compatibleProviders(list.slice(1), { currency: 'SAR' })), ['test']);
    assert.deepEqual(ids(compatibleProviders(list, { currency: 'SAR', backOfficeUser: true })), [
      'on',
      'test',
    ]);
  });

  test('hides unpublished providers from customers but not from back-office users', () => {
    const list = [provider('public'), provider('hidden', { state: 'test', isPublished: false })];
    assert.deepEqual(ids(compatibleProviders(list, {})), ['public']);
    assert.deepEqual(ids(compatibleProviders(list, { backOfficeUser: true })), ['hidden', 'public']);
    assert.equal(providerIncompatibility(list[1]!, {}), 'not_published');
  });

  test('filters by country, an empty list meaning every country', () => {
    const list = [provider('gulf', { countries: ['SA', 'KW'] }), provider('world')];
    assert.deepEqual(ids(compatibleProviders(list, { country: 'KW' })), ['gulf', 'world']);
    assert.deepEqual(ids(compatibleProviders(list, { country: 'eg' })), ['world']);
    assert.deepEqual(ids(compatibleProviders(list, { country: null })), ['gulf', 'world']);
    assert.equal(providerIncompatibility(list[0]!, { country: 'EG' }), 'incompatible_country');
  });

  test('filters by currency, an empty list meaning every currency', () => {
    const list = [provider('kwd', { currencies: ['KWD'] }), provider('any')];
    assert.deepEqual(ids(compatibleProviders(list, { currency: 'KWD' })), ['any', 'kwd']);
    assert.deepEqual(ids(compatibleProviders(list, { currency: 'SAR' })), ['any']);
    assert.equal(providerIncompatibility(list[0]!, { currency: 'SAR' }), 'incompatible_currency');
  });

  test('applies amount limits inclusively, in the limit currency', () => {
    const p = provider('limited', { minAmount: 1000, maxAmount: 500000, amountCurrency: 'SAR' });
    for (const [amount, ok] of [
      [999, false],
      [1000, true],
      [500000, true],
      [500001, false],
    ] as const) {
      assert.equal(
        compatibleProviders([p], { currency: 'SAR', amountMinor: amount }).length,
        ok ? 1 : 0,
        String(amount),
      );
    }
    assert.equal(
      providerIncompatibility(p, { currency: 'SAR', amountMinor: 999_999 }),
      'exceed_min_or_max_amount',
    );
  });

  test('does not compare amounts in another currency than the limits', () => {
    const p = provider('limited', { maxAmount: 100, amountCurrency: 'SAR' });
    assert.equal(compatibleProviders([p], { currency: 'USD', amountMinor: 1_000_000 }).length, 1);
    assert.equal(compatibleProviders([p], { currency: 'sar', amountMinor: 1_000_000 }).length, 0);
    assert.equal(compatibleProviders([p], { currency: 'SAR' }).length, 1);
  });

  test('lists providers by sequence, then name', () => {
    const list = [
      provider('b', { sequence: 5 }),
      provider('c', { sequence: 1 }),
      provider('a', { sequence: 5 }),
    ];
    assert.deepEqual(ids(compatibleProviders(list, {})), ['c', 'a', 'b']);
  });

  test('explains nothing for a compatible provider', () => {
    assert.equal(
      providerIncompatibility(provider('ok'), { country: 'SA', currency: 'SAR', amountMinor: 100 }),
      null,
    );
    assert.equal(
      providerIncompatibility(provider('off', { state: 'disabled', isPublished: false }), {}),
      'provider_not_available',
    );
  });
});

describe('compatibleMethods', () => {
  const gulf = provider('gulf', { paymentMethods: ['card', 'mada', 'knet', 'stcpay'] });
  const list = (ctx: Parameters<typeof compatibleMethods>[1]) =>
    compatibleMethods([gulf], ctx).map(({ provider: p, method }) => `${p.id}:${method.code}`);

  test('keeps only the methods that fit the country and currency', () => {
    assert.deepEqual(list({ country: 'KW', currency: 'KWD' }), ['gulf:card', 'gulf:knet']);
    assert.deepEqual(list({ country: 'SA', currency: 'SAR' }), ['gulf:card', 'gulf:mada', 'gulf:stcpay']);
    assert.deepEqual(list({ country: 'SA', currency: 'USD' }), ['gulf:card', 'gulf:mada']);
    assert.deepEqual(list({ currency: 'USD' }), ['gulf:card', 'gulf:mada']);
    assert.deepEqual(list({ country: 'AE', currency: 'AED' }), ['gulf:card']);
  });

  test('lists methods of every compatible provider, provider by provider', () => {
    const second = provider('kw', { sequence: 20, paymentMethods: ['knet', 'card'] });
    const first = provider('sa', { sequence: 1, paymentMethods: ['mada'] });
    const result = compatibleMethods([second, first], { country: 'KW', currency: 'KWD' }).map(
      ({ provider: p, method }) => `${p.id}:${method.code}`,
    );
    assert.deepEqual(result, ['kw:knet', 'kw:card']);
    const sa = compatibleMethods([second, first], { country: 'SA', currency: 'SAR' }).map(
      ({ provider: p, method }) => `${p.id}:${method.code}`,
    );
    assert.deepEqual(sa, ['sa:mada', 'kw:card']);
  });

  test('skips a stored method code the catalogue does not know', () => {
    const stale = provider('stale', { paymentMethods: ['sadad' as 'card', 'card'] });
    assert.deepEqual(
      compatibleMethods([stale], { currency: 'SAR' }).map(({ method }) => method.code),
      ['card'],
    );
  });

  test('offers nothing when no provider is compatible', () => {
    assert.deepEqual(compatibleMethods([provider('off', { state: 'disabled', isPublished: false })], {}), []);
  });
});
