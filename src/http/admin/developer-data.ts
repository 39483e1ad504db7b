/** What the Developers pages read: endpoints with their delivery counts, and one endpoint's delivery log. */
import type { Store } from '../../store/database.js';
import type { EventEndpointRecord } from '../../store/repositories/index.js';
import type { DeliveryCounts } from './views/developer-common.js';
import type { LoggedEvent } from './views/developer-endpoint.js';
import type { EndpointRow } from './views/developer-page.js';

/** The largest page the events repository hands out; counting walks the log in pages this big. */
const COUNT_PAGE_SIZE = 500;

/** Events shown per page of the delivery log (each with its attempts). */
export const LOG_PAGE_SIZE = 25;

/**
 * How many of an endpoint's events are pending, delivered and failed. The repositories offer no
 * per-endpoint aggregate, so this walks the endpoint's log page by page (keyset pagination, no OFFSET).
 */
export async function deliveryCounts(store: Store, endpointId: string): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { pending: 0, delivered: 0, failed: 0 };
  let cursor: string | null = null;
  do {
    const page = await store.repos.events.listByEndpoint(endpointId, { limit: COUNT_PAGE_SIZE, cursor });
    for (const event of page.items) counts[event.status] += 1;
    cursor = page.nextCursor;
  } while (cursor !== null);
  return counts;
}

/** Every endpoint, oldest first, with its delivery counts. */
export async function endpointRows(store: Store): Promise<EndpointRow[]> {
  const endpoints = await store.repos.eventEndpoints.list();
  return Promise.all(
    endpoints.map(async (endpoint) => ({ endpoint, counts: await deliveryCounts(store, endpoint.id) })),
  );
}

/** One page of an endpoint's events, newest first, each with its transaction reference and attempts. */
export async function deliveryLogPage(
  store: Store,
  endpoint: EventEndpointRecord,
  cursor: string | null,
): Promise<{ events: LoggedEvent[]; nextCursor: string | null }> {
  const page = await store.repos.events.listByEndpoint(endpoint.id, { limit: LOG_PAGE_SIZE, cursor });
  // Several events usually share a transaction: look each reference up once.
  const references = new Map<string, Promise<string | null>>();
  const referenceOf = (transactionId: string): Promise<string | null> => {
    let found = references.get(transactionId);
    if (!found) {
      found = store.repos.transactions.findById(transactionId).then((tx) => tx?.reference ?? null);
      references.set(transactionId, found);
    }
    return found;
  };
  const events = await Promise.all(
    page.items.map(async (event): Promise<LoggedEvent> => ({
      event,
      reference: event.transactionId === null ? null : await referenceOf(event.transactionId),
      deliveries: await store.repos.eventDeliveries.listByEvent(event.id),
    })),
  );
  return { events, nextCursor: page.nextCursor };
}
