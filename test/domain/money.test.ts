import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KNOWN_CURRENCIES, minorUnits } from '../../src/domain/currency.js';
import {
  assertPositiveAmount,
  formatMinorUnits,
  MAX_AMOUNT_MINOR,
  parseMinorUnits,
  parsePaymentAmount,
  toMinorUnits,
} from '../../src/domain/money.js';
import { ValidationError } from '../../src/errors.js';

function rejects(fn: () => unknown, message: RegExp, field = 'amount'): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.match(err.message, message);
    assert.equal(err.fields[0]?.field, field);
    return true;
  });
}

describe('toMinorUnits', () => {
  const accepted: Array<[string, string, number]> = [
    ['12', 'KWD', 12000],
    ['12.5', 'KWD', 12500],
    ['12.500', 'KWD', 12500],
    ['10.125', 'KWD', 10125],
    ['1111.11', 'EUR', 111111],
    ['0.29', 'USD', 29],
    ['19.99', 'SAR', 1999],
    ['4.35', 'AED', 435],
    ['0.01', 'USD', 1],
    ['0', 'USD', 0],
    ['007.50', 'USD', 750],
    ['5000', 'JPY', 5000],
    ['1.2345', 'CLF', 12345],
    ['99999999.99', 'USD', 9999999999],
    ['9999999.999', 'BHD', 9999999999],
    ['9999999999', 'JPY', 9999999999],
    ['00000000000001', 'JPY', 1],
  ];
  for (const [decimal, currency, minor] of accepted) {
    test(`reads "${decimal}" ${currency} as ${minor} minor units`, () => {
      assert.equal(toMinorUnits(decimal, currency), minor);
    });
  }

  const refused: Array<[unknown, string, RegExp]> = [
    ['', 'USD', /is empty/],
    [' 12', 'USD', /must not contain spaces/],
    ['12 ', 'USD', /must not contain spaces/],
    ['1 000', 'USD', /must not contain spaces/],
    ['12\n', 'USD', /must not contain spaces/],
    ['-1', 'USD', /must not be negative/],
    ['-0.50', 'USD', /must not be negative/],
    ['+1', 'USD', /must not carry a sign/],
    ['1e3', 'USD', /without exponent notation/],
    ['1.5E2', 'USD', /without exponent notation/],
    ['.5', 'USD', /must start with a digit/],
    ['12.', 'USD', /digits after the decimal point/],
    ['1,000.00', 'USD', /"\." as the decimal separator/],
    ['12,50', 'EUR', /"\." as the decimal separator/],
    ['1.2.3', 'USD', /at most one decimal point/],
    ['١٢', 'SAR', /digits 0-9/],
    ['abc', 'USD', /must be a decimal number/],
    ['0x10', 'USD', /must be a decimal number/],
    ['Infinity', 'USD', /must be a decimal number/],
    ['NaN', 'USD', /must be a decimal number/],
    ['12.345', 'USD', /too many decimals: USD allows at most 2/],
    ['12.5000', 'KWD', /too many decimals: KWD allows at most 3/],
    ['12.00000', 'CLF', /too many decimals: CLF allows at most 4/],
    ['12.5', 'JPY', /must be a whole number: JPY has no minor unit/],
    ['12.0', 'JPY', /must be a whole number/],
    ['100000000.00', 'USD', /too large: at most 99999999.99 USD/],
    ['10000000000', 'JPY', /too large: at most 9999999999 JPY/],
    ['10000000', 'KWD', /too large: at most 9999999.999 KWD/],
    [12.5, 'USD', /must be a decimal string/],
    [null, 'USD', /must be a decimal string/],
  ];
  for (const [value, currency, message] of refused) {
    test(`refuses ${JSON.stringify(value)} ${currency} with a clear message`, () => {
      rejects(() => toMinorUnits(value, currency), message);
    });
  }

  test('quotes the offending input, shortened when huge', () => {
    rejects(() => toMinorUnits('1'.repeat(500) + 'x', 'USD'), /got "1{40}…"/);
  });

  test('names the field the caller gives', () => {
    rejects(() => toMinorUnits('x', 'USD', 'minimum'), /^minimum /, 'minimum');
  });

  test('refuses an unknown currency before reading the amount', () => {
    rejects(() => toMinorUnits('12', 'ABC'), /not a known ISO 4217 currency/, 'currency');
  });

  test('always yields a safe integer, never a float', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_CURRENCIES),
        fc.stringMatching(/^\d{1,7}(\.\d{1,4})?$/),
        (c, s) => {
          let minor: number;
          try {
            minor = toMinorUnits(s, c);
          } catch (err) {
            assert.ok(err instanceof ValidationError);
            return;
          }
          assert.ok(Number.isSafeInteger(minor) && minor >= 0 && minor <= MAX_AMOUNT_MINOR);
        },
      ),
    );
  });

  test('refuses any amount with one decimal more than the currency allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KNOWN_CURRENCIES), fc.nat(999_999), fc.nat(9), (c, whole, last) => {
        const exponent = minorUnits(c);
        const text = `${whole}.${'0'.repeat(exponent)}${last}`;
        assert.throws(() => toMinorUnits(text, c), ValidationError);
      }),
    );
  });

  test('agrees with exact decimal arithmetic on every well-formed amount', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_CURRENCIES),
        fc.bigInt({ min: 0n, max: 99_999n }),
        fc.nat(9999),
        (c, whole, fractionSeed) => {
          const exponent = minorUnits(c);
          const fraction =
            exponent === 0 ? '' : String(fractionSeed % 10 ** exponent).padStart(exponent, '0');
          const text = fraction === '' ? String(whole) : `${whole}.${fraction}`;
          const expected = whole * 10n ** BigInt(exponent) + BigInt(fraction === '' ? 0 : Number(fraction));
          assert.equal(BigInt(toMinorUnits(text, c)), expected);
        },
      ),
    );
  });
});

describe('formatMinorUnits', () => {
  const cases: Array<[number, string, string]> = [
    [12500, 'KWD', '12.500'],
    [1, 'KWD', '0.001'],
    [111111, 'EUR', '1111.11'],
    [5, 'USD', '0.05'],
    [0, 'USD', '0.00'],
    [5000, 'JPY', '5000'],
    [0, 'JPY', '0'],
    [1, 'CLF', '0.0001'],
    [9999999999, 'USD', '99999999.99'],
    [-150, 'USD', '-1.50'],
  ];
  for (const [minor, currency, text] of cases) {
    test(`writes ${minor} ${currency} as "${text}"`, () =>
      assert.equal(formatMinorUnits(minor, currency), text));
  }

  test('refuses amounts that are not safe integers', () => {
    for (const value of [1.5, Number.NaN, Infinity, 2 ** 53]) {
      rejects(() => formatMinorUnits(value, 'USD'), /integer number of minor units/);
    }
  });

  test("always writes exactly the currency's number of decimals", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_CURRENCIES),
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        (c, m) => {
          const exponent = minorUnits(c);
          const pattern = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${exponent}}$`);
          assert.match(formatMinorUnits(m, c), pattern);
        },
      ),
    );
  });

  test('round-trips through toMinorUnits for every currency and amount', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_CURRENCIES),
        fc.integer({ min: 0, max: MAX_AMOUNT_MINOR }),
        (c, m) => {
          assert.equal(toMinorUnits(formatMinorUnits(m, c), c), m);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('round-trips canonical decimal strings the other way', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('KWD', 'USD', 'JPY', 'CLF'),
        fc.stringMatching(/^[1-9]\d{0,5}\.\d{4}$/),
        (c, s) => {
          const exponent = minorUnits(c);
          const [whole = '', fraction = ''] = s.split('.');
          const canonical = exponent === 0 ? whole : `${whole}.${fraction.slice(0, exponent)}`;
          assert.equal(formatMinorUnits(toMinorUnits(canonical, c), c), canonical);
        },
      ),
    );
  });
});

describe('payment amounts', () => {
  test('accepts integers from 1 to the APS maximum', () => {
    assert.doesNotThrow(() => assertPositiveAmount(1));
    assert.doesNotThrow(() => assertPositiveAmount(MAX_AMOUNT_MINOR));
    assert.equal(MAX_AMOUNT_MINOR, 9_999_999_999);
  });

  test('refuses zero, negatives, fractions, huge values and non-numbers', () => {
    rejects(() => assertPositiveAmount(0), /greater than zero/);
    rejects(() => assertPositiveAmount(-5), /greater than zero/);
    rejects(() => assertPositiveAmount(1.5), /integer number of minor units/);
    rejects(() => assertPositiveAmount(Number.NaN), /integer number of minor units/);
    rejects(() => assertPositiveAmount('100'), /integer number of minor units/);
    rejects(() => assertPositiveAmount(MAX_AMOUNT_MINOR + 1), /at most 9999999999 minor units/);
    rejects(() => assertPositiveAmount(0, 'refund_amount'), /^refund_amount/, 'refund_amount');
  });

  test('parsePaymentAmount reads a decimal and refuses zero', () => {
    assert.equal(parsePaymentAmount('12.500', 'KWD'), 12500);
    rejects(() => parsePaymentAmount('0', 'USD'), /greater than zero/);
    rejects(() => parsePaymentAmount('0.00', 'USD'), /greater than zero/);
    rejects(() => parsePaymentAmount('-1', 'USD'), /negative/);
  });
});

describe('parseMinorUnits', () => {
  test('reads digit strings as sent by APS', () => {
    assert.equal(parseMinorUnits('10000'), 10000);
    assert.equal(parseMinorUnits('0'), 0);
    assert.equal(parseMinorUnits('0010'), 10);
    assert.equal(parseMinorUnits('9999999999'), 9999999999);
  });

  test('refuses anything but up to ten digits', () => {
    for (const text of ['', '-1', '+1', '1.0', ' 1', '1 ', '1e3', 'abc']) {
      rejects(() => parseMinorUnits(text), /digits only/);
    }
    rejects(() => parseMinorUnits('12345678901'), /more than 10 digits/);
    rejects(() => parseMinorUnits(100), /digits only/);
  });
});
