/**
 * The back office's payment link form (S11, S21): currencies the providers accept, amounts as people
 * type them, expiry in the merchant's time zone. It reads what a person typed into the strict input of
 * {@link createPaymentLink} (which the API keeps using as it is), and says what is wrong with each field
 * as a problem code the page words in its language.
 */
import { toCountryCode } from '../domain/countries.js';
import { readAmountInput, type AmountInputProblem } from '../domain/amount-input.js';
import { isCurrencyCode, KNOWN_CURRENCIES } from '../domain/currency.js';
import { isEmailAddress } from '../domain/email.js';
import { instantToLocal, localToInstant } from '../domain/time-zone.js';
import type { PaymentLinkRecord } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';
import { loadMerchantSettings } from './merchant-settings.js';
import { createPaymentLink } from './payment-links.js';

/** Currencies merchants in APS' region use most, offered first when no provider restricts currencies. */
export const COMMON_CURRENCIES = [
  'SAR',
  'AED',
  'KWD',
  'QAR',
  'BHD',
  'OMR',
  'JOD',
  'EGP',
  'USD',
  'EUR',
  'GBP',
];

/** What the currency field offers. */
export interface CurrencyChoices {
  /** In display order. */
  currencies: string[];
  /** False when no provider is in Test or Enabled state (links can be made, not paid, until one is). */
  anyProvider: boolean;
}

/**
 * The currencies of the providers in Test or Enabled state: the union of their lists; when one of them
 * accepts any currency (an empty list), every currency payport knows, the common ones first. With no
 * such provider, the same full list.
 */
export async function offeredCurrencies(ctx: Pick<ServiceContext, 'store'>): Promise<CurrencyChoices> {
  const providers = await ctx.store.repos.providers.list({ states: ['test', 'enabled'] });
  const unrestricted = providers.length === 0 || providers.some((p) => p.currencies.length === 0);
  if (unrestricted) {
    const rest = KNOWN_CURRENCIES.filter((c) => !COMMON_CURRENCIES.includes(c));
    return { currencies: [...COMMON_CURRENCIES, ...rest], anyProvider: providers.length > 0 };
  }
  const union = new Set(providers.flatMap((p) => p.currencies).filter((c) => isCurrencyCode(c)));
  const common = COMMON_CURRENCIES.filter((c) => union.has(c));
  const rest = [...union].filter((c) => !COMMON_CURRENCIES.includes(c)).sort();
  return { currencies: [...common, ...rest], anyProvider: true };
}

/** One wrong field and why, for the page to word. */
export type LinkFormProblem =
  | { field: 'currency'; problem: 'missing' | 'not_offered' }
  | { field: 'amount'; problem: AmountInputProblem; currency: string }
  | { field: 'customer_email'; problem: 'invalid' }
  | { field: 'customer_country'; problem: 'invalid' }
  | { field: 'order_reference'; problem: 'too_long'; max: number }
  | { field: 'description'; problem: 'too_long'; max: number }
  | { field: 'expires_at'; problem: 'invalid' | 'past' | 'nonexistent'; timeZone: string };

/** The form as typed (trimmed strings). */
export interface LinkFormValues {
  amount: string;
  currency: string;
  order_reference: string;
  description: string;
  customer_email: string;
  /** ISO 3166-1 alpha-2, or empty: the payment page asks when a provider restricts countries. */
  customer_country: string;
  expires_at: string;
}

/** The result of {@link createLinkFromForm}. */
export type LinkFormResult =
  { ok: true; link: PaymentLinkRecord } | { ok: false; problems: LinkFormProblem[] };

/** Reads the form and creates the link, or returns every problem found (nothing is stored then). */
export async function createLinkFromForm(
  ctx: ServiceContext,
  values: LinkFormValues,
  createdBy: string,
): Promise<LinkFormResult> {
  const problems: LinkFormProblem[] = [];
  const { currencies } = await offeredCurrencies(ctx);
  const currency = values.currency.toUpperCase();
  if (currency === '') problems.push({ field: 'currency', problem: 'missing' });
  else if (!currencies.includes(currency)) problems.push({ field: 'currency', problem: 'not_offered' });
  let amount = '';
  if (currency !== '' && isCurrencyCode(currency)) {
    const read = readAmountInput(values.amount, currency);
    if (read.ok) amount = read.canonical;
    else problems.push({ field: 'amount', problem: read.problem, currency });
  }
  if (values.customer_email && !isEmailAddress(values.customer_email))
    problems.push({ field: 'customer_email', problem: 'invalid' });
  const country = values.customer_country ? toCountryCode(values.customer_country) : null;
  if (values.customer_country && country === null)
    problems.push({ field: 'customer_country', problem: 'invalid' });
  if ([...values.order_reference].length > 100)
    problems.push({ field: 'order_reference', problem: 'too_long', max: 100 });
  if ([...values.description].length > 500)
    problems.push({ field: 'description', problem: 'too_long', max: 500 });
  const { timeZone } = await loadMerchantSettings(ctx);
  let expiresAt: string | null = null;
  if (values.expires_at) {
    const instant = localToInstant(values.expires_at, timeZone);
    if (!instant) problems.push({ field: 'expires_at', problem: 'invalid', timeZone });
    else if (instantToLocal(instant, timeZone) !== values.expires_at.slice(0, 16))
      // A wall-clock time skipped when the clocks go forward (e.g. 01:30 on a spring night in London).
      problems.push({ field: 'expires_at', problem: 'nonexistent', timeZone });
    else if (instant.getTime() <= ctx.clock.now().getTime())
      problems.push({ field: 'expires_at', problem: 'past', timeZone });
    else expiresAt = instant.toISOString();
  }
  if (problems.length > 0) return { ok: false, problems };
  const link = await createPaymentLink(ctx, {
    amount,
    currency,
    orderReference: values.order_reference || null,
    description: values.description || null,
    customerEmail: values.customer_email || null,
    customerCountry: country,
    expiresAt,
    createdBy,
  });
  return { ok: true, link };
}
