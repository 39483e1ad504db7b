/**
 * Keeping a payment's stored ledger (S9) true: the figures are computed by one pure function
 * (domain/ledger.ts) from the payment and its children, and written whenever a state change moves
 * them — with the payment's own state change, or, when a child settles, together with what that means
 * for the payment (captured in full → done; voided → cancel; closed after a partial capture → done).
 * Runs inside the caller's database transaction, with the payment locked first (parent, then child).
 */
import { computeLedger } from '../domain/ledger.js';
import type { TransactionState } from '../domain/transaction-state.js';
import { childReference } from '../domain/reference.js';
import type { ChildOperation } from '../domain/transaction-state.js';
import {
  storedLedger,
  type NewTransaction,
  type Repositories,
  type StoredLedger,
  type TransactionOrigin,
  type TransactionRecord,
} from '../store/repositories/index.js';
/**
 * The ledger `payment` will have in state `target`. Only a payment that was authorized or completed can
 * have children, so one still waiting for its outcome costs no query (the webhook's hot path).
 */
export async function ledgerInState(
  repos: Repositories,
  payment: TransactionRecord,
  target: TransactionState,
): Promise<StoredLedger> {
  const children =
    payment.state === 'draft' || payment.state === 'pending'
      ? []
      : await repos.transactions.listChildren(payment.id);
  return storedLedger(computeLedger({ state: target, amount: payment.amount }, children));
}

/** What a payment's settled children mean for its own state, if anything, with the history text. */
export function paymentTransitionFor(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
): { state: TransactionState; message: string } | undefined {
  if (payment.state !== 'authorized') return undefined;
  let captured = 0;
  let voided = false;
  for (const c of children) {
    if (c.state !== 'done') continue;
    if (c.operation === 'capture') captured += c.amount;
    if (c.operation === 'void') voided = true;
  }
  if (voided && captured === 0) return { state: 'cancel', message: 'Authorization voided' };
  if (captured >= payment.amount) return { state: 'done', message: 'Captured in full' };
  if (voided) {
    return {
      state: 'done',
      message: 'Authorization closed after a partial capture; the rest is released when it expires',
    };
  }
  return undefined;
}

/** What differs from one capture, void or refund child to another. */
export interface ChildSpec {
  operation: ChildOperation;
  amount: number;
  stateMessage: string;
  origin?: TransactionOrigin;
  requestedBy: string;
  nextCheckAt?: Date | null;
}

/**
 * The row of the next capture, void or refund of `payment` (reference `…-C2`, numbered among the
 * children of that operation), `pending`, carrying the payment's facts.
 */
export function newChildOf(
  payment: TransactionRecord,
  children: readonly TransactionRecord[],
  spec: ChildSpec,
): NewTransaction {
  const n = children.filter((c) => c.operation === spec.operation).length + 1;
  return {
    reference: childReference(payment.reference, spec.operation, n),
    orderReference: payment.orderReference,
    providerId: payment.providerId,
    paymentMethod: payment.paymentMethod,
    cardBrand: payment.cardBrand,
    cardLast4: payment.cardLast4,
    amount: spec.amount,
    currency: payment.currency,
    state: 'pending',
    stateMessage: spec.stateMessage,
    operation: spec.operation,
    sourceTransactionId: payment.id,
    providerReference: payment.providerReference,
    customerName: payment.customerName,
    customerEmail: payment.customerEmail,
    customerLang: payment.customerLang,
    isLive: payment.isLive,
    origin: spec.origin ?? 'payport',
    requestedBy: spec.requestedBy,
    ...(spec.nextCheckAt !== undefined && { nextCheckAt: spec.nextCheckAt }),
  };
}
