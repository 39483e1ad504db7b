/**
 * One status check (S8): ask the provider about the payment behind a transaction (a child is asked
 * about through its payment, which is what the provider knows) and apply the signed answer through
 * ingestion on the `status_check` channel, so it is recorded and applied exactly like a Notification.
 * A check that fails (no answer, 5xx, bad signature, "status check failed") changes nothing.
 */
import { NotFound } from '../../errors.js';
import type { OperationOptions } from '../../providers/provider.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { ingestMessage, type IngestOutcome, type IngestResult } from '../ingest-notification.js';
import { accountFor } from '../operations/run-operation.js';

/** What one status check found. */
export interface StatusCheckResult {
  /** The transaction that was asked about, as it now is. */
  transaction: TransactionRecord;
  /** The payment it belongs to (the transaction itself for a payment), as it now is. */
  payment: TransactionRecord;
  /** How ingestion treated the answer. */
  outcome: IngestOutcome;
  /** The notification-log entry of the answer. */
  notificationId: string;
  /** The provider knows no such payment (e.g. an abandoned checkout). */
  unknownAtProvider: boolean;
  /** The answer settles nothing yet: ask again later. */
  stillOpen: boolean;
  /** Operator-facing summary of the answer. */
  description: string;
}

/** The payment a transaction belongs to. */
export async function paymentOf(ctx: ServiceContext, tx: TransactionRecord): Promise<TransactionRecord> {
  if (!tx.sourceTransactionId) return tx;
  const parent = await ctx.store.repos.transactions.findById(tx.sourceTransactionId);
  if (!parent) throw new NotFound(`The payment of ${tx.reference} no longer exists`);
  return parent;
}

/**
 * Asks the provider about `tx` now and applies the answer. Throws the provider's `ProviderCallError`
 * when no trustworthy answer came (nothing is changed then).
 */
export async function checkTransactionStatus(
  ctx: ServiceContext,
  tx: TransactionRecord,
  options: OperationOptions = {},
): Promise<StatusCheckResult> {
  const payment = await paymentOf(ctx, tx);
  const { provider, providerCode, account } = await accountFor(
    ctx,
    ctx.store.repos,
    payment,
    'check the status of a payment',
  );
  const answer = await provider.checkStatus(
    account,
    {
      reference: payment.reference,
      providerReference: payment.providerReference,
      lang: payment.customerLang,
    },
    options,
  );
  const ingested: IngestResult = await ingestMessage(ctx, {
    providerCode,
    channel: 'status_check',
    fields: answer.message,
  });
  const repos = ctx.store.repos;
  const transaction = (await repos.transactions.findById(tx.id)) ?? tx;
  const freshPayment =
    transaction.id === payment.id
      ? transaction
      : ((await repos.transactions.findById(payment.id)) ?? payment);
  const verified = ingested.providerOutcome;
  return {
    transaction,
    payment: freshPayment,
    outcome: ingested.outcome,
    notificationId: ingested.notificationId,
    unknownAtProvider: verified?.unknownAtProvider ?? false,
    stillOpen: verified === undefined || verified.needsStatusCheck,
    description: verified?.description ?? ingested.message ?? ingested.outcome,
  };
}
