/**
 * Which transaction a provider message is about (S7 step 2, S9). A payment's own message names it. A
 * capture, refund or void message names the payment, and only a refund carries a reference of its own
 * (`maintenance_reference`, echoed by the provider); the answer to payport's own request is tied to
 * its child by the caller. Any other maintenance message is matched by what it says — operation and
 * amount — and only when that leaves no doubt: otherwise the provider's books decide (a status check,
 * asked for at once), never a guess. Rows are always locked parent first, then child.
 */
import type { MessageIdentity, ProviderOutcome } from '../providers/provider.js';
import type { Repositories, TransactionRecord } from '../store/repositories/index.js';

/** The payment a message belongs to and, when the message names it exactly, the child it settles. */
export interface OperationTarget {
  payment: TransactionRecord;
  /** The child named by the message (refund reference) or by the caller (an operation's own answer). */
  child?: TransactionRecord;
}

/**
 * Finds and locks the payment of a message, and the child it names exactly; undefined when payport does
 * not know the payment. `expectedChild` is the reference of the child whose request this message answers.
 */
export async function findOperationTarget(
  repos: Repositories,
  identity: MessageIdentity,
  expectedChild?: string,
): Promise<OperationTarget | undefined> {
  if (identity.operation === 'payment') {
    if (!identity.reference) return undefined;
    const tx = await repos.transactions.lockByReference(identity.reference);
    if (!tx || tx.operation !== 'online_redirect') return undefined;
    return { payment: tx };
  }
  let parentRef = identity.reference;
  let childRef: string | undefined;
  const named = expectedChild ?? identity.maintenanceReference;
  if (named) {
    const child = await repos.transactions.findByReference(named);
    if (child && child.operation === identity.operation && child.sourceTransactionId) {
      const parent = await repos.transactions.findById(child.sourceTransactionId);
      if (parent && (parentRef === undefined || parent.reference === parentRef)) {
        parentRef = parent.reference;
        childRef = child.reference;
      }
    }
  }
  if (!parentRef) return undefined;
  const payment = await repos.transactions.lockByReference(parentRef);
  if (!payment || payment.operation !== 'online_redirect') return undefined;
  if (childRef) {
    const child = await repos.transactions.lockByReference(childRef);
    if (child && child.sourceTransactionId === payment.id) return { payment, child };
  }
  return { payment };
}

/** How a maintenance message without an exact reference relates to the payment's children. */
export type ChildMatch =
  /** Exactly one open child can be meant, and no settled one: it settles that child. */
  | { kind: 'child'; child: TransactionRecord }
  /** It repeats what a settled child already says. */
  | { kind: 'duplicate'; child: TransactionRecord }
  /** Several children could be meant: the provider's books decide (status check now). */
  | { kind: 'ambiguous'; reason: string }
  /** No child of payport's: an operation made in the provider's own back office. */
  | { kind: 'out_of_band' }
  /** A failed operation payport did not ask for: nothing moved. */
  | { kind: 'nothing' };

/**
 * Matches a verified maintenance message that names no child of payport's against the children of its
 * payment (S9 "APS' books are the truth for ambiguous messages"). `foreignReference` is true when the
 * message carries an operation reference that is not payport's (or none where payport always sends one):
 * it cannot be one of payport's own children, open or settled.
 */
export function matchChild(
  children: readonly TransactionRecord[],
  outcome: ProviderOutcome,
  foreignReference: boolean,
): ChildMatch {
  const operation = outcome.operation;
  const amount = outcome.amountMinor;
  const sameAmount = (c: TransactionRecord) => amount === undefined || c.amount === amount;
  const mine = children.filter(
    (c) => c.operation === operation && (foreignReference ? c.origin === 'aps' : true),
  );
  const open = mine.filter((c) => c.state === 'draft' || c.state === 'pending');
  const succeeded = outcome.targetState === 'done';
  const settledLike = mine.filter(
    (c) => sameAmount(c) && (succeeded ? c.state === 'done' : c.state === 'error'),
  );
  if (open.length > 0) {
    const candidates = open.filter(sameAmount);
    if (open.length === 1 && candidates.length === 1 && settledLike.length === 0) {
      return { kind: 'child', child: candidates[0]! };
    }
    const what = amount === undefined ? operation : `${operation} of ${amount}`;
    return {
      kind: 'ambiguous',
      reason:
        `a ${what} with no reference of its own while ${open.length} ${operation}(s) wait for an answer` +
        (settledLike.length > 0 ? ` and ${settledLike.length} settled one(s) have the same amount` : ''),
    };
  }
  if (settledLike.length > 0) return { kind: 'duplicate', child: settledLike.at(-1)! };
  if (!succeeded) return { kind: 'nothing' };
  return { kind: 'out_of_band' };
}
