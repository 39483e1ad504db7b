/**
 * What the Redirection request adds for installments and Tabby (reference round 2 §6, §7; SPEC S20):
 * `installments=STANDALONE` sends the customer to APS' installments page (PURCHASE only); Tabby always
 * carries `phone_number` and `order_description` (APS' Tabby page requires both).
 */
import type { ProviderMessage, TransactionSnapshot } from '../provider.js';

/** Characters APS takes in `order_description` besides letters and digits (reference §2.1). */
const DESCRIPTION_DROPPED = /[^\p{L}\p{N}'/._\-#:$ ]+/gu;

/** An order description APS accepts: other characters become spaces, at most 150 (as the PHP SDK cuts). */
export function orderDescription(text: string): string {
  const cleaned = text.replace(DESCRIPTION_DROPPED, ' ').replace(/\s+/g, ' ').trim();
  return [...cleaned].slice(0, 150).join('').trim();
}

/** The extra Redirection fields of a payment's method; empty for the other methods. */
export function methodRedirectFields(transaction: TransactionSnapshot): Record<string, string> {
  if (transaction.paymentMethod === 'installments') return { installments: 'STANDALONE' };
  if (transaction.paymentMethod !== 'tabby') return {};
  const fields: Record<string, string> = {};
  const phone = transaction.customer.phone?.trim();
  if (phone) fields.phone_number = phone;
  const description = orderDescription(transaction.description ?? '');
  if (description) fields.order_description = description;
  return fields;
}

/** The installment plan an answer reports (`number_of_installments`, `plan_code`, `issuer_code`). */
export function installmentPlanOf(
  fields: ProviderMessage,
): { numberOfInstallments: number; planCode: string | null; issuerCode: string | null } | undefined {
  const count = fields.number_of_installments;
  if (count === undefined || !/^\d{1,3}$/.test(count) || Number(count) === 0) return undefined;
  return {
    numberOfInstallments: Number(count),
    planCode: fields.plan_code || null,
    issuerCode: fields.issuer_code || null,
  };
}
