/**
 * Applying a state change (S5): the state machine decides, the change, its history entry, its outbox
 * events (one per active event endpoint, S12) and the next reconciliation check are written together,
 * inside the caller's database transaction. Never throws for a refused transition.
 */
import { newId } from '../crypto/random.js';
import { nextCheckAt } from '../domain/reconciliation-schedule.js';
import { decideTransition, type TransactionState } from '../domain/transaction-state.js';
import {
  sameLedger,
  storedLedger,
  type Repositories,
  type TransactionDetailsPatch,
  type TransactionRecord,
} from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';
import { computeLedger } from '../domain/ledger.js';
import { ledgerInState, paymentTransitionFor } from './ledger.js';
import { loadTransactionResource } from './transaction-resource.js';
import { queueReceipt } from './email/receipt-queue.js';

/** Where a change came from and what it says. */
export interface ChangeOptions {
  message: string | null;
  channel: Channel;
  notificationId?: string | null;
  /** Time of the change (ISO-8601 UTC). */
  at: string;
  /** Facts learnt from the provider, written with the change. */
  details?: TransactionDetailsPatch;
}

/** The result of {@link changeState}. */
export type StateChangeResult =
  | { kind: 'applied'; transaction: TransactionRecord; previous: TransactionState }
  | { kind: 'duplicate'; transaction: TransactionRecord }
  | { kind: 'refused'; transaction: TransactionRecord; reason: string };

/** The event type of every state change. */
export const TRANSACTION_UPDATED = 'transaction.updated';
/** The event type of a difference found between a payment's ledger and the provider's books (S9). */
export const TRANSACTION_DISCREPANCY = 'transaction.discrepancy';

/**
 * Moves `tx` (read under lock by the caller) to `target` if the state machine allows it. A payment's
 * ledger is written in the same statement; a child's change then settles its payment (see
 * {@link settlePayment}), which the caller must have locked first.
 */
export async function changeState(
  repos: Repositories,
  tx: TransactionRecord,
  target: TransactionState,
  options: ChangeOptions,
): Promise<StateChangeResult> {
  const decision = decideTransition(tx.state, target);
  if (decision.kind === 'duplicate') return { kind: 'duplicate', transaction: tx };
  if (decision.kind === 'refused') return { kind: 'refused', transaction: tx, reason: decision.reason };
  const next = nextCheckAt(target, new Date(options.at), 0, new Date(options.at));
  const isPayment = tx.operation === 'online_redirect';
  const updated = await repos.transactions.updateState(tx.id, {
    state: target,
    message: options.message,
    at: options.at,
    expectedState: tx.state,
    nextCheckAt: next,
    ...(options.details && { details: options.details }),
    // A child brings its own (empty) ledger, so the store leaves its payment to settlePayment below:
    // one computation, and the payment's own event when only its figures move.
    ledger: isPayment ? await ledgerInState(repos, tx, target) : tx.ledger,
  });
  if (!updated) {
    return {
      kind: 'refused',
      transaction: tx,
      reason: `the transaction changed concurrently (was ${tx.state})`,
    };
  }
  await repos.transactionHistory.insert({
    transactionId: tx.id,
    fromState: tx.state,
    toState: target,
    message: options.message,
    channel: options.channel,
    notificationId: options.notificationId ?? null,
    createdAt: options.at,
  });
  if (updated.paymentLinkId && (target === 'done' || target === 'authorized')) {
    await repos.paymentLinks.markPaid(updated.paymentLinkId, updated.id);
  }
  // The receipt's outbox row commits with the change; the receipt worker sends it afterwards (S21).
  await queueReceipt(repos, updated, target, options.at);
  await enqueueTransactionEvents(repos, updated, options.at);
  if (!isPayment && updated.sourceTransactionId) {
    const { channel, notificationId, at } = options;
    await settlePayment(repos, updated.sourceTransactionId, { message: null, channel, notificationId, at });
  }
  return { kind: 'applied', transaction: updated, previous: tx.state };
}

/**
 * After a child changed: moves its payment where its settled children take it (captured in full →
 * done, voided → cancel, closed after a partial capture → done) and stores the payment's ledger; a
 * payment whose figures moved without a state change still gets its `transaction.updated` event.
 * Returns the payment as it now is.
 */
export async function settlePayment(
  repos: Repositories,
  paymentId: string,
  options: ChangeOptions,
): Promise<TransactionRecord | undefined> {
  const payment = await repos.transactions.lockById(paymentId);
  if (!payment) return undefined;
  const children = await repos.transactions.listChildren(payment.id);
  const transition = paymentTransitionFor(payment, children);
  if (transition) {
    const change = await changeState(repos, payment, transition.state, {
      ...options,
      message: transition.message,
    });
    if (change.kind === 'applied') return change.transaction;
  }
  const ledger = storedLedger(computeLedger(payment, children));
  if (sameLedger(ledger, payment.ledger)) return payment;
  const updated = (await repos.transactions.updateLedger(payment.id, ledger)) ?? payment;
  await enqueueTransactionEvents(repos, updated, options.at);
  return updated;
}

/** Writes one event (`transaction.updated` unless said) per active endpoint (the outbox), in the caller's transaction. */
export async function enqueueTransactionEvents(
  repos: Repositories,
  tx: TransactionRecord,
  at: string,
  type: string = TRANSACTION_UPDATED,
): Promise<number> {
  // Ids are time-ordered: two changes of one transaction in the same millisecond keep their order.
  const endpoints = await repos.eventEndpoints.list({ activeOnly: true });
  if (endpoints.length === 0) return 0;
  const clockAtChange = { now: () => new Date(at) };
  const transaction = await loadTransactionResource(repos, tx);
  await repos.events.insertMany(
    endpoints.map((endpoint) => {
      const id = `evt_${newId(clockAtChange).replace(/-/g, '')}`;
      return {
        id,
        endpointId: endpoint.id,
        transactionId: tx.id,
        type,
        payload: JSON.stringify({ id, type, created_at: at, data: { transaction } }),
        createdAt: at,
      };
    }),
  );
  return endpoints.length;
}
