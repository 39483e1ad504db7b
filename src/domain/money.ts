/**
 * Money as integer minor units. Decimal strings from people and APIs are parsed digit by digit — never
 * through floating point, which turns 1111.11 into 111110.99999999999 — and formatted back exactly.
 */
import { ValidationError } from '../errors.js';
import { minorUnits } from './currency.js';
import { quoteInput as quote } from './quote.js';

/** APS' `amount` is numeric with at most 10 digits (minor units). */
export const MAX_AMOUNT_DIGITS = 10;
/** The largest amount, in minor units, that APS accepts: 9 999 999 999. */
export const MAX_AMOUNT_MINOR = 10 ** MAX_AMOUNT_DIGITS - 1;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const DIGITS = /^\d+$/;

function invalid(field: string, message: string, value: string): ValidationError {
  return new ValidationError(`${field} ${message} (got ${quote(value)})`, [{ field, message }]);
}

/** Explains why `value` is not a plain decimal number; used only once the fast pattern failed. */
function describeMalformedDecimal(value: string): string {
  if (value === '') return 'is empty; give an amount such as "12.50"';
  if (/\s/.test(value)) return 'must not contain spaces';
  if (value.startsWith('-')) return 'must not be negative';
  if (value.startsWith('+')) return 'must not carry a sign';
  if (/^(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(value))
    return 'must be written out in full, without exponent notation';
  if (/[\u0660-\u0669\u06F0-\u06F9]/.test(value)) return 'must be written with the digits 0-9';
  if (value.includes(',')) return 'must use "." as the decimal separator and no thousands separators';
  if (value.startsWith('.')) return 'must start with a digit (write "0.5", not ".5")';
  if (/^\d+\.$/.test(value)) return 'must have digits after the decimal point (write "12" or "12.00")';
  if ((value.match(/\./g) ?? []).length > 1) return 'must contain at most one decimal point';
  return 'must be a decimal number made of digits and an optional "." (e.g. "12.50")';
}

/**
 * Parses a non-negative decimal string in major units (`"12.5"`, `"12.500"` for KWD) into integer minor
 * units. Refuses more decimals than the currency has, signs, exponents, separators, spaces and amounts
 * beyond APS' 10 digits, each with a message saying what to fix.
 */
export function toMinorUnits(decimal: unknown, currency: string, field = 'amount'): number {
  const exponent = minorUnits(currency);
  if (typeof decimal !== 'string') {
    const message = 'must be a decimal string such as "12.50" (numbers lose precision)';
    throw new ValidationError(`${field} ${message}`, [{ field, message }]);
  }
  const match = DECIMAL.exec(decimal);
  if (!match) throw invalid(field, describeMalformedDecimal(decimal), decimal);
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    const message =
      exponent === 0
        ? `must be a whole number: ${currency} has no minor unit`
        : `has too many decimals: ${currency} allows at most ${exponent}`;
    throw invalid(field, message, decimal);
  }
  const digits = (whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_AMOUNT_DIGITS) {
    const max = formatMinorUnits(MAX_AMOUNT_MINOR, currency);
    throw invalid(field, `is too large: at most ${max} ${currency} (10 digits in minor units)`, decimal);
  }
  return Number(digits);
}

/** Formats integer minor units with exactly the currency's decimals: (12500, 'KWD') → `"12.500"`. */
export function formatMinorUnits(minor: number, currency: string): string {
  const exponent = minorUnits(currency);
  if (!Number.isSafeInteger(minor)) {
    const message = 'must be an integer number of minor units';
    throw new ValidationError(`amount ${message}, got ${String(minor)}`, [{ field: 'amount', message }]);
  }
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Throws a ValidationError unless `amount` is an integer of minor units in 1 … {@link MAX_AMOUNT_MINOR}. */
export function assertPositiveAmount(amount: unknown, field = 'amount'): asserts amount is number {
  let message: string | undefined;
  if (typeof amount !== 'number' || !Number.isInteger(amount))
    message = 'must be an integer number of minor units';
  else if (amount < 1) message = 'must be greater than zero';
  else if (amount > MAX_AMOUNT_MINOR) message = `must be at most ${MAX_AMOUNT_MINOR} minor units (10 digits)`;
  if (message !== undefined) {
    throw new ValidationError(`${field} ${message}, got ${String(amount)}`, [{ field, message }]);
  }
}

/** Parses a payment amount: {@link toMinorUnits} plus {@link assertPositiveAmount} (zero is refused). */
export function parsePaymentAmount(decimal: unknown, currency: string, field = 'amount'): number {
  const minor = toMinorUnits(decimal, currency, field);
  if (minor < 1) {
    const message = 'must be greater than zero';
    throw new ValidationError(`${field} ${message}`, [{ field, message }]);
  }
  return minor;
}

/**
 * Parses an amount that is already in minor units and written as digits (`"10000"`), as APS sends it.
 * At most 10 digits; no sign, decimals or spaces.
 */
export function parseMinorUnits(text: unknown, field = 'amount'): number {
  if (typeof text !== 'string' || !DIGITS.test(text)) {
    const message = 'must be a whole number of minor units written with digits only';
    throw new ValidationError(
      `${field} ${message}${typeof text === 'string' ? ` (got ${quote(text)})` : ''}`,
      [{ field, message }],
    );
  }
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_AMOUNT_DIGITS) throw invalid(field, 'has more than 10 digits', text);
  return Number(digits);
}
