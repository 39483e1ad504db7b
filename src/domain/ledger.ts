/**
 * A payment's money (S9): what was authorized, captured, refunded and released, and the
 * `financial_status` that follows, as a pure function of the payment and its children. Stripe's
 * PaymentIntent amounts and Shopify's financial status are the models. Only settled (`done`) children
 * move money; pending ones are what the operation planner holds back, not money that moved.
 */
import type { ChildOperation, TransactionState } from './transaction-state.js';

/** Every value of `financial_status`. */
export const FINANCIAL_STATUSES = [
  'unpaid',
  'pending',
  'authorized',
  'partially_captured',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
  'failed',
  'cancelled',
] as const;
/** One of {@link FINANCIAL_STATUSES}. */
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/** How a payment is charged: at once (PURCHASE) or authorized now and captured later (AUTHORIZATION). */
export const CAPTURE_METHODS = ['automatic', 'manual'] as const;
/** One of {@link CAPTURE_METHODS}. */
export type CaptureMethod = (typeof CAPTURE_METHODS)[number];

/** What the ledger needs of a payment. */
export interface LedgerPayment {
  state: TransactionState;
  /** Integer minor units. */
  amount: number;
}

/** What the ledger needs of a capture, void or refund child. */
export interface LedgerChild {
  /** Children of other kinds (none today) are ignored. */
  operation: ChildOperation | (string & {});
  state: TransactionState;
  amount: number;
}

/** The ledger figures, in integer minor units of the payment's currency. */
export interface LedgerAmounts {
  authorized: number;
  captured: number;
  refunded: number;
  /** Released authorization: the whole of it after a void, the uncaptured rest after a close. */
  voided: number;
  /** authorized − captured, while the payment is authorized and its authorization is not closed. */
  capturable: number;
  /** captured − refunded. */
  refundable: number;
}

/** The ledger and the status derived from it. */
export interface Ledger extends LedgerAmounts {
  financialStatus: FinancialStatus;
  /** A partially captured authorization was closed to further captures (no provider call). */
  closed: boolean;
}

function settled(children: readonly LedgerChild[], operation: ChildOperation): number {
  let total = 0;
  for (const c of children) if (c.operation === operation && c.state === 'done') total += c.amount;
  return total;
}

/** The ledger of `payment` from its children. */
export function computeLedger(payment: LedgerPayment, children: readonly LedgerChild[]): Ledger {
  const { state, amount } = payment;
  const captures = settled(children, 'capture');
  const refunded = settled(children, 'refund');
  const voided = settled(children, 'void');
  const released = voided > 0;
  const authorized =
    state === 'authorized' || state === 'done' || (state === 'cancel' && released) ? amount : 0;
  // A payment completed without any capture was charged at once (PURCHASE): all of it is captured.
  const captured = state === 'done' && captures === 0 ? amount : captures;
  // A settled void beside captures closed the authorization; alone, it released all of it.
  const closed = released && captured > 0;
  const capturable = state === 'authorized' && !released ? Math.max(0, authorized - captured) : 0;
  const refundable = Math.max(0, captured - refunded);
  const amounts = { authorized, captured, refunded, voided, capturable, refundable };
  return { ...amounts, closed, financialStatus: financialStatusOf(state, amounts, closed) };
}

/** `financial_status` from the state of S5 and the ledger (S9). */
export function financialStatusOf(
  state: TransactionState,
  ledger: LedgerAmounts,
  closed: boolean,
): FinancialStatus {
  switch (state) {
    case 'draft':
      return 'unpaid';
    case 'pending':
      return 'pending';
    case 'error':
      return 'failed';
    case 'cancel':
      return ledger.voided > 0 ? 'voided' : 'cancelled';
    case 'authorized':
    case 'done':
      if (ledger.refunded > 0) return ledger.refunded >= ledger.captured ? 'refunded' : 'partially_refunded';
      if (ledger.captured === 0) return 'authorized';
      if (state === 'authorized' && !closed && ledger.captured < ledger.authorized)
        return 'partially_captured';
      return 'paid';
  }
}

/** True when `value` is one of {@link FINANCIAL_STATUSES}. */
export function isFinancialStatus(value: unknown): value is FinancialStatus {
  return typeof value === 'string' && (FINANCIAL_STATUSES as readonly string[]).includes(value);
}

/** True when `value` is one of {@link CAPTURE_METHODS}. */
export function isCaptureMethod(value: unknown): value is CaptureMethod {
  return typeof value === 'string' && (CAPTURE_METHODS as readonly string[]).includes(value);
}

/** The totals a provider reports for one order (a status check), in minor units; absent when not said. */
export interface ReportedTotals {
  authorized?: number;
  captured?: number;
  refunded?: number;
}

/**
 * Where the ledger and the provider's totals disagree, one phrase per figure ("captured: provider
 * 120.00, payport 60.00"), or an empty list. `format` renders minor units for the text.
 */
export function compareWithReported(
  ledger: LedgerAmounts,
  reported: ReportedTotals,
  format: (minor: number) => string,
): string[] {
  const differences: string[] = [];
  for (const figure of ['authorized', 'captured', 'refunded'] as const) {
    const theirs = reported[figure];
    if (theirs === undefined || theirs === ledger[figure]) continue;
    differences.push(`${figure}: provider ${format(theirs)}, payport ${format(ledger[figure])}`);
  }
  return differences;
}

/** The stored figures of a payment (authorized, captured, refunded, voided). */
export interface LedgerFigures {
  authorized: number;
  captured: number;
  refunded: number;
  voided: number;
}

/**
 * The whole ledger from the four stored figures and the state, without visiting children: a void
 * beside captures means the authorization was closed, so nothing is capturable.
 */
export function ledgerFromFigures(state: TransactionState, figures: LedgerFigures): LedgerAmounts {
  const capturable =
    state === 'authorized' && figures.voided === 0 ? Math.max(0, figures.authorized - figures.captured) : 0;
  return { ...figures, capturable, refundable: Math.max(0, figures.captured - figures.refunded) };
}
