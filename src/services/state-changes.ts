/**
 * Applying a state change (S5): the state machine decides, the change, its history entry, its outbox
 * events (one per active event endpoint, S12) and the next reconciliation check are written together,
 * inside the caller's database transaction. Never throws for a refused transition.
 */
import { newId } from '../crypto/random.js';
import { nextCheckAt } from '../domain/reconciliation-schedule.js';
import { decideTransition, type TransactionState } from '../domain/transaction-state.js';
import type {
  Repositories,
  TransactionDetailsPatch,
  TransactionRecord,
} from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';
import { loadTransactionResource } from './transaction-resource.js';

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

/** Moves `tx` (read under lock by the caller) to `target` if the state machine allows it. */
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
  const updated = await repos.transactions.updateState(tx.id, {
    state: target,
    message: options.message,
    at: options.at,
    expectedState: tx.state,
    nextCheckAt: next,
    ...(options.details && { details: options.details }),
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
  await enqueueTransactionEvents(repos, updated, options.at);
  return { kind: 'applied', transaction: updated, previous: tx.state };
}

/** Writes one `transaction.updated` event per active endpoint (the outbox), in the caller's transaction. */
export async function enqueueTransactionEvents(
  repos: Repositories,
  tx: TransactionRecord,
  at: string,
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
        type: TRANSACTION_UPDATED,
        payload: JSON.stringify({ id, type: TRANSACTION_UPDATED, created_at: at, data: { transaction } }),
        createdAt: at,
      };
    }),
  );
  return endpoints.length;
}
