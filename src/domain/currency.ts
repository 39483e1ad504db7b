/**
 * ISO 4217 currencies that payport accepts, and their minor-unit exponents.
 *
 * The list holds the active circulating currencies of ISO 4217 (list one, 2025) plus CLF. Fund codes
 * (BOV, CHE, COU, …), precious metals (XAU, …), the testing code XTS and "no currency" XXX are left out
 * on purpose: nobody takes a card payment in them. Withdrawn codes (HRK, SLL, ZWL, ANG, CUC) are left out
 * too, so a stale code is caught at the edge instead of being sent to APS.
 */
import { ValidationError } from '../errors.js';
import { quoteInput as quote } from './quote.js';

/** Currencies whose minor unit is not the usual 1/100 (ISO 4217 exponent ≠ 2). */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  CLF: 4,
};

/** Every currency code payport accepts, sorted. */
export const KNOWN_CURRENCIES: readonly string[] = Object.freeze(
  (
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHF CLF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS ' +
    'GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
    'KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD ' +
    'NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD ' +
    'SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VED ' +
    'VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG'
  ).split(' '),
);

const KNOWN = new Set(KNOWN_CURRENCIES);
const CODE_SHAPE = /^[A-Z]{3}$/;

/** True when `value` is a known ISO 4217 code written in upper case (e.g. `KWD`). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_SHAPE.test(value) && KNOWN.has(value);
}

/** Returns `value` when it is a known currency code; otherwise a ValidationError naming `field`. */
export function assertCurrency(value: unknown, field = 'currency'): string {
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be a currency code such as "SAR"`, [
      { field, message: 'must be a three-letter ISO 4217 currency code' },
    ]);
  }
  if (!CODE_SHAPE.test(value)) {
    const hint = /^[a-z]{3}$/i.test(value) ? ` (write it in upper case: "${value.toUpperCase()}")` : '';
    const message = `must be three upper-case letters${hint}`;
    throw new ValidationError(`${field} ${message}, got ${quote(value)}`, [{ field, message }]);
  }
  if (!KNOWN.has(value)) {
    const message = `"${value}" is not a known ISO 4217 currency`;
    throw new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
  return value;
}

/** Number of decimals of `currency` (ISO 4217 exponent): 3 for KWD, 0 for JPY, 2 for SAR. */
export function minorUnits(currency: string): number {
  assertCurrency(currency);
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}
