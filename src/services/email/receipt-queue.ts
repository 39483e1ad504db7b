/**
 * The receipt outbox's write side (S21), called by every state change: kept apart from the sender so the
 * state machine's module pulls in nothing but the repositories.
 */
import { toLanguage } from '../../domain/locale.js';
import type { TransactionState } from '../../domain/transaction-state.js';
import type { Repositories, TransactionRecord } from '../../store/repositories/index.js';

/** Queues the receipt of `tx` when it just became paid; call inside the state change's transaction. */
export async function queueReceipt(
  repos: Repositories,
  tx: TransactionRecord,
  target: TransactionState,
  at: string,
): Promise<void> {
  if (tx.operation !== 'online_redirect' || !tx.customerEmail) return;
  if (target !== 'done' && target !== 'authorized') return;
  await repos.emailMessages.enqueueReceipt({
    transactionId: tx.id,
    recipient: tx.customerEmail,
    lang: toLanguage(tx.customerLang),
    at,
  });
}
