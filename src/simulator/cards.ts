/**
 * Card facts for the hosted page: the sandbox test cards of reference §7, brand detection, the Luhn
 * check, masking (`400555******0001`) and the expiry and security-code rules.
 */

/** A sandbox card listed on the hosted page. */
export interface TestCard {
  number: string;
  brand: string;
  securityCode: string;
  behaviour: 'success' | '3-D Secure' | 'local';
  /** Only for local cards: the payment option they belong to. */
  paymentOption?: string;
}

/** The cards of reference §7 (plus Odoo's 4111…) and the local-method cards of the older test page. */
export const TEST_CARDS: readonly TestCard[] = [
  { number: '4005550000000001', brand: 'VISA', securityCode: '123', behaviour: 'success' },
  { number: '5123456789012346', brand: 'MASTERCARD', securityCode: '123', behaviour: 'success' },
  { number: '345678901234564', brand: 'AMEX', securityCode: '1234', behaviour: 'success' },
  { number: '4111111111111111', brand: 'VISA', securityCode: '123', behaviour: 'success' },
  { number: '4557012345678902', brand: 'VISA', securityCode: '123', behaviour: '3-D Secure' },
  { number: '5313581000123430', brand: 'MASTERCARD', securityCode: '123', behaviour: '3-D Secure' },
  { number: '374200000000004', brand: 'AMEX', securityCode: '1234', behaviour: '3-D Secure' },
  {
    number: '5297412542005689',
    brand: 'MADA',
    securityCode: '350',
    behaviour: 'local',
    paymentOption: 'MADA',
  },
  {
    number: '5078036221028566',
    brand: 'MEEZA',
    securityCode: '143',
    behaviour: 'local',
    paymentOption: 'MEEZA',
  },
  {
    number: '9818950527886700002',
    brand: 'MEEZA',
    securityCode: '422',
    behaviour: 'local',
    paymentOption: 'MEEZA',
  },
  { number: '0000000001', brand: 'KNET', securityCode: '1234', behaviour: 'local', paymentOption: 'KNET' },
  {
    number: '4215375500883243',
    brand: 'NAPS',
    securityCode: '1234',
    behaviour: 'local',
    paymentOption: 'NAPS',
  },
];

const THREE_DS_NUMBERS = new Set(TEST_CARDS.filter((c) => c.behaviour === '3-D Secure').map((c) => c.number));

/** The KNET sandbox "card" is a 10-digit number that is not Luhn-valid; it is accepted as it is. */
export const KNET_TEST_NUMBER = '0000000001';

// A few mada and Meeza BINs (co-branded with Visa/Mastercard networks); enough for the test cards.
const MADA_BINS = ['529741', '588845', '440647', '446404', '457865', '968208', '636120', '543357'];
const MEEZA_PREFIXES = ['507803', '9818'];

/** Local payment options that take a card (or card-like credential) on the hosted page. */
export const LOCAL_CARD_OPTIONS = ['MADA', 'MEEZA', 'KNET', 'NAPS', 'OMANNET', 'BENEFIT', 'STCPAY'] as const;

/** Digits of a card number as typed (spaces and dashes removed); undefined when anything else is there. */
export function cardDigits(typed: string): string | undefined {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d+$/.test(digits) ? digits : undefined;
}

/** The Luhn (mod 10) check every real card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** The card network by prefix: VISA, MASTERCARD or AMEX; undefined for anything else. */
export function cardNetwork(digits: string): 'VISA' | 'MASTERCARD' | 'AMEX' | undefined {
  if (digits.startsWith('4')) return 'VISA';
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'MASTERCARD';
  if (two === 34 || two === 37) return 'AMEX';
  return undefined;
}

/** The local debit scheme of a card by BIN: MADA or MEEZA; undefined otherwise. */
export function localScheme(digits: string): 'MADA' | 'MEEZA' | undefined {
  if (MADA_BINS.some((bin) => digits.startsWith(bin))) return 'MADA';
  if (MEEZA_PREFIXES.some((prefix) => digits.startsWith(prefix))) return 'MEEZA';
  return undefined;
}

/** True for the cards that go through the simulated 3-D Secure (OTP) step. */
export function requiresThreeDs(digits: string): boolean {
  return THREE_DS_NUMBERS.has(digits);
}

/** First six and last four digits, the rest as `*` (`400555******0001`); short numbers keep 2 + 4. */
export function maskCardNumber(digits: string): string {
  const head = digits.length >= 13 ? 6 : Math.min(2, Math.max(0, digits.length - 4));
  const tail = Math.min(4, digits.length);
  return digits.slice(0, head) + '*'.repeat(Math.max(0, digits.length - head - tail)) + digits.slice(-tail);
}

/** Checks an APS `expiry_date` (YYMM) against `now`: valid through the end of its month. */
export function checkExpiry(yymm: string, now: Date): 'valid' | 'invalid' | 'expired' {
  if (!/^\d{4}$/.test(yymm)) return 'invalid';
  const year = 2000 + Number(yymm.slice(0, 2));
  const month = Number(yymm.slice(2));
  if (month < 1 || month > 12) return 'invalid';
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return year * 12 + (month - 1) < current ? 'expired' : 'valid';
}

/** AMEX and KNET (a PIN) take four digits, other local options three or four, the rest three. */
export function securityCodeValid(code: string, paymentOption: string): boolean {
  if (paymentOption === 'AMEX' || paymentOption === 'KNET') return /^\d{4}$/.test(code);
  if ((LOCAL_CARD_OPTIONS as readonly string[]).includes(paymentOption)) return /^\d{3,4}$/.test(code);
  return /^\d{3}$/.test(code);
}
