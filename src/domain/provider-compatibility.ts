/**
 * Which providers, and which of their payment methods, a customer may use for one payment — Odoo's
 * `_get_compatible_providers` and `_get_compatible_payment_methods` (reference §1.4, §3).
 */
import {
  getPaymentMethod,
  isPaymentMethodCode,
  methodSupports,
  type PaymentMethod,
} from './payment-methods.js';
import type { ProviderConfig } from './provider-types.js';
import { methodMinimum } from './method-rules.js';

/** What is known about the payment and the person looking at the payment page. */
export interface PaymentContext {
  /** The customer's country (ISO 3166-1 alpha-2), when known. */
  country?: string | null | undefined;
  currency?: string | null | undefined;
  /** The amount in minor units of `currency`, when known. */
  amountMinor?: number | null | undefined;
  /** A signed-in back-office user also sees unpublished providers (that is how merchants test). */
  backOfficeUser?: boolean | undefined;
}

/** Why a provider is not offered (Odoo's availability-report reasons). */
export type ProviderIncompatibility =
  | 'provider_not_available'
  | 'not_published'
  | 'incompatible_country'
  | 'incompatible_currency'
  | 'exceed_min_or_max_amount';

/** A payment method of a compatible provider that can be offered for the payment. */
export interface CompatibleMethod {
  provider: ProviderConfig;
  method: PaymentMethod;
}

/** Why `provider` cannot be offered in `context`, or null when it can. */
export function providerIncompatibility(
  provider: ProviderConfig,
  context: PaymentContext,
): ProviderIncompatibility | null {
  if (provider.state !== 'test' && provider.state !== 'enabled') return 'provider_not_available';
  if (!provider.isPublished && !context.backOfficeUser) return 'not_published';
  const country = context.country ? context.country.toUpperCase() : undefined;
  if (country !== undefined && provider.countries.length > 0 && !provider.countries.includes(country)) {
    return 'incompatible_country';
  }
  const currency = context.currency ? context.currency.toUpperCase() : undefined;
  const amount = context.amountMinor;
  // Limits are stated in one currency and, unlike Odoo, never converted: compare like with like only.
  if (currency !== undefined && typeof amount === 'number' && currency === provider.amountCurrency) {
    if (provider.maxAmount !== null && amount > provider.maxAmount) return 'exceed_min_or_max_amount';
    if (provider.minAmount !== null && amount < provider.minAmount) return 'exceed_min_or_max_amount';
  }
  if (currency !== undefined && provider.currencies.length > 0 && !provider.currencies.includes(currency)) {
    return 'incompatible_currency';
  }
  return null;
}

function displayOrder(a: ProviderConfig, b: ProviderConfig): number {
  return a.sequence - b.sequence || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The providers that may be offered for a payment, in display order (sequence, then name). A customer
 * never sees a Test provider beside a live one ("Credit or debit card" twice, one of them fake): while a
 * live provider is offered, Test ones are left out. Back-office users still see both, to test.
 */
export function compatibleProviders(
  providers: readonly ProviderConfig[],
  context: PaymentContext,
): ProviderConfig[] {
  const offered = providers.filter((p) => providerIncompatibility(p, context) === null).sort(displayOrder);
  if (context.backOfficeUser || !offered.some((p) => p.state === 'enabled')) return offered;
  return offered.filter((p) => p.state === 'enabled');
}

/**
 * The payment methods the payment page lists: each method enabled on a compatible provider that also
 * fits the payment's country and currency, in provider order then the provider's own method order.
 */
export function compatibleMethods(
  providers: readonly ProviderConfig[],
  context: PaymentContext,
): CompatibleMethod[] {
  const result: CompatibleMethod[] = [];
  for (const provider of compatibleProviders(providers, context)) {
    for (const code of provider.paymentMethods) {
      // A stored code the catalogue no longer has is skipped: a payment page must still render.
      if (!isPaymentMethodCode(code)) continue;
      const method = getPaymentMethod(code);
      if (
        methodSupports(method, { country: context.country, currency: context.currency }) &&
        reachesMinimum(provider, method, context)
      ) {
        result.push({ provider, method });
      }
    }
  }
  return result;
}

/** Whether the payment's amount reaches the method's minimum (unknown amounts are not excluded). */
function reachesMinimum(provider: ProviderConfig, method: PaymentMethod, context: PaymentContext): boolean {
  if (!context.currency || typeof context.amountMinor !== 'number') return true;
  const minimum = methodMinimum(method.code, context.currency, provider.installmentsMinimums);
  return minimum === null || context.amountMinor >= minimum;
}

/**
 * Whether the payment page must ask the customer's country before offering methods (S21): none is
 * known, and a provider that could otherwise be offered accepts only some countries.
 */
export function needsCountry(providers: readonly ProviderConfig[], context: PaymentContext): boolean {
  if (context.country) return false;
  return providers.some((p) => p.countries.length > 0 && providerIncompatibility(p, context) === null);
}
