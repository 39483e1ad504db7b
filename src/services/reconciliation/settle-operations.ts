/**
 * What a status check answer means for a payment's captures, voids and refunds (S8, S9). The provider
 * reports the order's last operation and its running totals (authorized, captured, refunded), not one
 * answer per child, so a pending child is settled by comparing those totals with the children already
 * settled: a pending refund is done once the refunded total covers it. Runs inside ingestion's database
 * transaction, with the payment already locked; children are locked after it (parent first).
 */
import type { ChildOperation } from '../../domain/transaction-state.js';
import type { ProviderOutcome } from '../../providers/provider.js';
import type { Repositories, TransactionRecord } from '../../store/repositories/index.js';
import type { Channel } from '../../store/schema.js';
import { settleParentAfter } from '../operation-targets.js';
import { changeState } from '../state-changes.js';

/** Where the answer came from, for the history. */
export interface SettleOptions {
  channel: Channel;
  notificationId: string | null;
  at: string;
}

/** What settling changed. */
export interface SettleResult {
  /** The payment as it now is. */
  payment: TransactionRecord;
  /** Children (and the payment) whose state changed. */
  changed: TransactionRecord[];
  /** One line for the notification log. */
  detail: string;
}

const TOTAL_OF: Readonly<Record<Exclude<ChildOperation, 'void'>, 'capturedMinor' | 'refundedMinor'>> = {
  capture: 'capturedMinor',
  refund: 'refundedMinor',
};

function doneTotal(children: readonly TransactionRecord[], operation: ChildOperation): number {
  return children
    .filter((c) => c.operation === operation && c.state === 'done')
    .reduce((sum, c) => sum + c.amount, 0);
}

/**
 * Settles the pending children of `payment` from a verified status check answer, and a payment still
 * waiting for its own outcome when the answer shows it went further (captured, refunded, voided).
 */
export async function settleOperationsFromStatusCheck(
  repos: Repositories,
  payment: TransactionRecord,
  outcome: ProviderOutcome,
  options: SettleOptions,
): Promise<SettleResult> {
  const changed: TransactionRecord[] = [];
  const notes: string[] = [];
  let current = payment;

  if (outcome.operation !== 'payment' && (current.state === 'draft' || current.state === 'pending')) {
    current = await settleWaitingPayment(repos, current, outcome, options, changed, notes);
  }

  const children = await repos.transactions.listChildren(current.id);
  for (const operation of ['capture', 'refund'] as const) {
    const reported = outcome.amounts?.[TOTAL_OF[operation]];
    let settled = doneTotal(children, operation);
    const pending = children.filter((c) => c.operation === operation && c.state === 'pending');
    for (const child of pending) {
      let target: 'done' | 'error' | null = null;
      let message = '';
      if (reported !== undefined && reported >= settled + child.amount) {
        target = 'done';
        message = `Confirmed by a status check (${operation}d in all: ${reported})`;
        settled += child.amount;
      } else if (outcome.operation === operation && outcome.targetState === 'error' && pending.length === 1) {
        target = 'error';
        message = outcome.message;
      }
      if (target === null) continue;
      const locked = await repos.transactions.lockById(child.id);
      if (!locked) continue;
      const change = await changeState(repos, locked, target, { ...options, message });
      if (change.kind !== 'applied') continue;
      changed.push(change.transaction);
      notes.push(`${child.reference} → ${target}`);
      current = await settleParentAfter(repos, current, change.transaction, outcome, options);
    }
  }

  if (outcome.operation === 'void') {
    const pendingVoid = children.find((c) => c.operation === 'void' && c.state === 'pending');
    if (pendingVoid && outcome.targetState !== null && outcome.targetState !== 'pending') {
      const locked = await repos.transactions.lockById(pendingVoid.id);
      const target = outcome.targetState === 'done' ? 'done' : 'error';
      const change = locked
        ? await changeState(repos, locked, target, { ...options, message: outcome.message })
        : undefined;
      if (change?.kind === 'applied') {
        changed.push(change.transaction);
        notes.push(`${pendingVoid.reference} → ${target}`);
        current = await settleParentAfter(repos, current, change.transaction, outcome, options);
      }
    }
  }

  if (current.state !== payment.state) notes.unshift(`${payment.reference} → ${current.state}`);
  const detail =
    notes.length > 0
      ? `status check (${outcome.description}): ${notes.join(', ')}`
      : `status check (${outcome.description}): nothing to settle`;
  return { payment: current, changed, detail };
}

/**
 * A payment still `draft`/`pending` whose order shows a capture, refund or void afterwards: its own
 * notification was lost, but the totals say what it became.
 */
async function settleWaitingPayment(
  repos: Repositories,
  payment: TransactionRecord,
  outcome: ProviderOutcome,
  options: SettleOptions,
  changed: TransactionRecord[],
  notes: string[],
): Promise<TransactionRecord> {
  const amounts = outcome.amounts ?? {};
  let target: 'done' | 'authorized' | 'cancel' | null = null;
  if (outcome.operation === 'void' && outcome.targetState === 'done') target = 'cancel';
  else if ((amounts.capturedMinor ?? 0) >= payment.amount) target = 'done';
  else if ((amounts.authorizedMinor ?? 0) > 0) target = 'authorized';
  if (target === null) return payment;
  const change = await changeState(repos, payment, target, {
    ...options,
    message: `Settled by a status check: ${outcome.description}`,
  });
  if (change.kind !== 'applied') return payment;
  changed.push(change.transaction);
  notes.push(`${payment.reference} → ${target}`);
  return change.transaction;
}
