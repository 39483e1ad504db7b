import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readAmountInput, type AmountInputProblem } from '../../src/domain/amount-input.js';
import { formatMinorUnits, MAX_AMOUNT_MINOR } from '../../src/domain/money.js';

function reads(text: string, currency: string, minor: number): void {
  const result = readAmountInput(text, currency);
  assert.deepEqual(result.ok ? result.minor : result.problem, minor, `"${text}" in ${currency}`);
}

function refuses(text: string, currency: string, problem: AmountInputProblem['kind']): AmountInputProblem {
  const result = readAmountInput(text, currency);
  assert.equal(result.ok, false, `"${text}" in ${currency} should be refused`);
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.problem.kind, problem, `"${text}" in ${currency}`);
  return result.problem;
}

describe('amounts as people type them', () => {
  test('plain decimals and a thousands comma', () => {
    reads('1250.5', 'SAR', 125050);
    reads('1250.50', 'SAR', 125050);
    reads('1,250.50', 'SAR', 125050);
    reads(' 1,250.50 ', 'SAR', 125050);
    reads('1,250,000', 'SAR', 125000000);
    reads('1,250', 'SAR', 125000);
    reads('12', 'SAR', 1200);
    reads('.5', 'SAR', 50);
    reads('5.', 'SAR', 500);
  });

  test('decimal comma with dots or spaces grouping thousands', () => {
    reads('1 250,50', 'SAR', 125050);
    reads('1\u00a0250,50', 'EUR', 125050);
    reads('1\u202f250,5', 'EUR', 125050);
    reads('1.250,50', 'EUR', 125050);
    reads('1.250.000', 'EUR', 125000000);
    reads('12,5', 'SAR', 1250);
    reads("1'250.50", 'CHF', 125050);
  });

  test('Arabic-Indic digits and separators', () => {
    reads('١٬٢٥٠٫٥٠', 'SAR', 125050);
    reads('١٢٥٠٫٥٠', 'SAR', 125050);
    reads('١٢٥٠', 'SAR', 125000);
    reads('۱۲۵۰٫۵', 'AED', 125050);
    reads('١٬٢٥٠٫٥٠٠', 'KWD', 1250500);
  });

  test('three-decimal and zero-decimal currencies', () => {
    reads('1.250', 'KWD', 1250);
    reads('1,250.500', 'KWD', 1250500);
    reads('1,250', 'JPY', 1250);
    reads('1250', 'JPY', 1250);
    reads('1,250.00', 'JPY', 1250);
  });

  test('a lone separator before three digits is refused when the currency does not settle it', () => {
    const comma = refuses('1,250', 'KWD', 'ambiguous');
    assert.deepEqual(comma, { kind: 'ambiguous', asThousands: '1250', asDecimal: '1.250' });
    refuses('1.250', 'SAR', 'ambiguous');
    refuses('12.500', 'USD', 'ambiguous');
    refuses('1.250', 'JPY', 'ambiguous');
  });

  test('misplaced thousands separators, words, signs and exponents are refused', () => {
    refuses('1,25,000', 'SAR', 'grouping');
    refuses('12 50', 'SAR', 'grouping');
    refuses('1.250.50,5.0', 'SAR', 'grouping');
    refuses('12a', 'SAR', 'not_a_number');
    refuses('SAR 12', 'SAR', 'not_a_number');
    refuses('1e5', 'SAR', 'not_a_number');
    refuses('+5', 'SAR', 'not_a_number');
    refuses('1_250', 'SAR', 'not_a_number');
    refuses('.', 'SAR', 'not_a_number');
    refuses('-5', 'SAR', 'negative');
    refuses('\u22125', 'SAR', 'negative');
    refuses('', 'SAR', 'empty');
    refuses('   ', 'SAR', 'empty');
  });

  test('zero, too many decimals and too large are refused', () => {
    refuses('0', 'SAR', 'zero');
    refuses('0.00', 'SAR', 'zero');
    assert.deepEqual(refuses('1,250.345', 'SAR', 'too_many_decimals'), {
      kind: 'too_many_decimals',
      decimals: 2,
    });
    assert.deepEqual(refuses('12.5', 'JPY', 'too_many_decimals'), { kind: 'too_many_decimals', decimals: 0 });
    refuses('100,000,000.00', 'SAR', 'too_large');
    reads('99,999,999.99', 'SAR', MAX_AMOUNT_MINOR);
  });

  test('the canonical form is what the strict API accepts', () => {
    const result = readAmountInput('1,250.5', 'SAR');
    assert.ok(result.ok);
    assert.equal(result.canonical, '1250.50');
    const kwd = readAmountInput('٣٫٥', 'KWD');
    assert.ok(kwd.ok);
    assert.equal(kwd.canonical, '3.500');
  });

  test('any amount written with thousands commas reads back to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_AMOUNT_MINOR }), (minor) => {
        const plain = formatMinorUnits(minor, 'SAR');
        const [whole = '', fraction = ''] = plain.split('.');
        const grouped = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
        const result = readAmountInput(grouped, 'SAR');
        return result.ok && result.minor === minor && result.canonical === plain;
      }),
    );
  });
});
