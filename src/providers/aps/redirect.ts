/**
 * The hosted-page request (SPEC S6, reference §2): exactly the fields production integrations send,
 * validated against APS' rules and signed with the request phrase before the browser ever sees them.
 */
import { ValidationError, type FieldError } from '../../errors.js';
import type { ProviderAccount, RedirectForm, RedirectInput } from '../provider.js';
import { methodRedirectFields } from './bnpl-fields.js';
import { paymentPageUrl } from './endpoints.js';
import { validateRequestFields, type FieldProblem } from './fields.js';
import { computeSignature } from './signature.js';

/** The path APS returns the customer's browser to, under the public URL. */
export const RETURN_PATH = '/payment/aps/return';

/** Reduces a locale to a language the hosted page supports: `ar…` → `ar`, anything else → `en`. */
export function apsLanguage(locale: string | null | undefined): 'en' | 'ar' {
  return /^ar(?:$|[-_])/i.test(locale?.trim() ?? '') ? 'ar' : 'en';
}

/**
 * The `payment_option` for a catalogue method: upper-cased code, none for `card` (payer picks the
 * brand) nor for the wallets, which APS selects with `digital_wallet` instead (S19).
 */
export function paymentOptionFor(paymentMethod: string): string | undefined {
  if (digitalWalletFor(paymentMethod) !== undefined || paymentMethod === 'apple_pay') return undefined;
  // Installments are a card payment on APS' installments page: the customer picks the card there.
  if (paymentMethod === 'installments') return undefined;
  return paymentMethod === 'card' ? undefined : paymentMethod.toUpperCase();
}

/** The `digital_wallet` of a hosted-page payment: `STCPAY` for STC Pay, as APS documents it (S19). */
export function digitalWalletFor(paymentMethod: string): string | undefined {
  return paymentMethod === 'stcpay' ? 'STCPAY' : undefined;
}

/**
 * The command: AUTHORIZATION for a payment captured manually (as asked for it, or by the account's
 * setting) when the method allows it; PURCHASE otherwise.
 */
export function paymentCommand(
  account: ProviderAccount,
  methodAllowsAuthorization: boolean,
  captureMethod?: 'automatic' | 'manual',
): 'PURCHASE' | 'AUTHORIZATION' {
  const manual = captureMethod === undefined ? account.captureManually : captureMethod === 'manual';
  return manual && methodAllowsAuthorization ? 'AUTHORIZATION' : 'PURCHASE';
}

/** Where APS fields come from in payport's words, so a refusal names what the caller can fix. */
const DOMAIN_FIELD: Record<string, string> = {
  access_code: 'accessCode',
  merchant_identifier: 'merchantIdentifier',
  merchant_reference: 'reference',
  amount: 'amountMinor',
  currency: 'currency',
  language: 'customer.lang',
  customer_email: 'customer.email',
  return_url: 'publicUrl',
  payment_option: 'paymentMethod',
  phone_number: 'customer.phone',
  order_description: 'description',
};

/** Fields whose values are secrets: a refusal must not quote them. */
const SECRET_FIELDS = new Set(['access_code', 'signature']);

/** Turns APS parameter problems into a ValidationError that names payport's fields. */
export function toValidationError(what: string, problems: FieldProblem[]): ValidationError {
  const fields: FieldError[] = problems.map((problem) => ({
    field: DOMAIN_FIELD[problem.field] ?? problem.field,
    message: SECRET_FIELDS.has(problem.field)
      ? `${problem.field.replace('_', ' ')} is missing or malformed (APS code ${problem.messageCode})`
      : problem.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new ValidationError(`${what} cannot be sent to APS: ${summary}`, fields);
}

function amountField(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new ValidationError('the amount must be a positive whole number of minor units', [
      { field: 'amountMinor', message: `got ${String(amountMinor)}` },
    ]);
  }
  return String(amountMinor);
}

/** The signed hosted-page form for one transaction; throws ValidationError before anything is sent. */
export function buildRedirect(input: RedirectInput): RedirectForm {
  const { account, transaction } = input;
  const url = paymentPageUrl(account);
  const command = paymentCommand(account, input.methodAllowsAuthorization, input.captureMethod);
  const paymentOption = paymentOptionFor(transaction.paymentMethod);
  const fields: Record<string, string> = {
    command,
    access_code: account.accessCode,
    merchant_identifier: account.merchantIdentifier,
    merchant_reference: transaction.reference,
    amount: amountField(transaction.amountMinor),
    currency: transaction.currency,
    language: apsLanguage(transaction.customer.lang),
    customer_email: transaction.customer.email,
    return_url: `${input.publicUrl.replace(/\/+$/, '')}${RETURN_PATH}`,
    ...(paymentOption === undefined ? {} : { payment_option: paymentOption }),
    ...(input.savedToken ? { token_name: input.savedToken } : {}),
    ...(input.rememberMe ? { remember_me: 'YES' } : {}),
    ...methodRedirectFields(transaction),
  };
  const wallet = digitalWalletFor(transaction.paymentMethod);
  if (wallet !== undefined) fields.digital_wallet = wallet;
  fields.signature = computeSignature(fields, account.shaRequestPhrase, account.shaType);
  const problems = validateRequestFields(command, fields);
  if (problems.length > 0) throw toValidationError(`payment ${transaction.reference}`, problems);
  return { url, method: 'POST', fields };
}
