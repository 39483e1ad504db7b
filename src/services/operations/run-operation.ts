/**
 * One capture, void or refund (S9) in three steps: (1) under the payment's row lock, check what is left
 * and create the child transaction `pending`, committed before anything is sent — so a crash or a
 * timeout leaves a child that reconciliation settles; (2) send the signed request; (3) apply the
 * verified answer through ingestion, exactly like the provider's later Notification, which then finds
 * nothing more to do. A request whose outcome is unknown is never retried here.
 */
import { DEFAULT_SCHEDULE } from '../../domain/reconciliation-schedule.js';
import type { ChildOperation } from '../../domain/transaction-state.js';
import { NotFound, PayportError, ValidationError } from '../../errors.js';
import { ProviderCallError, ProviderDisabledError } from '../../providers/errors.js';
import type { OperationResult, PaymentProvider, ProviderAccount } from '../../providers/provider.js';
import type { Repositories, TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { ingestMessage } from '../ingest-notification.js';
import { newChildOf } from '../ledger.js';
import { accountForMethod } from '../apple-pay-settings.js';
import { toProviderConfig } from '../provider-accounts.js';
import { checkTransactionStatus } from '../reconciliation/check-status.js';
import { changeState, enqueueTransactionEvents } from '../state-changes.js';
import { OperationOpen } from './amounts.js';
import type { OperationActor } from './types.js';

/** Where an operation was asked from; recorded on the history and the notification log. */
export type OperationChannel = 'admin' | 'api';

/** What every operation receives besides its own amount. */
export interface OperationRequest {
  actor: OperationActor;
  /** `admin` when absent. */
  channel?: OperationChannel;
}

/** The provider side of one operation, bound to the payment and child it is about. */
export type SendOperation = (
  provider: PaymentProvider,
  account: ProviderAccount,
  payment: TransactionRecord,
  child: TransactionRecord,
) => Promise<OperationResult>;

/** An operation ready to run: how to plan the child's amount and how to send it. */
export interface OperationSpec {
  operation: ChildOperation;
  /** Verb for messages ("capture"); also what a disabled provider cannot do. */
  verb: string;
  /**
   * The child's amount, or an amount payport settles alone (`local`: nothing is sent, the child is done
   * with that message); throws ValidationError/Conflict when the payment does not allow it.
   */
  plan(
    payment: TransactionRecord,
    children: readonly TransactionRecord[],
  ): number | { amount: number; local: string };
  send: SendOperation;
}

interface Prepared {
  payment: TransactionRecord;
  child: TransactionRecord;
  /** Settled by payport alone: nothing to send. */
  local: boolean;
  provider: PaymentProvider;
  providerCode: string;
  account: ProviderAccount;
}

/** The provider code and usable account of a transaction's provider; throws when it cannot be used. */
export async function accountFor(
  ctx: ServiceContext,
  repos: Repositories,
  tx: TransactionRecord,
  verb: string,
): Promise<{ provider: PaymentProvider; providerCode: string; account: ProviderAccount }> {
  const record = await repos.providers.findById(tx.providerId);
  if (!record) throw new ValidationError(`The provider of ${tx.reference} no longer exists.`);
  const provider = ctx.providers[record.code];
  if (!provider) throw new NotFound(`No payment provider implementation for "${record.code}"`);
  // An Apple Pay payment is operated on with the Apple Pay credentials (S19).
  const account = await accountForMethod(
    ctx,
    repos,
    toProviderConfig(record, ctx.secretBox),
    tx.paymentMethod,
  );
  if (account.state === 'disabled') throw new ProviderDisabledError(verb);
  return { provider, providerCode: record.code, account };
}

/** The customer's payment behind `reference`; a child reference is refused with a pointer to its parent. */
async function lockPayment(repos: Repositories, reference: string): Promise<TransactionRecord> {
  const tx = await repos.transactions.lockByReference(reference);
  if (!tx) throw new NotFound(`No transaction ${reference}`);
  if (tx.operation !== 'online_redirect') {
    const parent = tx.sourceTransactionId ? await repos.transactions.findById(tx.sourceTransactionId) : null;
    throw new ValidationError(
      `${reference} is a ${tx.operation}; captures, voids and refunds apply to the payment` +
        (parent ? ` ${parent.reference}` : ''),
      [{ field: 'reference', message: 'is not a payment' }],
    );
  }
  return tx;
}

async function prepare(
  ctx: ServiceContext,
  reference: string,
  spec: OperationSpec,
  request: OperationRequest,
): Promise<Prepared> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.store.transaction(async (repos) => {
    const payment = await lockPayment(repos, reference);
    const children = await repos.transactions.listChildren(payment.id);
    const planned = spec.plan(payment, children);
    const amount = typeof planned === 'number' ? planned : planned.amount;
    const { provider, providerCode, account } = await accountFor(ctx, repos, payment, spec.verb);
    const child = await repos.transactions.insert(
      newChildOf(payment, children, {
        operation: spec.operation,
        amount,
        stateMessage: 'Sent to the provider; waiting for its answer',
        requestedBy: actorName(request.actor),
        // Should the answer never be applied (crash, timeout), reconciliation picks the child up.
        nextCheckAt:
          typeof planned === 'number'
            ? new Date(now.getTime() + (DEFAULT_SCHEDULE.pendingOffsetsMs[0] ?? 15_000))
            : null,
      }),
    );
    const channel = request.channel ?? 'admin';
    await repos.transactionHistory.insert({
      transactionId: child.id,
      fromState: null,
      toState: 'pending',
      message: `${spec.verb[0]!.toUpperCase()}${spec.verb.slice(1)} requested by ${actorName(request.actor)}`,
      channel,
      createdAt: at,
    });
    await enqueueTransactionEvents(repos, child, at);
    if (typeof planned !== 'number') {
      const change = await changeState(repos, child, 'done', { message: planned.local, channel, at });
      return { payment, child: change.transaction, local: true, provider, providerCode, account };
    }
    return { payment, child, local: false, provider, providerCode, account };
  });
}

/** Who asked, as the history and the back office name them. */
function actorName(actor: OperationActor): string {
  return actor.name ?? `user ${actor.userId}`;
}

/**
 * {@link prepare}, but when an earlier capture or void still waits for the provider's answer, the
 * provider's books are asked first (a status check settles it), and the operation is planned again.
 */
async function prepareSettlingFirst(
  ctx: ServiceContext,
  reference: string,
  spec: OperationSpec,
  request: OperationRequest,
): Promise<Prepared> {
  try {
    return await prepare(ctx, reference, spec, request);
  } catch (err) {
    if (!(err instanceof OperationOpen)) throw err;
    try {
      await checkTransactionStatus(ctx, err.child);
    } catch {
      throw err;
    }
    return prepare(ctx, reference, spec, request);
  }
}

/** Records on the child that the request was refused before it was processed (nothing happened). */
async function markRefused(
  ctx: ServiceContext,
  prepared: Prepared,
  message: string,
  channel: OperationChannel,
): Promise<void> {
  await ctx.store.transaction(async (repos) => {
    await repos.transactions.lockById(prepared.payment.id);
    const child = await repos.transactions.lockById(prepared.child.id);
    if (!child) return;
    await changeState(repos, child, 'error', { message, channel, at: ctx.clock.now().toISOString() });
  });
}

/** Notes on a still-pending child why its outcome is unknown, keeping it pending. */
async function markUnknown(ctx: ServiceContext, prepared: Prepared, message: string): Promise<void> {
  await ctx.store.transaction(async (repos) => {
    const child = await repos.transactions.lockById(prepared.child.id);
    if (!child || child.state !== 'pending') return;
    await repos.transactions.updateState(child.id, {
      state: 'pending',
      message,
      at: child.lastStateChange,
      expectedState: 'pending',
    });
  });
}

/**
 * Runs one operation on the payment `reference` and returns its child as it now stands: `done`,
 * `error` (the provider declined it, with its message) or `pending` (no usable answer: reconciliation
 * will settle it). Throws before anything is sent when the payment does not allow it, and throws the
 * provider's refusal (after recording it on the child) when the request itself was rejected.
 */
export async function runOperation(
  ctx: ServiceContext,
  reference: string,
  spec: OperationSpec,
  request: OperationRequest,
): Promise<TransactionRecord> {
  const channel = request.channel ?? 'admin';
  const prepared = await prepareSettlingFirst(ctx, reference, spec, request);
  if (prepared.local) return prepared.child;
  const log = ctx.logger.child({
    reference: prepared.payment.reference,
    child: prepared.child.reference,
    operation: spec.operation,
    userId: request.actor.userId,
  });
  let result: OperationResult;
  try {
    result = await spec.send(prepared.provider, prepared.account, prepared.payment, prepared.child);
  } catch (err) {
    if (err instanceof ProviderCallError && err.outcomeUnknown) {
      log.warn({ err: err.message }, `${spec.verb}: outcome unknown, left pending for reconciliation`);
      await markUnknown(ctx, prepared, err.message);
      return (await ctx.store.repos.transactions.findById(prepared.child.id)) ?? prepared.child;
    }
    if (err instanceof PayportError) {
      // Refused before it was processed (provider refusal, a request payport would not send).
      log.warn({ err: err.message }, `${spec.verb} refused`);
      await markRefused(ctx, prepared, err.message, channel);
      throw err;
    }
    // An unexpected failure: whether the request left is unknown, so the child stays pending.
    log.error({ err }, `${spec.verb} failed unexpectedly; left pending for reconciliation`);
    throw err;
  }
  const ingested = await ingestMessage(ctx, {
    providerCode: prepared.providerCode,
    channel,
    fields: result.message,
    expectedChild: prepared.child.reference,
  });
  log.info(
    { outcome: ingested.outcome, providerStatus: result.outcome.responseCode },
    `${spec.verb} answered`,
  );
  return (await ctx.store.repos.transactions.findById(prepared.child.id)) ?? prepared.child;
}
