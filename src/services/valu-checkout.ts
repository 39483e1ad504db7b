/**
 * valU checkout (SPEC S20): the customer check and the one-time code with the plans on offer, then the
 * confirmation with the code and the chosen plan. Every answer that settles the payment — a refused
 * customer, a refused code request, the purchase itself — enters the one ingestion (channel `api`), so
 * state, history, events and the ledger change in one place, exactly as for a hosted-page payment.
 */
import { ValidationError } from '../errors.js';
import type {
  OtpPaymentAnswer,
  OtpPaymentPlan,
  OtpPaymentStep,
  PaymentProvider,
  ProviderAccount,
  TransactionSnapshot,
} from '../providers/provider.js';
import type { TransactionRecord } from '../store/repositories/index.js';
import { providerFor, type ServiceContext } from './context.js';
import { ingestMessage } from './ingest-notification.js';
import { toProviderAccount, toProviderConfig } from './provider-accounts.js';

/** Where a valU attempt stands after a step. */
export type ValuStepResult =
  | { kind: 'code_sent'; plans: OtpPaymentPlan[]; loanOrderId: string }
  | { kind: 'settled'; transaction: TransactionRecord };

interface Prepared {
  provider: PaymentProvider & Required<Pick<PaymentProvider, 'otpPayment'>>;
  providerCode: string;
  account: ProviderAccount;
  snapshot: TransactionSnapshot;
}

async function prepare(ctx: ServiceContext, tx: TransactionRecord): Promise<Prepared> {
  if (tx.paymentMethod !== 'valu' || tx.operation !== 'online_redirect') {
    throw new ValidationError('This payment is not a valU payment.');
  }
  if (tx.state !== 'draft') {
    throw new ValidationError(`This payment is already ${tx.state}.`, [
      { field: 'state', message: tx.state },
    ]);
  }
  const record = await ctx.store.repos.providers.findById(tx.providerId);
  if (!record) throw new ValidationError('The provider of this payment no longer exists.');
  const provider = providerFor(ctx, record.code);
  if (!provider.otpPayment) throw new ValidationError(`Provider ${record.code} does not offer valU.`);
  return {
    provider: provider as Prepared['provider'],
    providerCode: record.code,
    account: toProviderAccount(toProviderConfig(record, ctx.secretBox)),
    snapshot: {
      reference: tx.reference,
      amountMinor: tx.amount,
      currency: tx.currency,
      paymentMethod: tx.paymentMethod,
      customer: {
        email: tx.customerEmail ?? '',
        name: tx.customerName,
        lang: tx.customerLang,
        phone: tx.customerPhone,
      },
      description: tx.description,
    },
  };
}

/** Records the provider's answer through ingestion and returns the payment as it now stands. */
async function settle(
  ctx: ServiceContext,
  prepared: Prepared,
  tx: TransactionRecord,
  answer: OtpPaymentAnswer,
): Promise<TransactionRecord> {
  await ingestMessage(ctx, { providerCode: prepared.providerCode, channel: 'api', fields: answer.message });
  return (await ctx.store.repos.transactions.findById(tx.id)) ?? tx;
}

/** Refuses a down payment that is negative or not less than the amount (it would leave nothing to finance). */
export function checkDownPayment(tx: TransactionRecord, downPaymentMinor: number): void {
  if (!Number.isSafeInteger(downPaymentMinor) || downPaymentMinor < 0 || downPaymentMinor >= tx.amount) {
    throw new ValidationError('The down payment must be less than the amount.', [
      { field: 'down_payment', message: 'must be at least 0 and less than the amount' },
    ]);
  }
}

/**
 * Checks the customer with valU and asks for the one-time code; the answer lists the plans. A refusal
 * at either step settles the payment (the customer is told why and may try again).
 */
export async function sendValuCode(
  ctx: ServiceContext,
  tx: TransactionRecord,
  downPaymentMinor: number,
): Promise<ValuStepResult> {
  checkDownPayment(tx, downPaymentMinor);
  const prepared = await prepare(ctx, tx);
  const run = (step: OtpPaymentStep) => prepared.provider.otpPayment(prepared.account, step);
  const checked = await run({ step: 'check_customer', transaction: prepared.snapshot });
  if (!checked.ok) return { kind: 'settled', transaction: await settle(ctx, prepared, tx, checked) };
  const sent = await run({ step: 'send_code', transaction: prepared.snapshot, downPaymentMinor });
  if (!sent.ok || !sent.loanOrderId) {
    return { kind: 'settled', transaction: await settle(ctx, prepared, tx, sent) };
  }
  return { kind: 'code_sent', plans: sent.plans, loanOrderId: sent.loanOrderId };
}

/** Confirms the purchase with the code and the chosen plan; its answer settles the payment. */
export async function confirmValu(
  ctx: ServiceContext,
  tx: TransactionRecord,
  input: { code: string; months: number; downPaymentMinor: number; loanOrderId: string },
): Promise<TransactionRecord> {
  if (!/^\d{4,8}$/.test(input.code)) {
    throw new ValidationError('Enter the code sent to your phone.', [
      { field: 'otp', message: 'must be the 4 to 8 digit code' },
    ]);
  }
  checkDownPayment(tx, input.downPaymentMinor);
  const prepared = await prepare(ctx, tx);
  const answer = await prepared.provider.otpPayment(prepared.account, {
    step: 'confirm',
    transaction: prepared.snapshot,
    downPaymentMinor: input.downPaymentMinor,
    code: input.code,
    months: input.months,
    loanOrderId: input.loanOrderId,
  });
  return settle(ctx, prepared, tx, answer);
}
