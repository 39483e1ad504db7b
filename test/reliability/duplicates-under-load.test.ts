/**
 * S7/S15 under load: thousands of genuine signed messages for a few hundred transactions — every one sent
 * several times, on the return and the webhook, form and JSON, in a shuffled order, many at once — end in
 * exactly one state change and one event per transaction and final state.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventEndpoint } from '../../src/services/api/event-endpoints.js';
import { createPaymentTransaction } from '../../src/services/checkout.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../support/payport.js';
import { runConcurrently, shuffled } from './helpers.js';

const TRANSACTIONS = 300;
const COPIES = 6;
const CONCURRENCY = 64;

/** What each transaction is told, by its index: a final outcome, some first hearing "pending" as well. */
const FINALS = [
  { status: '14', responseCode: '14000', state: 'done' },
  { status: '02', responseCode: '02000', state: 'authorized' },
  { status: '13', responseCode: '13666', state: 'error' },
] as const;

interface Message {
  tx: TransactionRecord;
  channel: 'return' | 'webhook';
  json: boolean;
  fields: Record<string, string>;
}

forEachDatabase('thousands of duplicated, reordered, concurrent messages (S15)', (db) => {
  let pp: TestPayport;
  let transactions: TransactionRecord[] = [];
  let messages: Message[] = [];
  let statuses: number[] = [];

  before(async () => {
    pp = await createTestPayport({ database: db.location });
    const provider = await seedApsProvider(pp.services);
    await createEventEndpoint(pp.services, { url: 'https://merchant.example.com/events' });
    const paused = await createEventEndpoint(pp.services, { url: 'https://paused.example.com/events' });
    await pp.services.store.repos.eventEndpoints.setActive(paused.id, false);
    transactions = await runConcurrently(
      Array.from({ length: TRANSACTIONS }, (_, i) => i),
      8,
      () =>
        createPaymentTransaction(pp.services, {
          providerId: provider.id,
          paymentMethod: 'card',
          amountMinor: 10_000,
          currency: 'SAR',
          customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
          channel: 'system',
        }),
    );
    const all: Message[] = [];
    transactions.forEach((tx, i) => {
      const final = FINALS[i % FINALS.length]!;
      const outcomes = [signed(apsResponse(tx, { status: final.status, response_code: final.responseCode }))];
      if (i % 4 === 0) outcomes.push(signed(apsResponse(tx, { status: '19', response_code: '19001' })));
      for (const fields of outcomes) {
        for (let copy = 0; copy < COPIES; copy++) {
          all.push({ tx, channel: copy % 2 === 0 ? 'return' : 'webhook', json: copy % 3 === 2, fields });
        }
      }
    });
    messages = shuffled(all, 20260301);
    statuses = await runConcurrently(messages, CONCURRENCY, async (m) => {
      const res = await pp.running.app.inject({
        method: 'POST',
        url: `/payment/aps/${m.channel}`,
        payload: m.json ? JSON.stringify(m.fields) : formBody(m.fields),
        headers: {
          'content-type': m.json ? 'application/json' : 'application/x-www-form-urlencoded',
          accept: 'text/html',
        },
      });
      return res.statusCode;
    });
  });
  after(() => pp?.close());

  test('sends thousands of messages', () => {
    assert.ok(messages.length >= 2000, `${messages.length} messages`);
  });

  test('answers every message as accepted: 200 on the webhook, 303 on the return, never 5xx', () => {
    messages.forEach((m, i) => assert.equal(statuses[i], m.channel === 'webhook' ? 200 : 303));
  });

  test('records every message in the notification log', async () => {
    let recorded = 0;
    for (const tx of transactions) {
      recorded += (await pp.services.store.repos.notifications.listByTransaction(tx.id)).length;
    }
    assert.equal(recorded, messages.length);
  });

  test('ends every transaction in the final state it was told', async () => {
    for (const [i, tx] of transactions.entries()) {
      const fresh = await pp.services.store.repos.transactions.findById(tx.id);
      assert.equal(fresh?.state, FINALS[i % FINALS.length]!.state, tx.reference);
    }
  });

  test('makes exactly one state change into each final state, whatever the order and the copies', async () => {
    for (const [i, tx] of transactions.entries()) {
      const history = await pp.services.store.repos.transactionHistory.listByTransaction(tx.id);
      const final = FINALS[i % FINALS.length]!.state;
      assert.equal(history.filter((h) => h.toState === final).length, 1, `${tx.reference} → ${final}`);
      assert.ok(history.filter((h) => h.toState === 'pending').length <= (i % 4 === 0 ? 1 : 0));
      assert.equal(history.at(-1)?.toState, final, `${tx.reference}: the final state is the last change`);
    }
  });

  test('one event per state change for the active endpoint only, none for the paused one', async () => {
    const endpoints = await pp.services.store.repos.eventEndpoints.list();
    const active = endpoints.find((e) => e.active)!;
    for (const [i, tx] of transactions.entries()) {
      const history = await pp.services.store.repos.transactionHistory.listByTransaction(tx.id);
      const events = await pp.services.store.repos.events.listByTransaction(tx.id);
      // The creation entry (no previous state) is not a change and announces nothing.
      const changes = history.filter((h) => h.fromState !== null);
      assert.equal(events.length, changes.length, tx.reference);
      assert.ok(events.every((e) => e.endpointId === active.id));
      const final = FINALS[i % FINALS.length]!.state;
      const finalEvents = events.filter(
        (e) =>
          (JSON.parse(e.payload) as { data: { transaction: { state: string } } }).data.transaction.state ===
          final,
      );
      assert.equal(finalEvents.length, 1, `${tx.reference}: one event announcing ${final}`);
    }
  });
});
