/** Events about saved cards (S18), written to the outbox in the caller's database transaction like every event. */
import { newId } from '../../crypto/random.js';
import type { Repositories, SavedPaymentMethodRecord } from '../../store/repositories/index.js';

/** A card was saved for a customer. */
export const PAYMENT_METHOD_SAVED = 'payment_method.saved';
/** A saved card was removed (its token deactivated). */
export const PAYMENT_METHOD_REMOVED = 'payment_method.removed';

/** Enqueues one event per active endpoint: `{id, type, created_at, data: {payment_method, customer_id}}`. */
export async function enqueueCardEvent(
  repos: Repositories,
  type: typeof PAYMENT_METHOD_SAVED | typeof PAYMENT_METHOD_REMOVED,
  card: SavedPaymentMethodRecord,
  customerId: string,
  at: string,
): Promise<number> {
  const endpoints = await repos.eventEndpoints.list({ activeOnly: true });
  if (endpoints.length === 0) return 0;
  const clockAt = { now: () => new Date(at) };
  const paymentMethod = {
    id: card.id,
    customer_id: customerId,
    brand: card.brand,
    last4: card.last4,
    expiry: card.expiry,
    status: card.status,
    created_at: card.createdAt,
  };
  await repos.events.insertMany(
    endpoints.map((endpoint) => {
      const id = `evt_${newId(clockAt).replace(/-/g, '')}`;
      return {
        id,
        endpointId: endpoint.id,
        transactionId: null,
        type,
        payload: JSON.stringify({ id, type, created_at: at, data: { payment_method: paymentMethod } }),
        createdAt: at,
      };
    }),
  );
  return endpoints.length;
}
