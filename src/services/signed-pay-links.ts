/**
 * Signed `/payment/pay` links (S10): the amount, currency, order reference, customer and landing URL
 * travel in the query string, bound together by an HMAC access token so that none of them can be
 * changed. `lang` is left out of the MAC on purpose: it only chooses the page language, and the
 * customer must be able to switch it. A `country` the merchant signs fixes the customer's country; an
 * unsigned `country` beside a token that does not cover one is only the customer's own answer to the
 * page's question (S21), never a signed value.
 */
import { isEmailAddress } from '../domain/email.js';
import { signToken, verifyToken, type TokenFields } from '../crypto/tokens.js';
import { assertCurrency } from '../domain/currency.js';
import { toCountryCode } from '../domain/countries.js';
import { parsePaymentAmount } from '../domain/money.js';
import { ValidationError, type FieldError } from '../errors.js';
import type { ServiceContext } from './context.js';

const PURPOSE = 'payment-pay';
const LINK_KEY_PURPOSE = 'payment-pay-link';
/** Limits on the free-text parameters, generous for people and tight for abuse. */
const MAX_REFERENCE = 100;
const MAX_NAME = 200;
const MAX_URL = 2048;

/** The parameters of a `/payment/pay` link; `amount` is a decimal string in major units (`"12.500"`). */
export interface PaymentPayParams {
  amount: string;
  currency: string;
  /** The merchant's order reference, e.g. `INV/2026/0042`. */
  reference?: string | null;
  email?: string | null;
  name?: string | null;
  /** Page language (`en`/`ar`); not covered by the access token. */
  lang?: string | null;
  /** Where the customer goes once the payment is final (http or https). */
  landingUrl?: string | null;
  /** A saved customer (S18): the page offers their saved cards. Signed only when present. */
  customer?: string | null;
  /** The customer's country (ISO 3166-1 alpha-2): only methods offered there are shown. Signed only when present. */
  country?: string | null;
}

/** A link's parameters once checked: amount in minor units, empty values as null. */
export interface PaymentPayRequest {
  amountMinor: number;
  currency: string;
  orderReference: string | null;
  email: string | null;
  name: string | null;
  landingUrl: string | null;
  /** The saved customer the page is for, or null. */
  customerId: string | null;
  /** The country the merchant fixed, or null. */
  country: string | null;
}

export { isEmailAddress };

/** True for an absolute http(s) URL a customer may be sent to. */
export function isLandingUrl(value: string): boolean {
  if (value.length > MAX_URL) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === ''
    );
  } catch {
    return false;
  }
}

function blankToNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function signedFields(params: PaymentPayParams): TokenFields {
  return {
    amount: params.amount,
    currency: params.currency,
    reference: blankToNull(params.reference),
    email: blankToNull(params.email),
    name: blankToNull(params.name),
    landing_url: blankToNull(params.landingUrl),
    // Added only when present, so every link signed before customers existed keeps its token.
    ...(blankToNull(params.customer) !== null && { customer: blankToNull(params.customer) }),
    ...(blankToNull(params.country) !== null && { country: blankToNull(params.country) }),
  };
}

/** Checks the parameters of a link and converts the amount; a ValidationError names every bad one. */
export function checkPaymentPayParams(params: PaymentPayParams): PaymentPayRequest {
  const errors: FieldError[] = [];
  let currency = '';
  let amountMinor = 0;
  try {
    currency = assertCurrency(params.currency);
  } catch (err) {
    errors.push(...(err as ValidationError).fields);
  }
  if (currency) {
    try {
      amountMinor = parsePaymentAmount(params.amount, currency);
    } catch (err) {
      errors.push(...(err as ValidationError).fields);
    }
  }
  const orderReference = blankToNull(params.reference);
  if (orderReference !== null && orderReference.length > MAX_REFERENCE) {
    errors.push({ field: 'reference', message: `must be at most ${MAX_REFERENCE} characters` });
  }
  const email = blankToNull(params.email);
  if (email !== null && !isEmailAddress(email))
    errors.push({ field: 'email', message: 'is not a valid email address' });
  const name = blankToNull(params.name);
  if (name !== null && name.length > MAX_NAME)
    errors.push({ field: 'name', message: `must be at most ${MAX_NAME} characters` });
  const landingUrl = blankToNull(params.landingUrl);
  if (landingUrl !== null && !isLandingUrl(landingUrl)) {
    errors.push({ field: 'landing_url', message: 'must be an absolute http(s) URL without credentials' });
  }
  const customerId = blankToNull(params.customer);
  if (customerId !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(customerId))
    errors.push({ field: 'customer', message: 'is not a customer id' });
  const countryGiven = blankToNull(params.country);
  const country = countryGiven === null ? null : toCountryCode(countryGiven);
  if (countryGiven !== null && country === null)
    errors.push({ field: 'country', message: 'is not an ISO 3166-1 alpha-2 country code such as SA' });
  if (errors.length > 0) {
    throw new ValidationError(
      `The payment link is invalid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return { amountMinor, currency, orderReference, email, name, landingUrl, customerId, country };
}

/** The access token of a `/payment/pay` link with these parameters. */
export function paymentPayToken(ctx: Pick<ServiceContext, 'secret'>, params: PaymentPayParams): string {
  return signToken(ctx.secret, PURPOSE, signedFields(params));
}

/**
 * The stable identity of a `/payment/pay` link, stored on the payments started from it so a new attempt
 * finds the earlier ones (S9). A MAC of its own purpose over the same fields: the same link in another
 * language is the same link, and the column never holds the access token itself.
 */
export function paymentPayLinkKey(ctx: Pick<ServiceContext, 'secret'>, params: PaymentPayParams): string {
  return `pay:${signToken(ctx.secret, LINK_KEY_PURPOSE, signedFields(params))}`;
}

/**
 * The absolute, signed `/payment/pay` URL for a payment (back office, demo, tests). The currency is
 * upper-cased and text is trimmed before signing; invalid parameters raise a ValidationError.
 */
export function paymentPayUrl(
  ctx: Pick<ServiceContext, 'secret' | 'publicUrl'>,
  params: PaymentPayParams,
): string {
  const normalized: PaymentPayParams = {
    amount: params.amount.trim(),
    currency: params.currency.trim().toUpperCase(),
    reference: blankToNull(params.reference?.trim()),
    email: blankToNull(params.email?.trim()),
    name: blankToNull(params.name?.trim()),
    lang: blankToNull(params.lang?.trim()),
    landingUrl: blankToNull(params.landingUrl?.trim()),
    customer: blankToNull(params.customer?.trim()),
    country: blankToNull(params.country?.trim().toUpperCase()),
  };
  checkPaymentPayParams(normalized);
  const query = new URLSearchParams({ amount: normalized.amount, currency: normalized.currency });
  const optional: [string, string | null | undefined][] = [
    ['reference', normalized.reference],
    ['email', normalized.email],
    ['name', normalized.name],
    ['lang', normalized.lang],
    ['landing_url', normalized.landingUrl],
    ['customer', normalized.customer],
    ['country', normalized.country],
  ];
  for (const [key, value] of optional) if (value) query.set(key, value);
  query.set('access_token', paymentPayToken(ctx, normalized));
  return `${ctx.publicUrl.replace(/\/+$/, '')}/payment/pay?${query.toString()}`;
}

function single(query: Record<string, unknown>, key: string): string | null | undefined {
  const value = query[key];
  if (value === undefined) return null;
  // A repeated parameter is ambiguous: refuse it rather than guess which one was signed.
  return typeof value === 'string' ? value : undefined;
}

/**
 * The parameters of a `/payment/pay` request when its access token matches them exactly; null when the
 * token is missing or wrong, a parameter is repeated, or amount/currency are absent (the caller answers
 * 404 without saying which, like Odoo). A `country` the token does not cover is left out of the result
 * (`country: null`): it is the customer's answer, which the caller reads and checks itself; a token
 * that covers a country accepts no other.
 */
export function readPaymentPayQuery(
  ctx: Pick<ServiceContext, 'secret'>,
  query: Record<string, unknown>,
): PaymentPayParams | null {
  const values: Record<string, string | null> = {};
  for (const key of [
    'amount',
    'currency',
    'reference',
    'email',
    'name',
    'lang',
    'landing_url',
    'customer',
    'country',
    'access_token',
  ]) {
    const value = single(query, key);
    if (value === undefined) return null;
    values[key] = value;
  }
  const amount = values.amount;
  const currency = values.currency;
  if (!amount || !currency || !values.access_token) return null;
  const params: PaymentPayParams = {
    amount,
    currency,
    reference: values.reference ?? null,
    email: values.email ?? null,
    name: values.name ?? null,
    lang: values.lang ?? null,
    landingUrl: values.landing_url ?? null,
    customer: values.customer ?? null,
    country: values.country ?? null,
  };
  if (verifyToken(ctx.secret, PURPOSE, signedFields(params), values.access_token)) return params;
  if (params.country === null) return null;
  const unsignedCountry: PaymentPayParams = { ...params, country: null };
  return verifyToken(ctx.secret, PURPOSE, signedFields(unsignedCountry), values.access_token)
    ? unsignedCountry
    : null;
}
