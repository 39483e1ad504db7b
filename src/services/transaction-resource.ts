/**
 * The transaction as merchants see it in the API and in events (S12): money as a decimal string plus
 * integer minor units, its children (captures, refunds, voids) and its history.
 */
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
  metadata: Record<string, unknown>;
  payment_link_id: string | null;
  captures: TransactionSummaryResource[];
  refunds: TransactionSummaryResource[];
  voids: TransactionSummaryResource[];
  history: HistoryResource[];
}

/** The summary shape of one transaction. */
export function summaryResource(tx: TransactionRecord): TransactionSummaryResource {
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
  };
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
    metadata: tx.metadata,
    payment_link_id: tx.paymentLinkId,
    captures: of('capture'),
    refunds: of('refund'),
    voids: of('void'),
    history: history.map(historyResource),
  };
}
