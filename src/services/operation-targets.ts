/**
 * Which transaction a provider message is about, and what a settled maintenance operation means for
 * its parent payment (S9): a successful void cancels the authorization; captures that reach the
 * authorized amount complete it. Rows are always locked parent first, then child.
 */
import type { MessageIdentity, ProviderMessage, ProviderOutcome } from '../providers/provider.js';
import type { Repositories, TransactionRecord } from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';
import { changeState } from './state-changes.js';

/** The transaction a message changes (`target`) and the customer's payment it belongs to. */
export interface OperationTarget {
  target: TransactionRecord;
  payment: TransactionRecord;
}

/** Finds and locks the target of a message; undefined when payport does not know it. */
export async function findOperationTarget(
  repos: Repositories,
  identity: MessageIdentity,
  _fields: ProviderMessage,
): Promise<OperationTarget | undefined> {
  if (identity.operation === 'payment') {
    if (!identity.reference) return undefined;
    const tx = await repos.transactions.lockByReference(identity.reference);
    if (!tx || tx.operation !== 'online_redirect') return undefined;
    return { target: tx, payment: tx };
  }
  let parentRef = identity.reference;
  let childRef: string | undefined;
  if (identity.maintenanceReference) {
    const child = await repos.transactions.findByReference(identity.maintenanceReference);
    if (child && child.operation === identity.operation && child.sourceTransactionId) {
      const parent = await repos.transactions.findById(child.sourceTransactionId);
      parentRef = parent?.reference ?? parentRef;
      childRef = child.reference;
    }
  }
  if (!parentRef) return undefined;
  const payment = await repos.transactions.lockByReference(parentRef);
  if (!payment || payment.operation !== 'online_redirect') return undefined;
  if (childRef) {
    const child = await repos.transactions.lockByReference(childRef);
    if (child && child.sourceTransactionId === payment.id) return { target: child, payment };
  }
  const children = (await repos.transactions.listChildren(payment.id)).filter(
    (c) => c.operation === identity.operation,
  );
  const open = children.find((c) => c.state === 'draft' || c.state === 'pending');
  const chosen = open ?? children.at(-1);
  if (!chosen) return undefined;
  const target = await repos.transactions.lockById(chosen.id);
  return target ? { target, payment } : undefined;
}

/** Applies what a settled child means for its parent; returns the parent as it now is. */
export async function settleParentAfter(
  repos: Repositories,
  payment: TransactionRecord,
  child: TransactionRecord,
  outcome: ProviderOutcome,
  options: { channel: Channel; notificationId: string | null; at: string },
): Promise<TransactionRecord> {
  if (child.state !== 'done') return payment;
  if (child.operation === 'void' && outcome.parentState === 'cancel') {
    const change = await changeState(repos, payment, 'cancel', {
      ...options,
      message: 'Authorization voided',
    });
    return change.transaction;
  }
  if (child.operation === 'capture' && payment.state === 'authorized') {
    const captured = (await repos.transactions.listChildren(payment.id))
      .filter((c) => c.operation === 'capture' && c.state === 'done')
      .reduce((sum, c) => sum + c.amount, 0);
    if (captured >= payment.amount) {
      const change = await changeState(repos, payment, 'done', { ...options, message: 'Captured in full' });
      return change.transaction;
    }
  }
  return payment;
}
