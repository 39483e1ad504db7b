/**
 * What a payment page offers to pay — amount, currency, order reference, customer, landing URL, the
 * payment link it came from — and the signed, expiring form token that carries it to
 * `POST /payment/transaction`, so the browser can change nothing but the method and a missing email.
 */
import type { Clock } from '../../clock.js';
import { randomSecret } from '../../crypto/random.js';
import { createExpiringToken, InvalidTokenError, readExpiringToken } from '../../crypto/tokens.js';
import { isCountryCode } from '../../domain/countries.js';
import { isLanguage, type Language } from '../../domain/locale.js';

const PURPOSE = 'checkout-form';
/** How long a rendered payment page can be submitted (a customer may read it, then fetch a card). */
export const FORM_TOKEN_TTL_SECONDS = 60 * 60;

/** One payment as the payment page presents it. */
export interface CheckoutIntent {
  amountMinor: number;
  currency: string;
  orderReference: string | null;
  description: string | null;
  /** Known email of the customer; when null the page asks for it. */
  email: string | null;
  name: string | null;
  landingUrl: string | null;
  paymentLinkId: string | null;
  /** Identity of the signed `/payment/pay` link behind the page, if it is one (S9 one payment per link). */
  linkKey: string | null;
  /** Same-origin path of the payment page, to start again from. */
  pagePath: string;
  /** The saved customer the page is for (S18): their cards are offered, and a card can be saved. */
  customerId?: string | null;
  /**
   * The customer's country (ISO 3166-1 alpha-2) when known (S21): fixed by the link, or the customer's
   * answer to the page's question. Only methods offered there are shown, and the payment carries it.
   */
  country?: string | null;
  /** True when the merchant fixed the country (a stored link's `customer.country`): the customer cannot change it. */
  countryFixed?: boolean;
}

type IntentPayload = {
  amount: number;
  currency: string;
  order_reference: string | null;
  description: string | null;
  email: string | null;
  name: string | null;
  landing_url: string | null;
  link_id: string | null;
  link_key: string | null;
  page: string;
  lang: Language;
  /** Random, so two pages rendered alike get different tokens: each is spent on its own (S14). */
  nonce?: string;
  customer?: string | null;
  country?: string | null;
  country_fixed?: boolean;
};

/** The form token of a payment page rendered in `lang`. */
export function issueFormToken(
  ctx: { secret: string; clock: Clock },
  intent: CheckoutIntent,
  lang: Language,
): string {
  const payload: IntentPayload = {
    amount: intent.amountMinor,
    currency: intent.currency,
    order_reference: intent.orderReference,
    description: intent.description,
    email: intent.email,
    name: intent.name,
    landing_url: intent.landingUrl,
    link_id: intent.paymentLinkId,
    link_key: intent.linkKey,
    page: intent.pagePath,
    lang,
    nonce: randomSecret(16),
    ...(intent.customerId && { customer: intent.customerId }),
    ...(intent.country && { country: intent.country }),
    ...(intent.countryFixed && { country_fixed: true }),
  };
  return createExpiringToken(ctx.secret, PURPOSE, payload, {
    clock: ctx.clock,
    ttlSeconds: FORM_TOKEN_TTL_SECONDS,
  });
}

function nullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/**
 * The intent and page language of a form token. Throws InvalidTokenError (forged, altered, other
 * purpose) or ExpiredTokenError (genuine but too old).
 */
export function readFormToken(
  ctx: { secret: string; clock: Clock },
  token: unknown,
): { intent: CheckoutIntent; lang: Language } {
  const p = readExpiringToken<Partial<IntentPayload>>(ctx.secret, PURPOSE, token, ctx.clock);
  const wellFormed =
    typeof p.amount === 'number' &&
    Number.isSafeInteger(p.amount) &&
    typeof p.currency === 'string' &&
    nullableString(p.order_reference) &&
    nullableString(p.description) &&
    nullableString(p.email) &&
    nullableString(p.name) &&
    nullableString(p.landing_url) &&
    nullableString(p.link_id) &&
    // Absent from tokens issued before links had keys; such a page still works for its lifetime.
    (p.link_key === undefined || nullableString(p.link_key)) &&
    typeof p.page === 'string' &&
    (p.customer === undefined || nullableString(p.customer)) &&
    (p.country === undefined || p.country === null || isCountryCode(p.country)) &&
    (p.country_fixed === undefined || p.country_fixed === true) &&
    isLanguage(p.lang);
  // A genuine token always has this shape; anything else was made by other code: refuse it.
  if (!wellFormed) throw new InvalidTokenError();
  return {
    intent: {
      amountMinor: p.amount as number,
      currency: p.currency as string,
      orderReference: p.order_reference ?? null,
      description: p.description ?? null,
      email: p.email ?? null,
      name: p.name ?? null,
      landingUrl: p.landing_url ?? null,
      paymentLinkId: p.link_id ?? null,
      linkKey: p.link_key ?? null,
      pagePath: p.page as string,
      customerId: p.customer ?? null,
      country: p.country ?? null,
      ...(p.country_fixed && { countryFixed: true }),
    },
    lang: p.lang as Language,
  };
}

const PAGE_PATH = /^\/(?:pay\/[A-Za-z0-9_-]{1,100}|payment\/pay\?[^\s"'<>\\]{1,4000})$/;

/** `value` when it is the path of one of our payment pages (used for "start again" links), else null. */
export function safePagePath(value: unknown): string | null {
  return typeof value === 'string' && PAGE_PATH.test(value) ? value : null;
}
