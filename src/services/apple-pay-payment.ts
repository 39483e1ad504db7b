/**
 * An Apple Pay payment (S19): the draft transaction (`payment_method` `apple_pay`, a fresh reference),
 * the APS server-to-server purchase with the token through the provider contract, and APS' answer
 * entered through the one ingestion (`ingestMessage`, channel `api`), so state, history, events and
 * the ledger change where they always do. Merchant validation is in `apple-pay-session.ts`.
 */
import { getPaymentMethod } from '../domain/payment-methods.js';
import type { TransactionState } from '../store/schema.js';
import { ValidationError } from '../errors.js';
import { ProviderCallError, ProviderRejectedError } from '../providers/errors.js';
import type { TransactionRecord } from '../store/repositories/index.js';
import { applePayAccount, loadApplePayProvider } from './apple-pay-settings.js';
import { createPaymentTransaction, type NewPayment } from './checkout.js';
import { providerFor, type ServiceContext } from './context.js';
import { ingestMessage } from './ingest-notification.js';
import { startLinkAttempt, type LinkIdentity } from './link-attempts.js';

/** How an Apple Pay payment ended for the customer's payment sheet. */
export type ApplePayResult =
  | { kind: 'refused'; payment: TransactionRecord }
  | {
      kind: 'charged';
      transaction: TransactionRecord;
      /** Whether the sheet may show success: the payment is done, authorized or pending at APS. */
      success: boolean;
      /** APS' message when it refused or failed the payment. */
      message?: string;
    };

const SUCCESS_STATES: readonly TransactionState[] = ['done', 'authorized', 'pending'];

/**
 * Starts and charges one Apple Pay payment. `payment.paymentMethod` must be `apple_pay`; a link's
 * payment that is already pending, authorized or done refuses a second one.
 */
export async function payWithApplePay(
  ctx: ServiceContext,
  input: { payment: NewPayment; link: LinkIdentity | null; token: unknown; customerIp?: string | null },
): Promise<ApplePayResult> {
  const { payment } = input;
  if (payment.paymentMethod !== 'apple_pay') {
    throw new ValidationError('Not an Apple Pay payment.', [
      { field: 'payment_method', message: 'must be apple_pay' },
    ]);
  }
  const repos = ctx.store.repos;
  const { provider, applePay } = await loadApplePayProvider(ctx, repos, payment.providerId);
  const implementation = providerFor(ctx, provider.code);
  if (!implementation.chargeApplePay) {
    throw new ValidationError('This provider cannot take Apple Pay.', [
      { field: 'provider', message: 'no Apple Pay' },
    ]);
  }
  const account = applePayAccount(provider, applePay);
  let tx: TransactionRecord;
  if (input.link) {
    const attempt = await startLinkAttempt(ctx, input.link, payment);
    if (attempt.kind === 'refused') return { kind: 'refused', payment: attempt.payment };
    tx = attempt.transaction;
  } else {
    tx = await createPaymentTransaction(ctx, payment);
  }
  const method = getPaymentMethod('apple_pay');
  let message: string | undefined;
  try {
    const result = await implementation.chargeApplePay(account, {
      transaction: {
        reference: tx.reference,
        amountMinor: tx.amount,
        currency: tx.currency,
        paymentMethod: tx.paymentMethod,
        customer: { email: tx.customerEmail ?? '', name: tx.customerName, lang: tx.customerLang },
      },
      token: input.token,
      methodAllowsAuthorization: method.allowsAuthorization,
      ...(tx.captureMethod && { captureMethod: tx.captureMethod }),
      customerIp: input.customerIp ?? null,
    });
    const ingested = await ingestMessage(ctx, {
      providerCode: provider.code,
      channel: 'api',
      fields: result.message,
    });
    message = ingested.providerOutcome?.message;
  } catch (err) {
    if (err instanceof ProviderRejectedError) {
      // APS refused the request itself (unsigned status 00): nothing happened at APS.
      ctx.logger.warn(
        { reference: tx.reference, responseCode: err.responseCode },
        'APS refused the Apple Pay payment',
      );
      message = err.message;
    } else if (err instanceof ProviderCallError) {
      // Outcome unknown: the draft's scheduled status check settles it.
      ctx.logger.warn({ reference: tx.reference, err: err.message }, 'Apple Pay payment outcome unknown');
      message = err.message;
    } else {
      throw err;
    }
  }
  const transaction = (await repos.transactions.findById(tx.id)) ?? tx;
  const success = SUCCESS_STATES.includes(transaction.state);
  return { kind: 'charged', transaction, success, ...(message !== undefined && !success && { message }) };
}
