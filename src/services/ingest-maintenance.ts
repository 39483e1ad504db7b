/**
 * A verified capture, refund or void message that names no child of payport's (S9): tied to a child
 * only when nothing else can be meant; a repeat of a settled child is a duplicate; an operation made in
 * the provider's own back office becomes a child of its own (`origin: aps`); anything ambiguous asks
 * the provider's books at once (a status check of the open children, due now) and settles nothing.
 * Runs inside ingestion's database transaction with the payment locked.
 */
import type { ChildOperation } from '../domain/transaction-state.js';
import { formatMinorUnits } from '../domain/money.js';
import type { ProviderOutcome } from '../providers/provider.js';
import type { Repositories, TransactionRecord } from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';
import { newChildOf } from './ledger.js';
import { matchChild } from './operation-targets.js';
import { changeState } from './state-changes.js';

/** What became of the message. */
export type MaintenanceResult =
  | { kind: 'child'; child: TransactionRecord }
  | { kind: 'duplicate'; child: TransactionRecord; detail: string }
  | { kind: 'created'; child: TransactionRecord; detail: string }
  | { kind: 'check_asked'; detail: string }
  | { kind: 'nothing'; detail: string };

/** Where the message came from. */
export interface MaintenanceOptions {
  channel: Channel;
  notificationId: string;
  at: string;
}

/** Decides what a maintenance message without an exact reference means for `payment` (locked). */
export async function resolveMaintenanceMessage(
  repos: Repositories,
  payment: TransactionRecord,
  outcome: ProviderOutcome,
  options: MaintenanceOptions,
): Promise<MaintenanceResult> {
  const operation = outcome.operation as ChildOperation;
  const children = await repos.transactions.listChildren(payment.id);
  // payport names every refund it sends, and the provider echoes the name: one without it is not payport's.
  const foreign = operation === 'refund';
  const match = matchChild(children, outcome, foreign);
  switch (match.kind) {
    case 'child': {
      const child = await repos.transactions.lockById(match.child.id);
      return child
        ? { kind: 'child', child }
        : askBooks(repos, children, operation, 'the child vanished', options.at);
    }
    case 'duplicate':
      return {
        kind: 'duplicate',
        child: match.child,
        detail: `repeats ${match.child.reference} (${match.child.state}, same amount)`,
      };
    case 'ambiguous':
      return askBooks(repos, children, operation, match.reason, options.at);
    case 'nothing':
      return {
        kind: 'nothing',
        detail: `a failed ${operation} payport did not ask for: ${outcome.description}`,
      };
    case 'out_of_band':
      return createOutOfBand(repos, payment, children, outcome, operation, options);
  }
}

/** Schedules a status check of the open children now; the answer's totals settle them. */
async function askBooks(
  repos: Repositories,
  children: readonly TransactionRecord[],
  operation: ChildOperation,
  reason: string,
  at: string,
): Promise<MaintenanceResult> {
  const open = children.filter((c) => c.state === 'pending' || c.state === 'draft');
  const now = new Date(at);
  for (const child of open) await repos.transactions.scheduleCheck(child.id, now);
  return {
    kind: 'check_asked',
    detail: `ambiguous ${operation} message (${reason}); the provider's books decide: status check asked now`,
  };
}

function allowed(payment: TransactionRecord, operation: ChildOperation, ledgerCaptured: number): boolean {
  switch (operation) {
    case 'capture':
      return payment.state === 'authorized';
    case 'void':
      return payment.state === 'authorized' && ledgerCaptured === 0;
    case 'refund':
      return payment.state === 'authorized' || payment.state === 'done';
  }
}

/** A genuine operation made in the provider's own back office: recorded as a child of its own. */
async function createOutOfBand(
  repos: Repositories,
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
  outcome: ProviderOutcome,
  operation: ChildOperation,
  options: MaintenanceOptions,
): Promise<MaintenanceResult> {
  const amount = operation === 'void' ? payment.amount : outcome.amountMinor;
  if (amount === undefined || amount < 1 || !allowed(payment, operation, payment.ledger.captured)) {
    return askBooks(
      repos,
      children,
      operation,
      `a ${operation} payport cannot place on a ${payment.state} payment`,
      options.at,
    );
  }
  const child = await repos.transactions.insert(
    newChildOf(payment, children, {
      operation,
      amount,
      stateMessage: 'Made in the provider’s own back office',
      origin: 'aps',
      requestedBy: 'provider back office',
    }),
  );
  await repos.transactionHistory.insert({
    transactionId: child.id,
    fromState: null,
    toState: 'pending',
    message: `${operation[0]!.toUpperCase()}${operation.slice(1)} made in the provider’s own back office`,
    channel: options.channel,
    notificationId: options.notificationId,
    createdAt: options.at,
  });
  const change = await changeState(repos, child, 'done', {
    message: outcome.message,
    channel: options.channel,
    notificationId: options.notificationId,
    at: options.at,
  });
  const money = `${formatMinorUnits(amount, payment.currency)} ${payment.currency}`;
  return {
    kind: 'created',
    child: change.transaction,
    detail: `${operation} of ${money} made in the provider's back office: recorded as ${child.reference}`,
  };
}
