/** Display of APS amounts (integer minor units, ISO 4217 exponents) on the hosted page and dashboard. */

const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const NO_DECIMALS = new Set([
  'BIF',
  'BYR',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

/** Number of minor-unit digits of a currency. */
export function currencyExponent(currency: string): number {
  if (THREE_DECIMALS.has(currency)) return 3;
  if (NO_DECIMALS.has(currency)) return 0;
  return 2;
}

/** `12345` SAR → `123.45 SAR`, by string arithmetic (never through floating point). */
export function formatAmount(minor: number | string, currency: string): string {
  const digits = String(minor).replace(/^0+(?=\d)/, '');
  const exponent = currencyExponent(currency);
  if (exponent === 0) return `${digits} ${currency}`;
  const padded = digits.padStart(exponent + 1, '0');
  return `${padded.slice(0, -exponent)}.${padded.slice(-exponent)} ${currency}`;
}
