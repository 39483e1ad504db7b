/**
 * A transaction's detail for the back office: the record, its family (parent, captures, voids, refunds)
 * and its timeline — created, sent to the provider, every notification with its outcome, every
 * accepted state change, every event delivery attempt — in time order.
 */
import { NotFound } from '../../errors.js';
import type {
  EventDeliveryRecord,
  EventRecord,
  HistoryEntry,
  NotificationRecord,
  PaymentLinkRecord,
  TransactionRecord,
} from '../../store/repositories/index.js';
import type { Channel, TransactionState } from '../../store/schema.js';
import type { Store } from '../../store/database.js';

/** One line of the timeline. */
export type TimelineEntry =
  | { kind: 'created'; at: string; message: string | null; channel: Channel | null }
  | { kind: 'sent'; at: string; via: 'payment_page' | 'payment_api' }
  | { kind: 'notification'; at: string; notification: NotificationRecord }
  | {
      kind: 'state';
      at: string;
      from: TransactionState;
      to: TransactionState;
      message: string | null;
      channel: Channel;
      notificationId: string | null;
    }
  /** A capture, void or refund of this payment was asked for (by a user, an API key, or APS' back office). */
  | { kind: 'operation'; at: string; child: TransactionRecord }
  /** One of its captures, voids or refunds settled. */
  | {
      kind: 'operation_state';
      at: string;
      child: TransactionRecord;
      to: TransactionState;
      message: string | null;
      channel: Channel;
    }
  | { kind: 'event_queued'; at: string; event: EventRecord; endpoint: string }
  | {
      kind: 'event_delivery';
      at: string;
      event: EventRecord;
      endpoint: string;
      delivery: EventDeliveryRecord;
    };

/** Everything the detail page shows. */
export interface TransactionDetail {
  transaction: TransactionRecord;
  providerName: string;
  parent: TransactionRecord | null;
  children: TransactionRecord[];
  paymentLink: PaymentLinkRecord | null;
  timeline: TimelineEntry[];
}

const ORDER: Record<TimelineEntry['kind'], number> = {
  created: 0,
  sent: 1,
  notification: 2,
  state: 3,
  operation: 4,
  operation_state: 5,
  event_queued: 6,
  event_delivery: 7,
};

/** Builds the timeline from the stored facts (pure; sorted by time, then by the order things happen in). */
export function buildTimeline(input: {
  transaction: TransactionRecord;
  history: HistoryEntry[];
  notifications: NotificationRecord[];
  events: { event: EventRecord; deliveries: EventDeliveryRecord[] }[];
  /** Event endpoint URLs by id (the id is shown when an endpoint was deleted). */
  endpoints?: ReadonlyMap<string, string>;
  /** A payment's captures, voids and refunds with their history. */
  operations?: { child: TransactionRecord; history: HistoryEntry[] }[];
}): TimelineEntry[] {
  const tx = input.transaction;
  const entries: TimelineEntry[] = [];
  const creation = input.history.find((h) => h.fromState === null);
  entries.push({
    kind: 'created',
    at: creation?.createdAt ?? tx.createdAt,
    message: creation?.message ?? null,
    channel: creation?.channel ?? null,
  });
  // The redirect form (or the payment API call) is produced in the same request that creates the transaction.
  entries.push({
    kind: 'sent',
    at: tx.createdAt,
    via: tx.operation === 'online_redirect' ? 'payment_page' : 'payment_api',
  });
  for (const notification of input.notifications)
    entries.push({ kind: 'notification', at: notification.receivedAt, notification });
  for (const h of input.history) {
    if (h.fromState === null) continue;
    entries.push({
      kind: 'state',
      at: h.createdAt,
      from: h.fromState,
      to: h.toState,
      message: h.message,
      channel: h.channel,
      notificationId: h.notificationId,
    });
  }
  for (const { child, history } of input.operations ?? []) {
    entries.push({ kind: 'operation', at: child.createdAt, child });
    for (const h of history) {
      if (h.fromState === null || h.toState === 'pending') continue;
      entries.push({
        kind: 'operation_state',
        at: h.createdAt,
        child,
        to: h.toState,
        message: h.message,
        channel: h.channel,
      });
    }
  }
  for (const { event, deliveries } of input.events) {
    const endpoint = input.endpoints?.get(event.endpointId) ?? event.endpointId;
    if (deliveries.length === 0) entries.push({ kind: 'event_queued', at: event.createdAt, event, endpoint });
    for (const delivery of deliveries)
      entries.push({ kind: 'event_delivery', at: delivery.attemptedAt, event, endpoint, delivery });
  }
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort(
      (a, b) =>
        a.entry.at.localeCompare(b.entry.at) ||
        ORDER[a.entry.kind] - ORDER[b.entry.kind] ||
        a.index - b.index,
    )
    .map(({ entry }) => entry);
}

/** Loads the detail of the transaction with `reference`; NotFound when there is none. */
export async function loadTransactionDetail(store: Store, reference: string): Promise<TransactionDetail> {
  const repos = store.repos;
  const transaction = await repos.transactions.findByReference(reference);
  if (!transaction) throw new NotFound(`No transaction with the reference ${reference}.`);
  const [provider, parent, children, history, notifications, events, paymentLink, endpoints] =
    await Promise.all([
      repos.providers.findById(transaction.providerId),
      transaction.sourceTransactionId
        ? repos.transactions.findById(transaction.sourceTransactionId)
        : undefined,
      repos.transactions.listChildren(transaction.id),
      repos.transactionHistory.listByTransaction(transaction.id),
      repos.notifications.listByTransaction(transaction.id),
      repos.events.listByTransaction(transaction.id),
      transaction.paymentLinkId ? repos.paymentLinks.findById(transaction.paymentLinkId) : undefined,
      repos.eventEndpoints.list(),
    ]);
  const withDeliveries = await Promise.all(
    events.map(async (event) => ({ event, deliveries: await repos.eventDeliveries.listByEvent(event.id) })),
  );
  const operations = await Promise.all(
    children.map(async (child) => ({
      child,
      history: await repos.transactionHistory.listByTransaction(child.id),
    })),
  );
  return {
    transaction,
    providerName: provider?.name ?? transaction.providerId,
    parent: parent ?? null,
    children,
    paymentLink: paymentLink ?? null,
    timeline: buildTimeline({
      transaction,
      history,
      notifications,
      events: withDeliveries,
      endpoints: new Map(endpoints.map((endpoint) => [endpoint.id, endpoint.url])),
      operations,
    }),
  };
}
