/**
 * What the installment and buy-now-pay-later methods ask beyond a country and a currency (SPEC S20):
 * minimum amounts, the customer data the provider needs, and how they may be refunded. Sources and
 * decisions: docs/payment-methods.md.
 */
import { ValidationError, type FieldError } from '../errors.js';
import { formatMinorUnits } from './money.js';
import { getPaymentMethod, type PaymentMethodCode } from './payment-methods.js';

/** Customer data a method may need, named as the API takes it. */
export type RequiredField = 'customer.phone' | 'customer.country' | 'description';

/** How a completed payment may be refunded. */
export type RefundRule = 'full_or_partial' | 'full_only';

/** The rules of one method; methods without an entry need nothing more and refund freely. */
export interface MethodRules {
  requires: readonly RequiredField[];
  /** Smallest amount per currency, in minor units. */
  minimums: Readonly<Record<string, number>>;
  refunds: RefundRule;
}

const NONE: MethodRules = Object.freeze({ requires: [], minimums: {}, refunds: 'full_or_partial' });

const RULES: Readonly<Partial<Record<PaymentMethodCode, MethodRules>>> = Object.freeze({
  // APS requires phone_number and order_description on every Tabby request; Tabby lends to residents of
  // its countries, so the country is needed to offer it. 10.00 is Tabby's smallest order.
  tabby: {
    requires: ['customer.phone', 'customer.country', 'description'],
    minimums: { SAR: 1000, AED: 1000 },
    refunds: 'full_or_partial',
  },
  // valU verifies the customer by mobile number and signs the order's products (built from the
  // description); 500 EGP is the official plugins' minimum order; they refuse partial refunds.
  valu: {
    requires: ['customer.phone', 'customer.country', 'description'],
    minimums: { EGP: 50000 },
    refunds: 'full_only',
  },
});

/** The rules of `method`. */
export function methodRules(method: PaymentMethodCode): MethodRules {
  return RULES[method] ?? NONE;
}

/**
 * The smallest amount `method` takes in `currency` (minor units), or null for none: the catalogue's
 * own minimum, or for installments the minimum the provider set for that currency.
 */
export function methodMinimum(
  method: PaymentMethodCode,
  currency: string,
  installmentsMinimums: Readonly<Record<string, number>> | undefined,
): number | null {
  const code = currency.toUpperCase();
  if (method === 'installments') return installmentsMinimums?.[code] ?? null;
  return methodRules(method).minimums[code] ?? null;
}

/** "500.00 SAR": a minimum as people read it. */
export function describeMinimum(minimum: number, currency: string): string {
  return `${formatMinorUnits(minimum, currency.toUpperCase())} ${currency.toUpperCase()}`;
}

const E164 = /^\+[1-9]\d{7,14}$/;

/** True for a phone number in E.164 form, e.g. `+966501234567`. */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Calling codes of the countries whose methods need a phone number, longest first. */
const CALLING_CODES: readonly [string, string][] = [
  ['+966', 'SA'],
  ['+971', 'AE'],
  ['+965', 'KW'],
  ['+974', 'QA'],
  ['+968', 'OM'],
  ['+973', 'BH'],
  ['+20', 'EG'],
];

/** The country of an E.164 number among those payport's methods serve; null for any other. */
export function countryOfPhone(phone: string): string | null {
  return CALLING_CODES.find(([prefix]) => phone.startsWith(prefix))?.[1] ?? null;
}

/** The customer data known for a payment. */
export interface PaymentDetails {
  phone?: string | null | undefined;
  country?: string | null | undefined;
  description?: string | null | undefined;
}

/** What is missing or malformed for `method`, one entry per field (empty when all is there). */
export function missingDetails(method: PaymentMethodCode, details: PaymentDetails): FieldError[] {
  const entry = getPaymentMethod(method);
  const problems: FieldError[] = [];
  for (const field of methodRules(method).requires) {
    const value =
      field === 'customer.phone'
        ? details.phone
        : field === 'customer.country'
          ? details.country
          : details.description;
    const text = value?.trim() ?? '';
    if (text === '') {
      problems.push({ field, message: `is required for ${entry.code}` });
    } else if (field === 'customer.phone' && !isE164(text)) {
      problems.push({ field, message: 'must be an E.164 number such as +966501234567' });
    } else if (
      field === 'customer.country' &&
      entry.countries.length > 0 &&
      !entry.countries.includes(text.toUpperCase())
    ) {
      problems.push({ field, message: `${entry.code} is offered in ${entry.countries.join(', ')} only` });
    }
  }
  return problems;
}

/** Refuses a payment that lacks what `method` needs, naming each field (422 through the API). */
export function assertPaymentDetails(method: PaymentMethodCode, details: PaymentDetails): void {
  const problems = missingDetails(method, details);
  if (problems.length === 0) return;
  const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  throw new ValidationError(`${getPaymentMethod(method).name.en}: ${summary}.`, problems);
}

/** Refuses an amount under `method`'s minimum, naming the minimum. */
export function assertMinimum(
  method: PaymentMethodCode,
  amountMinor: number,
  currency: string,
  installmentsMinimums: Readonly<Record<string, number>> | undefined,
): void {
  const minimum = methodMinimum(method, currency, installmentsMinimums);
  if (minimum === null || amountMinor >= minimum) return;
  const text = describeMinimum(minimum, currency);
  throw new ValidationError(`${getPaymentMethod(method).name.en} takes at least ${text}.`, [
    { field: 'amount', message: `is under the minimum of ${text} for ${method}` },
  ]);
}

/**
 * Refuses a refund the method does not allow: valU refunds only the whole payment at once (APS and
 * its plugins offer no partial valU refund).
 */
export function assertRefundAllowed(
  method: string,
  refund: { amountMinor: number; paymentAmountMinor: number; alreadyRefundedMinor: number; currency: string },
): void {
  const code = method as PaymentMethodCode;
  if (!RULES[code] || methodRules(code).refunds !== 'full_only') return;
  if (refund.alreadyRefundedMinor === 0 && refund.amountMinor === refund.paymentAmountMinor) return;
  const whole = describeMinimum(refund.paymentAmountMinor, refund.currency);
  throw new ValidationError(
    `${getPaymentMethod(code).name.en} payments can only be refunded in full (${whole}), in one refund.`,
    [{ field: 'amount', message: `partial refunds are not possible with ${code}; refund ${whole}` }],
  );
}
