/**
 * What is left to capture, void or refund on a payment (S9): the ledger (domain/ledger.ts) less what
 * open children hold. Pending children count as taken: their outcome is unknown, and holding them back
 * is what keeps a timeout followed by a second request from capturing or refunding twice.
 */
import { assertRefundAllowed } from '../../domain/method-rules.js';
import { computeLedger, type Ledger } from '../../domain/ledger.js';
import { formatMinorUnits } from '../../domain/money.js';
import type { ChildOperation } from '../../domain/transaction-state.js';
import { Conflict, ValidationError } from '../../errors.js';
import type { TransactionRecord } from '../../store/repositories/index.js';

/** The ledger of one payment and what its open children hold, in minor units of its currency. */
export interface PaymentAmounts extends Ledger {
  /** Captures sent whose outcome is unknown. */
  capturePending: number;
  refundPending: number;
  /** capturable − capturePending: what a new capture may take. */
  capturableNow: number;
  /** refundable − refundPending: what a new refund may take. */
  refundableNow: number;
}

function open(children: readonly TransactionRecord[], operation: ChildOperation): number {
  let total = 0;
  for (const c of children) if (c.operation === operation && c.state === 'pending') total += c.amount;
  return total;
}

/** Computes the amounts of `payment` from its children. */
export function paymentAmounts(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
): PaymentAmounts {
  const ledger = computeLedger(payment, children);
  const capturePending = open(children, 'capture');
  const refundPending = open(children, 'refund');
  return {
    ...ledger,
    capturePending,
    refundPending,
    capturableNow: Math.max(0, ledger.capturable - capturePending),
    refundableNow: Math.max(0, ledger.refundable - refundPending),
  };
}

function money(amount: number, currency: string): string {
  return `${formatMinorUnits(amount, currency)} ${currency}`;
}

function pendingOf(children: readonly TransactionRecord[], operation: ChildOperation) {
  return children.find((c) => c.operation === operation && c.state === 'pending');
}

function requireAmount(amount: unknown): number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1) {
    const message = 'must be a positive whole number of minor units';
    throw new ValidationError(`amount ${message}, got ${String(amount)}`, [{ field: 'amount', message }]);
  }
  return amount;
}

/** An amount beyond what is left to capture or refund; `left` (minor units) says what would fit. */
export class AmountBeyondLeft extends ValidationError {
  constructor(
    readonly operation: 'capture' | 'refund',
    readonly amountMinor: number,
    readonly leftMinor: number,
    readonly currency: string,
  ) {
    const message =
      leftMinor === 0
        ? `nothing is left to ${operation}`
        : `at most ${money(leftMinor, currency)} is left to ${operation}`;
    super(`Cannot ${operation} ${money(amountMinor, currency)}: ${message}.`, [{ field: 'amount', message }]);
  }
}

function tooMuch(
  what: 'capture' | 'refund',
  amount: number,
  left: number,
  currency: string,
): ValidationError {
  return new AmountBeyondLeft(what, amount, left, currency);
}

/** Thrown while a capture or void of the payment still waits for the provider's answer. */
export class OperationOpen extends Conflict {
  constructor(readonly child: TransactionRecord) {
    super(
      `The ${child.operation} ${child.reference} of this payment is still waiting for the provider's answer; ` +
        'check the payment’s status to settle it first.',
    );
  }
}

/** The amount to capture now (default: all that is left); throws when the payment does not allow it. */
export function planCapture(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
  amountMinor: number | undefined,
): number {
  const amounts = paymentAmounts(payment, children);
  if (payment.state !== 'authorized') {
    throw new Conflict(
      `Payment ${payment.reference} is ${payment.state}: only an authorized payment can be captured.`,
    );
  }
  if (amounts.closed) {
    throw new Conflict(
      `The authorization of payment ${payment.reference} was closed after a partial capture: nothing more can be captured.`,
    );
  }
  // A capture answer or notification carries no reference of its own, so two open captures could not
  // be told apart: the next one waits until the provider's books have settled the first.
  const open = pendingOf(children, 'capture') ?? pendingOf(children, 'void');
  if (open) throw new OperationOpen(open);
  const amount = amountMinor === undefined ? amounts.capturableNow : requireAmount(amountMinor);
  if (amount < 1 || amount > amounts.capturableNow) {
    throw tooMuch('capture', amount, amounts.capturableNow, payment.currency);
  }
  return amount;
}

/**
 * A void: the whole authorization is released by the provider (`release`), or — after a partial
 * capture, which the provider does not void — the authorization is closed to further captures by
 * payport alone (`close`, the uncaptured rest). Throws when neither is possible.
 */
export function planVoid(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
): { kind: 'release' | 'close'; amount: number } {
  if (payment.state !== 'authorized') {
    throw new Conflict(
      `Payment ${payment.reference} is ${payment.state}: only an authorized payment can be voided.`,
    );
  }
  const open = pendingOf(children, 'void') ?? pendingOf(children, 'capture');
  if (open) throw new OperationOpen(open);
  const amounts = paymentAmounts(payment, children);
  if (amounts.captured === 0) return { kind: 'release', amount: payment.amount };
  return { kind: 'close', amount: amounts.capturable };
}

/** Checks a refund of `amountMinor` against what is left to refund; returns the amount. */
export function planRefund(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
  amountMinor: number,
): number {
  const amounts = paymentAmounts(payment, children);
  if ((payment.state !== 'done' && payment.state !== 'authorized') || amounts.captured === 0) {
    throw new Conflict(
      `Payment ${payment.reference} is ${payment.state}` +
        (payment.state === 'authorized' ? ' with nothing captured' : '') +
        ': only captured money can be refunded' +
        (payment.state === 'authorized' ? '; void the authorization instead.' : '.'),
    );
  }
  const amount = requireAmount(amountMinor);
  if (amount > amounts.refundableNow)
    throw tooMuch('refund', amount, amounts.refundableNow, payment.currency);
  // Some methods refund only in full (valU, S20).
  assertRefundAllowed(payment.paymentMethod, {
    amountMinor: amount,
    paymentAmountMinor: amounts.captured,
    alreadyRefundedMinor: amounts.refunded + amounts.refundPending,
    currency: payment.currency,
  });
  return amount;
}
