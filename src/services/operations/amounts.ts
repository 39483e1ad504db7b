/**
 * What is left to capture, void or refund on a payment (S9), from the payment and its children. Pending
 * children count as taken: their outcome is unknown, and counting them is what keeps a timeout followed
 * by a second request from capturing or refunding twice.
 */
import { formatMinorUnits } from '../../domain/money.js';
import type { ChildOperation } from '../../domain/transaction-state.js';
import { Conflict, ValidationError } from '../../errors.js';
import type { TransactionRecord } from '../../store/repositories/index.js';

/** The amounts of one payment, in minor units of its currency. */
export interface PaymentAmounts {
  authorized: number;
  /** Confirmed captures; the whole amount for a payment charged at once (PURCHASE). */
  captured: number;
  /** Captures sent whose outcome is unknown. */
  capturePending: number;
  refunded: number;
  refundPending: number;
  /** authorized − captured − capturePending, while the payment is authorized. */
  capturable: number;
  /** captured − refunded − refundPending, once the payment is done. */
  refundable: number;
}

function sum(children: readonly TransactionRecord[], operation: ChildOperation, state: string): number {
  return children
    .filter((c) => c.operation === operation && c.state === state)
    .reduce((total, c) => total + c.amount, 0);
}

/** Computes the amounts of `payment` from its children. */
export function paymentAmounts(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
): PaymentAmounts {
  const captures = sum(children, 'capture', 'done');
  const hasCaptures = children.some((c) => c.operation === 'capture');
  // A payment that reached `done` without any capture was charged at once: all of it is captured.
  const captured = payment.state === 'done' && !hasCaptures ? payment.amount : captures;
  const capturePending = sum(children, 'capture', 'pending');
  const refunded = sum(children, 'refund', 'done');
  const refundPending = sum(children, 'refund', 'pending');
  return {
    authorized: payment.amount,
    captured,
    capturePending,
    refunded,
    refundPending,
    capturable: payment.state === 'authorized' ? Math.max(0, payment.amount - captured - capturePending) : 0,
    refundable: payment.state === 'done' ? Math.max(0, captured - refunded - refundPending) : 0,
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

function tooMuch(what: string, amount: number, left: number, currency: string): ValidationError {
  const message =
    left === 0 ? `nothing is left to ${what}` : `at most ${money(left, currency)} is left to ${what}`;
  return new ValidationError(`Cannot ${what} ${money(amount, currency)}: ${message}.`, [
    { field: 'amount', message },
  ]);
}

/** The amount to capture now (default: all that is left); throws when the payment does not allow it. */
export function planCapture(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
  amountMinor: number | undefined,
): number {
  if (payment.state !== 'authorized') {
    throw new Conflict(
      `Payment ${payment.reference} is ${payment.state}: only an authorized payment can be captured.`,
    );
  }
  // A capture answer or notification carries no reference of its own, so two open captures could not
  // be told apart: the next one waits until reconciliation has settled the first.
  const open = pendingOf(children, 'capture') ?? pendingOf(children, 'void');
  if (open) {
    throw new Conflict(
      `The ${open.operation} ${open.reference} of this payment is still waiting for the provider's answer; ` +
        'check its status before capturing again.',
    );
  }
  const { capturable } = paymentAmounts(payment, children);
  const amount = amountMinor === undefined ? capturable : requireAmount(amountMinor);
  if (amount < 1 || amount > capturable) throw tooMuch('capture', amount, capturable, payment.currency);
  return amount;
}

/** The amount a void releases (the whole authorization); throws when it is not possible. */
export function planVoid(payment: TransactionRecord, children: readonly TransactionRecord[]): number {
  if (payment.state !== 'authorized') {
    throw new Conflict(
      `Payment ${payment.reference} is ${payment.state}: only an authorized payment can be voided.`,
    );
  }
  const open = pendingOf(children, 'void') ?? pendingOf(children, 'capture');
  if (open) {
    throw new Conflict(
      `The ${open.operation} ${open.reference} of this payment is still waiting for the provider's answer; ` +
        'check its status first.',
    );
  }
  const { captured } = paymentAmounts(payment, children);
  if (captured > 0) {
    throw new Conflict(
      `${money(captured, payment.currency)} of payment ${payment.reference} is already captured: a void ` +
        'releases only an authorization with nothing captured; refund instead once it is done.',
    );
  }
  return payment.amount;
}

/** Checks a refund of `amountMinor` against what is left to refund; returns the amount. */
export function planRefund(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
  amountMinor: number,
): number {
  if (payment.state !== 'done') {
    throw new Conflict(
      `Payment ${payment.reference} is ${payment.state}: only a completed (done) payment can be refunded.`,
    );
  }
  const amount = requireAmount(amountMinor);
  const { refundable } = paymentAmounts(payment, children);
  if (amount > refundable) throw tooMuch('refund', amount, refundable, payment.currency);
  return amount;
}
