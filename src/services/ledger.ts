/**
 * Keeping a payment's stored ledger (S9) true: the figures are computed by one pure function
 * (domain/ledger.ts) from the payment and its children, and written whenever a state change moves
 * them — with the payment's own state change, or, when a child settles, together with what that means
 * for the payment (captured in full → done; voided → cancel; closed after a partial capture → done).
 * Runs inside the caller's database transaction, with the payment locked first (parent, then child).
 */
import { computeLedger, type Ledger } from '../domain/ledger.js';
import type { TransactionState } from '../domain/transaction-state.js';
import type { Repositories, StoredLedger, TransactionRecord } from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';

/** Where a change came from, for the history. */
export interface LedgerChangeOptions {
  channel: Channel;
  notificationId?: string | null;
  at: string;
}

/** The stored form of a ledger. */
export function storedLedger(ledger: Ledger): StoredLedger {
  return {
    financialStatus: ledger.financialStatus,
    authorized: ledger.authorized,
    captured: ledger.captured,
    refunded: ledger.refunded,
    voided: ledger.voided,
  };
}

/** True when two stored ledgers hold the same figures and status. */
export function sameLedger(a: StoredLedger, b: StoredLedger): boolean {
  return (
    a.financialStatus === b.financialStatus &&
    a.authorized === b.authorized &&
    a.captured === b.captured &&
    a.refunded === b.refunded &&
    a.voided === b.voided
  );
}

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
