/**
 * The transaction as merchants see it in the API and in events (S12): money as a decimal string plus
 * integer minor units, its children (captures, refunds, voids) and its history.
 */
import { installmentsResource } from '../domain/installment-plan.js';
import { ledgerFromFigures } from '../domain/ledger.js';
import { formatMinorUnits } from '../domain/money.js';
import type { HistoryEntry, Repositories, TransactionRecord } from '../store/repositories/index.js';

/** One accepted state change, as merchants see it. */
export interface HistoryResource {
  from_state: string | null;
  to_state: string;
  at: string;
  channel: string;
  message: string | null;
  notification_id: string | null;
}

/** The money of a payment (S9), each figure as a decimal string and in minor units. */
export interface LedgerResource {
  authorized: string;
  authorized_minor: number;
  captured: string;
  captured_minor: number;
  refunded: string;
  refunded_minor: number;
  voided: string;
  voided_minor: number;
  capturable: string;
  capturable_minor: number;
  refundable: string;
  refundable_minor: number;
  /** The last difference found between this ledger and the provider's books, or null. */
  discrepancy: { text: string; time: string } | null;
}

/** A transaction without its children and history (children are listed in this shape). */
export interface TransactionSummaryResource {
  reference: string;
  order_reference: string | null;
  operation: string;
  state: string;
  state_message: string | null;
  last_state_change: string;
  amount: string;
  amount_minor: number;
  currency: string;
  payment_method: string;
  card_brand: string | null;
  card_last4: string | null;
  provider_id: string;
  provider_reference: string | null;
  is_live: boolean;
  created_at: string;
  /** Payments: derived from state and ledger (S9); null on children. */
  financial_status: string | null;
  /** Payments: `automatic` (charged at once) or `manual` (authorized, captured later); null on children. */
  capture_method: string | null;
  /** Payments: their money; null on children. */
  ledger: LedgerResource | null;
  /** Children: `payport`, or `aps` for an operation made in the provider's own back office. */
  origin: string | null;
  /** Children: who asked for the operation. */
  requested_by: string | null;
  /** The installment plan the customer chose (S20); null otherwise. */
  installments: {
    number_of_installments: number;
    plan_code: string | null;
    issuer_code: string | null;
  } | null;
}

/** The full resource. */
export interface TransactionResource extends TransactionSummaryResource {
  source_transaction: string | null;
  customer: {
    email: string | null;
    name: string | null;
    lang: string | null;
    phone: string | null;
    country: string | null;
  };
  landing_url: string | null;
  /** Order description given with the payment. */
  description: string | null;
  metadata: Record<string, unknown>;
  payment_link_id: string | null;
  captures: TransactionSummaryResource[];
  refunds: TransactionSummaryResource[];
  voids: TransactionSummaryResource[];
  history: HistoryResource[];
}

/** The summary shape of one transaction. */
export function summaryResource(tx: TransactionRecord): TransactionSummaryResource {
  const isPayment = tx.operation === 'online_redirect';
  return {
    reference: tx.reference,
    order_reference: tx.orderReference,
    operation: tx.operation,
    state: tx.state,
    state_message: tx.stateMessage,
    last_state_change: tx.lastStateChange,
    amount: formatMinorUnits(tx.amount, tx.currency),
    amount_minor: tx.amount,
    currency: tx.currency,
    payment_method: tx.paymentMethod,
    card_brand: tx.cardBrand,
    card_last4: tx.cardLast4,
    provider_id: tx.providerId,
    provider_reference: tx.providerReference,
    is_live: tx.isLive,
    created_at: tx.createdAt,
    installments: installmentsResource(tx.installments),
    ...(isPayment
      ? {
          financial_status: tx.ledger.financialStatus,
          capture_method: tx.captureMethod,
          ledger: ledgerResource(tx),
          origin: null,
          requested_by: null,
        }
      : {
          financial_status: null,
          capture_method: null,
          ledger: null,
          origin: tx.origin,
          requested_by: tx.requestedBy,
        }),
  };
}

/** The ledger of a payment as the API shows it, from its stored figures. */
export function ledgerResource(tx: TransactionRecord): LedgerResource {
  const amounts = ledgerFromFigures(tx.state, tx.ledger);
  const out: Record<string, unknown> = {};
  for (const figure of [
    'authorized',
    'captured',
    'refunded',
    'voided',
    'capturable',
    'refundable',
  ] as const) {
    out[figure] = formatMinorUnits(amounts[figure], tx.currency);
    out[`${figure}_minor`] = amounts[figure];
  }
  out.discrepancy = tx.discrepancy;
  return out as unknown as LedgerResource;
}

function historyResource(entry: HistoryEntry): HistoryResource {
  return {
    from_state: entry.fromState,
    to_state: entry.toState,
    at: entry.createdAt,
    channel: entry.channel,
    message: entry.message,
    notification_id: entry.notificationId,
  };
}

/** Loads children, parent reference and history, and builds the full resource. */
export async function loadTransactionResource(
  repos: Repositories,
  tx: TransactionRecord,
): Promise<TransactionResource> {
  const [children, history, parent] = await Promise.all([
    tx.operation === 'online_redirect' ? repos.transactions.listChildren(tx.id) : Promise.resolve([]),
    repos.transactionHistory.listByTransaction(tx.id),
    tx.sourceTransactionId ? repos.transactions.findById(tx.sourceTransactionId) : Promise.resolve(undefined),
  ]);
  return transactionResource(tx, children, history, parent);
}

/**
 * The full resource of a payment just created: no children, no parent, and its one history entry
 * (what {@link loadTransactionResource} would read back).
 */
export function newDraftResource(tx: TransactionRecord, created: HistoryEntry): TransactionResource {
  return transactionResource(tx, [], [created], undefined);
}

function transactionResource(
  tx: TransactionRecord,
  children: readonly TransactionRecord[],
  history: readonly HistoryEntry[],
  parent: TransactionRecord | undefined,
): TransactionResource {
  const of = (operation: string) => children.filter((c) => c.operation === operation).map(summaryResource);
  return {
    ...summaryResource(tx),
    source_transaction: parent?.reference ?? null,
    customer: {
      email: tx.customerEmail,
      name: tx.customerName,
      lang: tx.customerLang,
      phone: tx.customerPhone,
      country: tx.customerCountry,
    },
    landing_url: tx.landingUrl,
    description: tx.description,
    metadata: tx.metadata,
    payment_link_id: tx.paymentLinkId,
    captures: of('capture'),
    refunds: of('refund'),
    voids: of('void'),
    history: history.map(historyResource),
  };
}
