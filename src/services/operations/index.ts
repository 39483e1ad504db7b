/**
 * Capture, void, refund and "check status now" (S8, S9) — the functions the back office and the
 * merchant API call. Operations return the child transaction as it stands after the provider's answer
 * (`done`, `error` with the provider's message, or `pending` when the outcome is unknown and
 * reconciliation will settle it). Before anything is sent they throw `NotFound`, `Conflict` (the
 * payment's state does not allow it, or an earlier operation is still open) or `ValidationError` (422:
 * the amount is beyond what is left, which the message names).
 */
import { formatMinorUnits } from '../../domain/money.js';
import { NotFound } from '../../errors.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { checkTransactionStatus, type StatusCheckResult } from '../reconciliation/check-status.js';
import { planCapture, planRefund, planVoid } from './amounts.js';
import { runOperation, type OperationRequest } from './run-operation.js';
import type { TransactionOperations } from './types.js';

export { paymentAmounts, type PaymentAmounts } from './amounts.js';
export type { OperationChannel, OperationRequest } from './run-operation.js';
export type { OperationActor, TransactionOperations } from './types.js';
export type { StatusCheckResult } from '../reconciliation/check-status.js';

/** Captures `amountMinor` (default: all that is left) of the authorized payment `reference`. */
export function capture(
  ctx: ServiceContext,
  reference: string,
  input: OperationRequest & { amountMinor?: number },
): Promise<TransactionRecord> {
  return runOperation(
    ctx,
    reference,
    {
      operation: 'capture',
      verb: 'capture',
      plan: (payment, children) => planCapture(payment, children, input.amountMinor),
      send: (provider, account, payment, child) =>
        provider.capture(account, {
          reference: payment.reference,
          providerReference: payment.providerReference,
          lang: payment.customerLang,
          amountMinor: child.amount,
          currency: child.currency,
        }),
    },
    input,
  );
}

/**
 * Voids the authorization of payment `reference`: with nothing captured the provider releases all of it;
 * after a partial capture (which the provider does not void) payport closes it to further captures,
 * without a provider call, and the rest is released when the issuer's authorization expires.
 */
export function voidAuthorization(
  ctx: ServiceContext,
  reference: string,
  input: OperationRequest,
): Promise<TransactionRecord> {
  return runOperation(
    ctx,
    reference,
    {
      operation: 'void',
      verb: 'void',
      plan: (payment, children) => {
        const planned = planVoid(payment, children);
        if (planned.kind === 'release') return planned.amount;
        const rest = `${formatMinorUnits(planned.amount, payment.currency)} ${payment.currency}`;
        return {
          amount: planned.amount,
          local:
            `Authorization closed after a partial capture: nothing more can be captured; ` +
            `the ${rest} not captured is released when the issuer's authorization expires (no provider call)`,
        };
      },
      send: (provider, account, payment) =>
        provider.voidAuthorization(account, {
          reference: payment.reference,
          providerReference: payment.providerReference,
          lang: payment.customerLang,
        }),
    },
    input,
  );
}

/** Refunds `amountMinor` of the completed payment `reference`, up to what is captured and not refunded. */
export function refund(
  ctx: ServiceContext,
  reference: string,
  input: OperationRequest & { amountMinor: number },
): Promise<TransactionRecord> {
  return runOperation(
    ctx,
    reference,
    {
      operation: 'refund',
      verb: 'refund',
      plan: (payment, children) => planRefund(payment, children, input.amountMinor),
      send: (provider, account, payment, child) =>
        provider.refund(account, {
          reference: payment.reference,
          providerReference: payment.providerReference,
          lang: payment.customerLang,
          amountMinor: child.amount,
          currency: child.currency,
          refundReference: child.reference,
        }),
    },
    input,
  );
}

/**
 * Asks the provider now about the transaction `reference` (a payment or one of its children) and applies
 * the answer (S8 "check status now"). Throws the provider's `ProviderCallError` when the check itself
 * failed; nothing changes then.
 */
export async function checkStatus(
  ctx: ServiceContext,
  reference: string,
  input: OperationRequest,
): Promise<StatusCheckResult> {
  const tx = await ctx.store.repos.transactions.findByReference(reference);
  if (!tx) throw new NotFound(`No transaction ${reference}`);
  try {
    const result = await checkTransactionStatus(ctx, tx);
    ctx.metrics.statusChecks.labels(result.outcome).inc();
    ctx.logger.info(
      { reference, userId: input.actor.userId, outcome: result.outcome },
      'status check on request',
    );
    return result;
  } catch (err) {
    ctx.metrics.statusChecks.labels('failed').inc();
    throw err;
  }
}

/** The operations as the back office finds them on `ServiceContext.operations`. */
export const transactionOperations: TransactionOperations = {
  capture,
  voidAuthorization,
  refund,
  checkStatus,
};
