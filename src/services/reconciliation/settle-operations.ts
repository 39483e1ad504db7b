/**
 * What a status check answer means for a payment and its captures, voids and refunds (S8, S9). The
 * provider reports the order's last operation and its running totals (authorized, captured, refunded),
 * not one answer per child. Its totals are the truth, and settle what they decide without doubt: a
 * pending capture or refund is done when every way of making up the total beside the children already
 * settled includes it, and `error` when none does (or when the total cannot hold it) — whatever the
 * order's last operation was. Two pending refunds of 20.00 with 20.00 more in the total are one done and
 * one not, but the totals cannot say which: both stay pending, for their own answers or a later check.
 * What still differs afterwards is a discrepancy: recorded on the payment and sent as an event, never
 * "corrected" by guesswork. Runs inside ingestion's database transaction, with the payment locked.
 */
import { compareWithReported, computeLedger, type ReportedTotals } from '../../domain/ledger.js';
import { formatMinorUnits } from '../../domain/money.js';
import type { ProviderOutcome, ReportedAmounts } from '../../providers/provider.js';
import type {
  Repositories,
  TransactionDetailsPatch,
  TransactionRecord,
} from '../../store/repositories/index.js';
import type { Channel } from '../../store/schema.js';
import { changeState, enqueueTransactionEvents, TRANSACTION_DISCREPANCY } from '../state-changes.js';

/** Where the answer came from, for the history. */
export interface SettleOptions {
  channel: Channel;
  notificationId: string | null;
  at: string;
  /** Facts the answer carries about the payment (provider reference, brand, last four). */
  details?: TransactionDetailsPatch;
}

/** What settling changed. */
export interface SettleResult {
  /** The payment as it now is. */
  payment: TransactionRecord;
  /** The payment's own change: applied, already so (duplicate), refused, or none asked. */
  paymentChange: 'applied' | 'duplicate' | 'refused' | 'none';
  /** Children (and the payment) whose state changed. */
  changed: TransactionRecord[];
  /** A new or changed discrepancy was recorded. */
  discrepancy: boolean;
  /** One line for the notification log. */
  detail: string;
}

const TOTAL_OF = { capture: 'capturedMinor', refund: 'refundedMinor' } as const;
const DONE_WORD = { capture: 'captured', refund: 'refunded' } as const;

/** Applies a verified status check answer to `payment` (locked by the caller) and its children. */
export async function applyStatusCheck(
  repos: Repositories,
  payment: TransactionRecord,
  outcome: ProviderOutcome,
  options: SettleOptions,
): Promise<SettleResult> {
  const changed: TransactionRecord[] = [];
  const notes: string[] = [];
  let current = payment;
  let paymentChange: SettleResult['paymentChange'] = 'none';

  const target =
    outcome.operation === 'payment'
      ? outcome.targetState
      : current.state === 'draft' || current.state === 'pending'
        ? waitingPaymentTarget(current, outcome)
        : null;
  if (target !== null) {
    const change = await changeState(repos, current, target, {
      channel: options.channel,
      notificationId: options.notificationId,
      at: options.at,
      message:
        outcome.operation === 'payment'
          ? outcome.message
          : `Settled by a status check: ${outcome.description}`,
      ...(options.details && { details: options.details }),
    });
    paymentChange = change.kind;
    if (change.kind === 'applied') {
      current = change.transaction;
      changed.push(current);
      notes.push(`${payment.reference} → ${current.state}`);
    } else if (change.kind === 'refused') {
      notes.push(change.reason);
    }
  }

  const amounts = outcome.amounts;
  const conclusive = !outcome.needsStatusCheck && !outcome.unknownAtProvider;
  if (conclusive) {
    const { settle, undecided } = await settlementsFrom(repos, current, outcome, amounts);
    if (undecided.length > 0) {
      notes.push(
        `${undecided.map((c) => c.reference).join(', ')} pending: the totals cannot say which of them they hold`,
      );
    }
    for (const child of settle) {
      const locked = await repos.transactions.lockById(child.id);
      if (!locked || locked.state !== 'pending') continue;
      const change = await changeState(repos, locked, child.target, { ...options, message: child.message });
      if (change.kind !== 'applied') continue;
      changed.push(change.transaction);
      notes.push(`${child.reference} → ${child.target}`);
    }
    current = (await repos.transactions.lockById(current.id)) ?? current;
  }

  let discrepancy = false;
  if (conclusive && amounts) {
    const found = await recordDiscrepancy(repos, current, amounts, options.at);
    current = found.payment;
    discrepancy = found.changed;
    if (found.text) notes.push(`discrepancy: ${found.text}`);
  }

  const detail =
    notes.length > 0
      ? `status check (${outcome.description}): ${notes.join(', ')}`
      : `status check (${outcome.description}): nothing to settle`;
  return { payment: current, paymentChange, changed, discrepancy, detail };
}

/** A payment still waiting whose order shows a capture, refund or void afterwards: what the totals say. */
function waitingPaymentTarget(
  payment: TransactionRecord,
  outcome: ProviderOutcome,
): 'done' | 'authorized' | 'cancel' | null {
  const amounts = outcome.amounts ?? {};
  if (outcome.operation === 'void' && outcome.targetState === 'done') return 'cancel';
  if ((amounts.capturedMinor ?? 0) >= payment.amount) return 'done';
  if ((amounts.authorizedMinor ?? 0) > 0) return 'authorized';
  return null;
}

interface Settlement {
  id: string;
  reference: string;
  target: 'done' | 'error';
  message: string;
}

/**
 * The pending children of `payment` that the answer settles, oldest first, and how; `undecided` are
 * the pending children the totals may or may not hold.
 */
async function settlementsFrom(
  repos: Repositories,
  payment: TransactionRecord,
  outcome: ProviderOutcome,
  amounts: ReportedAmounts | undefined,
): Promise<{ settle: Settlement[]; undecided: TransactionRecord[] }> {
  const children = await repos.transactions.listChildren(payment.id);
  const settle: Settlement[] = [];
  const undecided: TransactionRecord[] = [];
  const money = (minor: number) => `${formatMinorUnits(minor, payment.currency)} ${payment.currency}`;
  for (const operation of ['capture', 'refund'] as const) {
    const reported = amounts?.[TOTAL_OF[operation]];
    if (reported === undefined) continue;
    let settled = 0;
    for (const c of children) if (c.operation === operation && c.state === 'done') settled += c.amount;
    const pending = children.filter((c) => c.operation === operation && c.state === 'pending');
    const verdicts = coveredByTotal(
      pending.map((c) => c.amount),
      reported - settled,
    );
    pending.forEach((child, i) => {
      const verdict = verdicts[i]!;
      if (verdict === 'done') {
        settle.push({
          ...child,
          target: 'done',
          message: `Confirmed by the provider's books (${DONE_WORD[operation]} in all: ${money(reported)})`,
        });
      } else if (verdict === 'error') {
        settle.push({
          ...child,
          target: 'error',
          message: `Not in the provider's books: it reports ${money(reported)} ${DONE_WORD[operation]} in all, which the settled ${operation}s already account for`,
        });
      } else {
        undecided.push(child);
      }
    });
  }
  for (const child of children) {
    if (child.operation !== 'void' || child.state !== 'pending') continue;
    if (outcome.operation === 'void' && outcome.targetState === 'done') {
      settle.push({ ...child, target: 'done', message: `Confirmed by the provider: ${outcome.description}` });
    } else if (outcome.targetState !== null && outcome.targetState !== 'pending') {
      settle.push({
        ...child,
        target: 'error',
        message:
          outcome.operation === 'void'
            ? outcome.message
            : `The provider's last operation on this order is not a void (${outcome.description})`,
      });
    }
  }
  return { settle, undecided };
}

/** Pending children beyond this many are not searched for the ways to make up a total. */
const MAX_SEARCHED = 16;

/**
 * What a provider's total says about each pending operation of `amounts`, given `unexplained`: the
 * part of the total that the settled operations do not account for. All of them are in it when it
 * covers them all (what is left over is a discrepancy); none when it is nothing. Otherwise an operation
 * is `done` when every set of pending operations that adds up to exactly that part contains it,
 * `error` when none does, and `undecided` when some do and some do not. When no set adds up to it
 * (another operation is in the books, or more than {@link MAX_SEARCHED} are pending), an operation
 * larger than the part cannot be in it; which of the others are, nobody can say.
 */
export function coveredByTotal(
  amounts: readonly number[],
  unexplained: number,
): Array<'done' | 'error' | 'undecided'> {
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (unexplained >= sum) return amounts.map(() => 'done');
  if (unexplained <= 0) return amounts.map(() => 'error');
  const larger = (amount: number) => (amount > unexplained ? 'error' : 'undecided');
  if (amounts.length > MAX_SEARCHED) return amounts.map(larger);
  let inAll = (1 << amounts.length) - 1;
  let inAny = 0;
  let found = false;
  for (let set = 1; set < 1 << amounts.length; set++) {
    let total = 0;
    for (let i = 0; i < amounts.length; i++) if (set & (1 << i)) total += amounts[i]!;
    if (total !== unexplained) continue;
    found = true;
    inAll &= set;
    inAny |= set;
  }
  if (!found) return amounts.map(larger);
  return amounts.map((_, i) => (inAll & (1 << i) ? 'done' : inAny & (1 << i) ? 'undecided' : 'error'));
}

/**
 * Compares the payment's ledger with the provider's totals; records a new difference (event
 * `transaction.discrepancy`) or clears one that no longer holds. `changed` is true for a new difference.
 */
async function recordDiscrepancy(
  repos: Repositories,
  payment: TransactionRecord,
  amounts: ReportedAmounts,
  at: string,
): Promise<{ payment: TransactionRecord; changed: boolean; text: string | null }> {
  const children = await repos.transactions.listChildren(payment.id);
  const ledger = computeLedger(payment, children);
  const reported: ReportedTotals = {
    ...(amounts.authorizedMinor !== undefined && { authorized: amounts.authorizedMinor }),
    ...(amounts.capturedMinor !== undefined && { captured: amounts.capturedMinor }),
    ...(amounts.refundedMinor !== undefined && { refunded: amounts.refundedMinor }),
  };
  const differences = compareWithReported(
    ledger,
    reported,
    (minor) => `${formatMinorUnits(minor, payment.currency)} ${payment.currency}`,
  );
  if (differences.length === 0) {
    if (payment.discrepancy === null) return { payment, changed: false, text: null };
    const cleared = (await repos.transactions.setDiscrepancy(payment.id, null)) ?? payment;
    return { payment: cleared, changed: false, text: null };
  }
  const text = `The provider's books differ from payport's ledger: ${differences.join('; ')}`;
  if (payment.discrepancy?.text === text) return { payment, changed: false, text };
  const updated = (await repos.transactions.setDiscrepancy(payment.id, { text, time: at })) ?? payment;
  await enqueueTransactionEvents(repos, updated, at, TRANSACTION_DISCREPANCY);
  return { payment: updated, changed: true, text };
}
