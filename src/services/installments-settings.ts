/**
 * The provider's installments minimums on the back-office form (SPEC S20): one amount per currency
 * installments run in, typed in major units, stored in minor units; empty = no minimum.
 */
import { toMinorUnits, formatMinorUnits } from '../domain/money.js';
import { getPaymentMethod } from '../domain/payment-methods.js';
import { ValidationError, type FieldError } from '../errors.js';

/** The currencies a minimum can be set for: those the installments method runs in. */
export const INSTALLMENTS_CURRENCIES: readonly string[] = getPaymentMethod('installments').currencies;

/** The form field of one currency's minimum, e.g. `installmentsMinSAR`. */
export function installmentsMinimumField(currency: string): string {
  return `installmentsMin${currency}`;
}

/** The typed minimums of a submitted form, by currency. */
export function readInstallmentsMinimums(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const currency of INSTALLMENTS_CURRENCIES) {
    const value = body[installmentsMinimumField(currency)];
    out[currency] = typeof value === 'string' ? value : '';
  }
  return out;
}

/** The form values of stored minimums. */
export function installmentsMinimumValues(
  stored: Readonly<Record<string, number>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const currency of INSTALLMENTS_CURRENCIES) {
    const minor = stored?.[currency];
    out[currency] = minor === undefined ? '' : formatMinorUnits(minor, currency);
  }
  return out;
}

/** Parses typed minimums; problems go to `errors`, each on its field. */
export function parseInstallmentsMinimums(
  typed: Readonly<Record<string, string>>,
  errors: FieldError[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const currency of INSTALLMENTS_CURRENCIES) {
    const text = (typed[currency] ?? '').trim().replace(/,/g, '');
    if (text === '') continue;
    try {
      out[currency] = toMinorUnits(text, currency, installmentsMinimumField(currency));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors.push(...err.fields);
    }
  }
  return out;
}
