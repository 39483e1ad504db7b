/**
 * Amounts as people type them in a form (S21): `1250.5`, `1,250.50`, `1 250,50`, `1.250,50`, and the
 * same with Arabic-Indic digits and separators (`١٬٢٥٠٫٥٠`, `١٢٥٠٫٥٠`). Only the back office reads
 * amounts this way; the API keeps its one strict format (`toMinorUnits`).
 *
 * The rules, so that no reading is a guess:
 * - Arabic-Indic and Eastern Arabic-Indic digits count as 0-9; `٫` is a decimal point, `٬` a thousands
 *   separator; spaces (also non-breaking and thin ones) and `'` only ever separate thousands.
 * - With both `.` and `,`, the last one is the decimal separator and the other groups thousands.
 * - With only one kind, used once: followed by 1-2 digits (or more than 3) it is the decimal separator;
 *   followed by exactly 3 digits it could be either (`1,250` = 1250 or 1.25?), so it is read the way
 *   the currency allows: `,` as thousands unless the currency has 3 decimals, `.` as a decimal point
 *   only when the currency has 3 decimals — and refused as ambiguous otherwise.
 * - Used more than once, it groups thousands (`1,250,000`, `1.250.000`).
 * - Thousands groups are 1-3 digits and then exactly 3 each; anything else is refused.
 */
import { minorUnits } from './currency.js';
import { MAX_AMOUNT_DIGITS } from './money.js';

/** Why typed text is not an amount; the page says each in its language. */
export type AmountInputProblem =
  | { kind: 'empty' }
  | { kind: 'not_a_number' }
  | { kind: 'negative' }
  | { kind: 'zero' }
  | { kind: 'grouping' }
  | { kind: 'ambiguous'; asThousands: string; asDecimal: string }
  | { kind: 'too_many_decimals'; decimals: number }
  | { kind: 'too_large' };

/** The result of {@link readAmountInput}. */
export type AmountInputResult =
  | { ok: true; minor: number; /** The amount as the API writes it, e.g. `1250.50`. */ canonical: string }
  | { ok: false; problem: AmountInputProblem };

const DIGIT_BLOCKS = [0x0660, 0x06f0];
const SPACES = /[\s\u00a0\u202f\u2009\u2007']/g;

/** `text` with Arabic-Indic digits as 0-9, `٫` as `.`, `٬` as `,`, and thousands spaces removed. */
function normalize(text: string): string {
  let out = '';
  for (const ch of text.trim()) {
    const code = ch.codePointAt(0) ?? 0;
    const block = DIGIT_BLOCKS.find((start) => code >= start && code <= start + 9);
    if (block !== undefined) out += String(code - block);
    else if (ch === '\u066b') out += '.';
    else if (ch === '\u066c' || ch === '\u060c') out += ',';
    else out += ch;
  }
  return out.replace(SPACES, (space, offset: number, whole: string) =>
    // A space between digits groups thousands; kept as a marker so its groups are checked too.
    /\d/.test(whole[offset - 1] ?? '') && /\d/.test(whole[offset + 1] ?? '') ? '_' : space.trim(),
  );
}

/** True when `groups` are thousands groups: the first 1-3 digits, every other exactly 3. */
function validGroups(groups: readonly string[]): boolean {
  return groups.every((g, i) => (i === 0 ? /^\d{1,3}$/.test(g) : /^\d{3}$/.test(g)));
}

/** Splits `text` into whole and fraction digits, or says why it cannot. */
function split(text: string, exponent: number): { whole: string; fraction: string } | AmountInputProblem {
  const hasSpaces = text.includes('_');
  const dots = (text.match(/\./g) ?? []).length;
  const commas = (text.match(/,/g) ?? []).length;
  let decimal: '.' | ',' | null = null;
  if (dots > 0 && commas > 0) {
    decimal = text.lastIndexOf('.') > text.lastIndexOf(',') ? '.' : ',';
    if ((decimal === '.' ? dots : commas) > 1) return { kind: 'grouping' };
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ',';
    const after = text.slice(text.indexOf(mark) + 1);
    if (after.length !== 3 || hasSpaces) decimal = mark;
    else if (mark === ',' && exponent !== 3) decimal = null;
    else if (mark === '.' && exponent === 3) decimal = '.';
    else {
      const before = text.slice(0, text.indexOf(mark)).replace(/_/g, '');
      return { kind: 'ambiguous', asThousands: `${before}${after}`, asDecimal: `${before}.${after}` };
    }
  }
  const [wholeText = '', fraction = '', ...rest] = decimal ? text.split(decimal) : [text];
  if (rest.length > 0 || !/^\d*$/.test(fraction)) return { kind: 'not_a_number' };
  const separator = decimal === '.' ? ',' : decimal === ',' ? '.' : dots > 0 ? '.' : ',';
  const groups = wholeText.split(new RegExp(`[_${separator === '.' ? '\\.' : ','}]`));
  if (groups.length > 1 && !validGroups(groups)) return { kind: 'grouping' };
  const whole = groups.join('');
  if (whole === '' && fraction === '') return { kind: 'not_a_number' };
  if (!/^\d*$/.test(whole)) return { kind: 'not_a_number' };
  return { whole: whole === '' ? '0' : whole, fraction };
}

/** Reads an amount typed by a person in `currency` (a known ISO 4217 code) into integer minor units. */
export function readAmountInput(text: string, currency: string): AmountInputResult {
  const exponent = minorUnits(currency);
  // `_` marks the thousands spaces inside; typed by a person it is no part of a number.
  const normalized = text.includes('_') ? '_' : normalize(text);
  if (normalized === '') return { ok: false, problem: { kind: 'empty' } };
  if (/^[-\u2212]/.test(normalized) || /^\(.*\)$/.test(normalized))
    return { ok: false, problem: { kind: 'negative' } };
  if (!/^[\d.,_]+$/.test(normalized) || normalized.startsWith('_'))
    return { ok: false, problem: { kind: 'not_a_number' } };
  const parts = split(normalized, exponent);
  if (!('whole' in parts)) return { ok: false, problem: parts };
  const fraction = parts.fraction.replace(/0+$/, '');
  if (fraction.length > exponent)
    return { ok: false, problem: { kind: 'too_many_decimals', decimals: exponent } };
  const digits = (parts.whole + fraction.padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_AMOUNT_DIGITS) return { ok: false, problem: { kind: 'too_large' } };
  const minor = Number(digits);
  if (minor === 0) return { ok: false, problem: { kind: 'zero' } };
  const padded = String(minor).padStart(exponent + 1, '0');
  const canonical = exponent === 0 ? padded : `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
  return { ok: true, minor, canonical };
}
