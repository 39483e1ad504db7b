import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertCurrency, isCurrencyCode, KNOWN_CURRENCIES, minorUnits } from '../../src/domain/currency.js';
import { ValidationError } from '../../src/errors.js';

const THREE_DECIMALS = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const NO_DECIMALS = [
  'JPY',
  'KRW',
  'VND',
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'KMF',
  'PYG',
  'RWF',
  'UGX',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
];
const TWO_DECIMALS = ['SAR', 'AED', 'QAR', 'EGP', 'USD', 'EUR', 'GBP', 'INR', 'MAD', 'TRY', 'CHF'];

describe('currency minor units', () => {
  for (const code of THREE_DECIMALS) {
    test(`${code} has three decimals`, () => assert.equal(minorUnits(code), 3));
  }
  for (const code of NO_DECIMALS) {
    test(`${code} has no decimals`, () => assert.equal(minorUnits(code), 0));
  }
  test('CLF has four decimals', () => assert.equal(minorUnits('CLF'), 4));
  for (const code of TWO_DECIMALS) {
    test(`${code} has the default two decimals`, () => assert.equal(minorUnits(code), 2));
  }

  test('every other known currency has two decimals', () => {
    const special = new Set([...THREE_DECIMALS, ...NO_DECIMALS, 'CLF']);
    for (const code of KNOWN_CURRENCIES.filter((c) => !special.has(c)))
      assert.equal(minorUnits(code), 2, code);
  });

  test('refuses the minor units of an unknown currency', () => {
    assert.throws(() => minorUnits('ABC'), ValidationError);
  });
});

describe('currency codes', () => {
  test('the known list holds only unique, sorted, three-letter upper-case codes', () => {
    assert.ok(KNOWN_CURRENCIES.length > 140);
    assert.equal(new Set(KNOWN_CURRENCIES).size, KNOWN_CURRENCIES.length);
    assert.deepEqual([...KNOWN_CURRENCIES].sort(), [...KNOWN_CURRENCIES]);
    for (const code of KNOWN_CURRENCIES) assert.match(code, /^[A-Z]{3}$/);
  });

  test('knows the currencies of every APS market', () => {
    for (const code of ['SAR', 'AED', 'KWD', 'QAR', 'OMR', 'BHD', 'EGP', 'JOD', 'USD', 'EUR']) {
      assert.ok(isCurrencyCode(code), code);
    }
  });

  test('refuses well-shaped codes that are not currencies or are not payable', () => {
    for (const code of ['ABC', 'XXX', 'XTS', 'XAU', 'HRK', 'ZZZ']) {
      assert.equal(isCurrencyCode(code), false, code);
      assert.throws(
        () => assertCurrency(code),
        (err: unknown) => {
          assert.ok(err instanceof ValidationError);
          assert.match(err.message, new RegExp(`"${code}" is not a known ISO 4217 currency`));
          assert.deepEqual(
            err.fields.map((f) => f.field),
            ['currency'],
          );
          return true;
        },
      );
    }
  });

  test('refuses a lower-case code and says how to write it', () => {
    assert.equal(isCurrencyCode('kwd'), false);
    assert.throws(() => assertCurrency('kwd'), /upper case: "KWD"/);
  });

  test('refuses codes of the wrong shape or type', () => {
    for (const value of ['', 'US', 'USDD', ' USD', 'U5D', 'ÜSD']) {
      assert.throws(() => assertCurrency(value), /three upper-case letters/, value);
    }
    for (const value of [null, undefined, 840, {}]) {
      assert.equal(isCurrencyCode(value), false);
      assert.throws(() => assertCurrency(value), ValidationError);
    }
  });

  test('names the field the caller gives', () => {
    assert.throws(
      () => assertCurrency('QQQ', 'amountCurrency'),
      (err: unknown) => err instanceof ValidationError && err.fields[0]?.field === 'amountCurrency',
    );
  });

  test('returns a valid code unchanged', () => {
    assert.equal(assertCurrency('OMR'), 'OMR');
  });
});
