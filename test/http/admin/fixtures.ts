/** Builders of back-office data through the repositories: providers and transactions with a history. */
import { randomBytes } from 'node:crypto';
import type { Store } from '../../../src/store/database.js';
import type {
  NewTransaction,
  ProviderRecord,
  TransactionRecord,
} from '../../../src/store/repositories/index.js';

/** A short random tag for unique references. */
export function tag(): string {
  return randomBytes(4).toString('hex');
}

/** An APS provider in Test state (credentials are opaque placeholders: these tests never call APS). */
export async function seedProvider(store: Store, name = `APS ${tag()}`): Promise<ProviderRecord> {
  return store.repos.providers.insert({
    code: 'aps',
    name,
    state: 'test',
    isPublished: true,
    paymentMethods: ['card', 'mada'],
  });
}

/** A draft payment, with its creation history entry. */
export async function seedDraft(
  store: Store,
  provider: ProviderRecord,
  overrides: Partial<NewTransaction> = {},
): Promise<TransactionRecord> {
  return store.transaction(async (repos) => {
    const tx = await repos.transactions.insert({
      reference: `PP-${tag()}`,
      providerId: provider.id,
      paymentMethod: 'card',
      amount: 10000,
      currency: 'SAR',
      customerEmail: `buyer-${tag()}@example.com`,
      customerName: 'Buyer',
      isLive: false,
      ...overrides,
    });
    await repos.transactionHistory.insert({
      transactionId: tx.id,
      fromState: null,
      toState: 'draft',
      message: 'Created for card',
      channel: 'api',
      createdAt: tx.createdAt,
    });
    return tx;
  });
}

/** A payment paid through an APS webhook: draft → done, with the (masked) notification and an event delivery. */
export async function seedPaid(
  store: Store,
  provider: ProviderRecord,
  overrides: Partial<NewTransaction> = {},
  options: { payload?: string; stateMessage?: string } = {},
): Promise<TransactionRecord> {
  const draft = await seedDraft(store, provider, overrides);
  return store.transaction(async (repos) => {
    const payload =
      options.payload ??
      `command=PURCHASE&merchant_reference=${draft.reference}&amount=${draft.amount}&currency=${draft.currency}&status=14&response_code=14000&access_code=********&signature=********`;
    const notification = await repos.notifications.insert({
      channel: 'webhook',
      payload,
      contentType: 'application/x-www-form-urlencoded',
      sourceIp: '203.0.113.7',
      providerCode: 'aps',
      reference: draft.reference,
      transactionId: draft.id,
      outcome: 'applied',
    });
    const message = options.stateMessage ?? 'Purchase Success';
    const done = (await repos.transactions.updateState(draft.id, {
      state: 'done',
      message,
      expectedState: 'draft',
    }))!;
    await repos.transactions.updateDetails(draft.id, {
      providerReference: '169996200003457000',
      cardBrand: 'visa',
      cardLast4: '4242',
    });
    await repos.transactionHistory.insert({
      transactionId: draft.id,
      fromState: 'draft',
      toState: 'done',
      message,
      channel: 'webhook',
      notificationId: notification.id,
    });
    const endpoint = await repos.eventEndpoints.insert({
      url: 'https://merchant.example/events',
      secretEnc: 'sealed',
    });
    const event = await repos.events.insert({
      endpointId: endpoint.id,
      transactionId: draft.id,
      type: 'transaction.updated',
      payload: '{"type":"transaction.updated"}',
    });
    await repos.eventDeliveries.insert({
      eventId: event.id,
      attemptedAt: store.clock.now(),
      httpStatus: 200,
      durationMs: 12,
    });
    return done;
  });
}
