/** Payment links (S10–S12): a stored amount and order reference behind `/pay/<id>`. */
import { toCountryCode } from '../domain/countries.js';
import { assertCurrency } from '../domain/currency.js';
import { isEmailAddress } from '../domain/email.js';
import { parsePaymentAmount } from '../domain/money.js';
import { ValidationError } from '../errors.js';
import type { PaymentLinkRecord } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';

/** Where a link stands for the customer and the operator. */
export type PaymentLinkStatus = 'open' | 'paid' | 'expired' | 'inactive';

/** What a merchant supplies to create a link (amount as a decimal string in major units). */
export interface PaymentLinkInput {
  amount: string;
  currency: string;
  orderReference?: string | null;
  description?: string | null;
  customerEmail?: string | null;
  customerName?: string | null;
  /** ISO 3166-1 alpha-2; the payment page then offers only that country's methods. */
  customerCountry?: string | null;
  lang?: string | null;
  expiresAt?: string | null;
  createdBy?: string | null;
}

/** Validates `input` and stores a new active link. */
export async function createPaymentLink(
  ctx: ServiceContext,
  input: PaymentLinkInput,
): Promise<PaymentLinkRecord> {
  const errors: { field: string; message: string }[] = [];
  let currency = '';
  let amount = 0;
  try {
    currency = assertCurrency(input.currency?.toString().toUpperCase());
  } catch (err) {
    errors.push({ field: 'currency', message: (err as Error).message });
  }
  if (currency) {
    try {
      amount = parsePaymentAmount(input.amount, currency);
    } catch (err) {
      errors.push({ field: 'amount', message: (err as Error).message });
    }
  }
  const email = input.customerEmail?.trim() || null;
  if (email && !isEmailAddress(email))
    errors.push({ field: 'customer_email', message: 'is not a valid email address' });
  const countryText = input.customerCountry?.trim() || null;
  const customerCountry = countryText === null ? null : toCountryCode(countryText);
  if (countryText !== null && customerCountry === null)
    errors.push({ field: 'customer_country', message: 'is not an ISO 3166-1 alpha-2 country code' });
  const orderReference = input.orderReference?.trim() || null;
  if (orderReference && orderReference.length > 100) {
    errors.push({ field: 'order_reference', message: 'must be at most 100 characters' });
  }
  const description = input.description?.trim() || null;
  if (description && description.length > 500) {
    errors.push({ field: 'description', message: 'must be at most 500 characters' });
  }
  let expiresAt: string | null = null;
  if (input.expiresAt) {
    const at = new Date(input.expiresAt);
    if (Number.isNaN(at.getTime()))
      errors.push({ field: 'expires_at', message: 'is not a valid date and time' });
    else if (at.getTime() <= ctx.clock.now().getTime())
      errors.push({ field: 'expires_at', message: 'must be in the future' });
    else expiresAt = at.toISOString();
  }
  if (errors.length > 0) throw new ValidationError('The payment link is invalid.', errors);
  return ctx.store.repos.paymentLinks.insert({
    amount,
    currency,
    orderReference,
    description,
    customerEmail: email,
    customerName: input.customerName?.trim() || null,
    customerCountry,
    lang: input.lang ?? null,
    expiresAt,
    createdBy: input.createdBy ?? null,
  });
}

/** The status of a link at `now`. */
export function paymentLinkStatus(link: PaymentLinkRecord, now: Date): PaymentLinkStatus {
  if (link.paidTransactionId) return 'paid';
  if (!link.active) return 'inactive';
  if (link.expiresAt && new Date(link.expiresAt).getTime() <= now.getTime()) return 'expired';
  return 'open';
}

/** The public URL of a link. */
export function paymentLinkUrl(
  ctx: Pick<ServiceContext, 'publicUrl'>,
  link: Pick<PaymentLinkRecord, 'id'>,
): string {
  return `${ctx.publicUrl}/pay/${link.id}`;
}
