/**
 * The fixed payment-method catalogue (SPEC S4): `card` with its brands, and the local methods of the
 * Gulf and Egypt with the country and currency each one is limited to. Only `card` can be authorized and
 * captured later; the local methods are purchase-only at APS.
 */
import { ValidationError } from '../errors.js';
import type { LocalizedText } from './locale.js';
import { quoteInput } from './quote.js';

/** Every payment method payport offers, primary method first. */
export const PAYMENT_METHOD_CODES = [
  'card',
  'mada',
  'knet',
  'naps',
  'omannet',
  'meeza',
  'benefit',
  'stcpay',
  'apple_pay',
  'installments',
  'tabby',
  'valu',
] as const;
/** One of {@link PAYMENT_METHOD_CODES}. */
export type PaymentMethodCode = (typeof PAYMENT_METHOD_CODES)[number];

/** Card brands the `card` method accepts. */
export const CARD_BRANDS = ['visa', 'mastercard', 'amex'] as const;
/** One of {@link CARD_BRANDS}. */
export type CardBrand = (typeof CARD_BRANDS)[number];

/** A card brand with its display name and logo. */
export interface CardBrandInfo {
  code: CardBrand;
  name: LocalizedText;
  /** A small self-contained SVG (60×38) safe to inline in HTML. */
  logoSvg: string;
}

/** One entry of the catalogue. */
export interface PaymentMethod {
  code: PaymentMethodCode;
  name: LocalizedText;
  /** A small self-contained SVG (60×38) safe to inline in HTML. */
  logoSvg: string;
  /** ISO 3166-1 alpha-2 countries the method is limited to; empty = any country. */
  countries: readonly string[];
  /** Currencies the method is limited to; empty = any currency. */
  currencies: readonly string[];
  /** Whether the payment can be authorized now and captured later (manual capture). */
  allowsAuthorization: boolean;
  /** Brands shown with the method (only `card` has any). */
  brands: readonly CardBrand[];
}

/** The country and currency of a payment, when known. */
export interface MethodContext {
  country?: string | null | undefined;
  currency?: string | null | undefined;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Draws a plain rounded-rectangle badge with the brand name (original art, no trademark copies). */
export function badgeSvg(label: string, background: string, foreground = '#FFFFFF'): string {
  const text = escapeXml(label);
  const fontSize = label.length <= 4 ? 14 : label.length <= 7 ? 12 : 10;
  // Squeeze long names into the badge instead of letting them overflow in narrow fonts.
  const fit = label.length * fontSize * 0.62 > 50 ? ' textLength="50" lengthAdjust="spacingAndGlyphs"' : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 38" width="60" height="38" role="img" aria-label="${text}">` +
    `<rect x="0.5" y="0.5" width="59" height="37" rx="6" ry="6" fill="${background}" stroke="#D0D5DD"/>` +
    `<text x="30" y="19" text-anchor="middle" dominant-baseline="central" font-family="Arial, Helvetica, sans-serif" ` +
    `font-weight="700" font-size="${fontSize}" fill="${foreground}"${fit}>${text}</text></svg>`
  );
}

/** Display names and logos of the card brands, in {@link CARD_BRANDS} order. */
export const CARD_BRAND_INFO: readonly CardBrandInfo[] = Object.freeze([
  { code: 'visa', name: { en: 'Visa', ar: 'فيزا' }, logoSvg: badgeSvg('VISA', '#1A1F71') },
  {
    code: 'mastercard',
    name: { en: 'Mastercard', ar: 'ماستركارد' },
    logoSvg: badgeSvg('Mastercard', '#231F20'),
  },
  {
    code: 'amex',
    name: { en: 'American Express', ar: 'أمريكان إكسبريس' },
    logoSvg: badgeSvg('AMEX', '#006FCF'),
  },
]);

function method(
  code: PaymentMethodCode,
  name: LocalizedText,
  logo: [label: string, background: string, foreground?: string],
  limits: { countries?: string[]; currencies?: string[] } = {},
): PaymentMethod {
  return Object.freeze({
    code,
    name: Object.freeze(name),
    logoSvg: badgeSvg(logo[0], logo[1], logo[2]),
    countries: Object.freeze(limits.countries ?? []),
    currencies: Object.freeze(limits.currencies ?? []),
    allowsAuthorization: code === 'card',
    brands: code === 'card' ? CARD_BRANDS : Object.freeze([]),
  });
}

/** The catalogue, in display order. */
export const PAYMENT_METHODS: readonly PaymentMethod[] = Object.freeze([
  method('card', { en: 'Credit or debit card', ar: 'بطاقة ائتمان أو خصم' }, ['CARD', '#334155']),
  method('mada', { en: 'mada', ar: 'مدى' }, ['mada', '#004B87'], { countries: ['SA'] }),
  method('knet', { en: 'KNET', ar: 'كي نت' }, ['KNET', '#00529B'], {
    countries: ['KW'],
    currencies: ['KWD'],
  }),
  method('naps', { en: 'NAPS', ar: 'نابس' }, ['NAPS', '#7A1E3A'], { countries: ['QA'], currencies: ['QAR'] }),
  method('omannet', { en: 'OmanNet', ar: 'عمان نت' }, ['OmanNet', '#B3191F'], {
    countries: ['OM'],
    currencies: ['OMR'],
  }),
  method('meeza', { en: 'Meeza', ar: 'ميزة' }, ['meeza', '#0B5D3B'], {
    countries: ['EG'],
    currencies: ['EGP'],
  }),
  method('benefit', { en: 'BENEFIT', ar: 'بنفت' }, ['BENEFIT', '#C8102E'], {
    countries: ['BH'],
    currencies: ['BHD'],
  }),
  method('stcpay', { en: 'stc pay', ar: 'إس تي سي باي' }, ['stc pay', '#4F008C'], {
    countries: ['SA'],
    currencies: ['SAR'],
  }),
  // Apple Pay (S19): any country and currency the provider takes; PURCHASE only (docs/wallets.md).
  method('apple_pay', { en: 'Apple Pay', ar: 'آبل باي' }, ['Apple Pay', '#000000']),
  // Card installments, BNPL: rules beyond country and currency (minimums, customer data, refunds) are
  // in method-rules.ts; docs/payment-methods.md says where each comes from.
  method('installments', { en: 'Pay in installments', ar: 'الدفع بالتقسيط' }, ['Installments', '#0F766E'], {
    countries: ['SA', 'AE', 'EG'],
    currencies: ['SAR', 'AED', 'EGP'],
  }),
  method(
    'tabby',
    { en: 'Pay later with Tabby', ar: 'ادفع لاحقًا عبر تابي' },
    ['tabby', '#3EEDBF', '#1F1F1F'],
    {
      countries: ['SA', 'AE'],
      currencies: ['SAR', 'AED'],
    },
  ),
  method('valu', { en: 'valU', ar: 'فاليو' }, ['valU', '#0B3B5B'], {
    countries: ['EG'],
    currencies: ['EGP'],
  }),
]);

const BY_CODE = new Map<string, PaymentMethod>(PAYMENT_METHODS.map((m) => [m.code, m]));
const BRAND_BY_CODE = new Map<string, CardBrandInfo>(CARD_BRAND_INFO.map((b) => [b.code, b]));

/** True when `value` is one of {@link PAYMENT_METHOD_CODES}. */
export function isPaymentMethodCode(value: unknown): value is PaymentMethodCode {
  return typeof value === 'string' && BY_CODE.has(value);
}

/** True when `value` is one of {@link CARD_BRANDS}. */
export function isCardBrand(value: unknown): value is CardBrand {
  return typeof value === 'string' && BRAND_BY_CODE.has(value);
}

/** The catalogue entry of `code`; a ValidationError for a code that is not in the catalogue. */
export function getPaymentMethod(code: string, field = 'payment_method'): PaymentMethod {
  const found = BY_CODE.get(code);
  if (found) return found;
  const message = `must be one of ${PAYMENT_METHOD_CODES.join(', ')}`;
  throw new ValidationError(`${field} ${message} (got ${quoteInput(String(code))})`, [{ field, message }]);
}

/** Display name and logo of a card brand. */
export function getCardBrand(code: CardBrand): CardBrandInfo {
  const found = BRAND_BY_CODE.get(code);
  if (!found) throw new ValidationError(`unknown card brand ${quoteInput(String(code))}`);
  return found;
}

/**
 * Whether `method` may be offered for a payment in `context`: a country or currency the method is
 * limited to must match; an unknown country does not exclude anything (Odoo filters only known ones).
 */
export function methodSupports(method: PaymentMethod | PaymentMethodCode, context: MethodContext): boolean {
  const entry = typeof method === 'string' ? getPaymentMethod(method) : method;
  const country = context.country ? context.country.toUpperCase() : undefined;
  const currency = context.currency ? context.currency.toUpperCase() : undefined;
  if (country !== undefined && entry.countries.length > 0 && !entry.countries.includes(country)) return false;
  if (currency !== undefined && entry.currencies.length > 0 && !entry.currencies.includes(currency))
    return false;
  return true;
}

/**
 * The method (and card brand) a payment was actually made with, from the payment option the provider
 * returns (`visa` → card/visa, `mada` → mada); `null` when the option is empty or unknown.
 */
export function methodFromBrandOption(
  option: string | null | undefined,
): { method: PaymentMethodCode; brand: CardBrand | null } | null {
  const code = (option ?? '').trim().toLowerCase();
  if (code === '') return null;
  if (isCardBrand(code)) return { method: 'card', brand: code };
  if (code === 'card') return { method: 'card', brand: null };
  if (isPaymentMethodCode(code)) return { method: code, brand: null };
  return null;
}
