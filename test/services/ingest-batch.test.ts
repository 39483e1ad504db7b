/**
 * Messages that arrive together are ingested in one database transaction (group commit) and share
 * statements: their payments are locked together, provider and endpoints are read once, notifications
 * and history are written together. Whatever is shared, each message must end exactly as if it had
 * arrived alone.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventEndpoint } from '../../src/services/api/event-endpoints.js';
import { createPaymentTransaction } from '../../src/services/checkout.js';
import { ingestMessage, type InboundMessage } from '../../src/services/ingest-notification.js';
import { toProviderPatch } from '../../src/services/provider-accounts.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import type { ProviderConfig } from '../../src/domain/provider.js';
import { apsResponse, signed } from '../support/aps-messages.js';
import { forEachDatabase } from '../support/databases.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../support/payport.js';

forEachDatabase('messages ingested together in one transaction', (db) => {
  let pp: TestPayport;
  let provider: ProviderConfig;
  const newPayment = () =>
    createPaymentTransaction(pp.services, {
      providerId: provider.id,
      paymentMethod: 'card',
      amountMinor: 10_000,
      currency: 'SAR',
      customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
      channel: 'system',
    });
  const message = (
    fields: Record<string, string>,
    channel: InboundMessage['channel'] = 'webhook',
  ): InboundMessage => ({
    providerCode: 'aps',
    channel,
    fields,
    contentType: 'application/x-www-form-urlencoded',
  });

  before(async () => {
    pp = await createTestPayport({ database: db.location });
    provider = await seedApsProvider(pp.services);
    await createEventEndpoint(pp.services, { url: 'https://merchant.example.com/events' });
  });
  after(() => pp.close());

  test('each message of a mixed batch ends as if it had arrived alone', async () => {
    const [paid, authorized, forged, untouched] = [
      await newPayment(),
      await newPayment(),
      await newPayment(),
      await newPayment(),
    ] as TransactionRecord[];
    const success = signed(apsResponse(paid!, { card_number: '400555******0002' }));
    const batch = [
      message(success, 'return'),
      message(success, 'webhook'),
      message(signed(apsResponse(authorized!, { status: '02', response_code: '02000' }))),
      message({ ...signed(apsResponse(forged!)), amount: '1' }),
      message(signed(apsResponse({ ...untouched!, reference: 'NO-SUCH-REFERENCE' }))),
    ];
    // Submitted in one turn of the event loop, so they share one transaction.
    const results = await Promise.all(batch.map((m) => ingestMessage(pp.services, m)));

    assert.deepEqual(
      results.map((r) => r.outcome),
      ['applied', 'duplicate', 'applied', 'bad_signature', 'unknown_reference'],
    );
    const repos = pp.services.store.repos;
    const states = await Promise.all(
      [paid, authorized, forged, untouched].map(async (tx) => (await repos.transactions.findById(tx!.id))!),
    );
    assert.deepEqual(
      states.map((tx) => tx.state),
      ['done', 'authorized', 'draft', 'draft'],
    );
    assert.equal(states[0]!.cardLast4, '0002');
    assert.ok(states[2]!.nextCheckAt, 'the forged message asks for a status check');

    // Every message is recorded with its outcome and its transaction.
    for (const [i, result] of results.entries()) {
      const recorded = await repos.notifications.findById(result.notificationId);
      assert.equal(recorded?.outcome, result.outcome, `message ${i}`);
      assert.equal(recorded?.transactionId ?? null, result.payment?.id ?? null, `message ${i}`);
    }

    // One history entry per change, pointing at the message that made it; one event carrying it.
    const history = await repos.transactionHistory.listByTransaction(paid!.id);
    const changes = history.filter((h) => h.fromState !== null);
    assert.deepEqual(
      changes.map((h) => [h.fromState, h.toState, h.channel, h.notificationId]),
      [['draft', 'done', 'return', results[0]!.notificationId]],
    );
    const events = await repos.events.listByTransaction(paid!.id);
    assert.equal(events.length, 1);
    const payload = JSON.parse(events[0]!.payload) as {
      data: { transaction: { state: string; card_last4: string; history: { to_state: string }[] } };
    };
    assert.equal(payload.data.transaction.state, 'done');
    assert.equal(payload.data.transaction.card_last4, '0002');
    assert.deepEqual(
      payload.data.transaction.history.map((h) => h.to_state),
      ['draft', 'done'],
    );
    assert.equal((await repos.events.listByTransaction(authorized!.id)).length, 1);
    assert.equal((await repos.events.listByTransaction(forged!.id)).length, 0);
  });

  test('a provider changed between two batches is read afresh by the second', async () => {
    const first = await newPayment();
    const second = await newPayment();
    const applied = await ingestMessage(pp.services, message(signed(apsResponse(first))));
    assert.equal(applied.outcome, 'applied');

    const newPhrase = 'rotated-response-phrase-77';
    await pp.services.store.repos.providers.update(
      provider.id,
      toProviderPatch({ ...provider, shaResponsePhrase: newPhrase }, pp.services.secretBox),
    );
    const oldPhrase = await ingestMessage(
      pp.services,
      message(signed(apsResponse(second), TEST_CREDENTIALS.shaResponsePhrase)),
    );
    assert.equal(oldPhrase.outcome, 'bad_signature');
    const newOne = await ingestMessage(pp.services, message(signed(apsResponse(second), newPhrase)));
    assert.equal(newOne.outcome, 'applied');
    await pp.services.store.repos.providers.update(
      provider.id,
      toProviderPatch(provider, pp.services.secretBox),
    );
  });

  test('many batches in a row: every message recorded once, every payment changed once', async () => {
    const payments = await Promise.all(Array.from({ length: 40 }, () => newPayment()));
    const messages = payments.flatMap((tx) => [
      message(signed(apsResponse(tx)), 'return'),
      message(signed(apsResponse(tx)), 'webhook'),
    ]);
    const results = await Promise.all(messages.map((m) => ingestMessage(pp.services, m)));
    assert.equal(results.filter((r) => r.outcome === 'applied').length, payments.length);
    assert.equal(results.filter((r) => r.outcome === 'duplicate').length, payments.length);
    assert.equal(new Set(results.map((r) => r.notificationId)).size, messages.length);
    for (const tx of payments) {
      const history = await pp.services.store.repos.transactionHistory.listByTransaction(tx.id);
      assert.deepEqual(
        history.map((h) => h.toState),
        ['draft', 'done'],
      );
      assert.equal((await pp.services.store.repos.events.listByTransaction(tx.id)).length, 1);
    }
  });
});
