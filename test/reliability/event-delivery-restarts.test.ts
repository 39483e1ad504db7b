/**
 * S12/S15 at-least-once event delivery across restarts: events written by state changes survive a payport
 * that stops before delivering them, a worker that dies holding their lease, and an answer lost after the
 * receiver got the event. A restarted payport delivers every one, correctly signed; duplicates are
 * allowed, losses are not.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEventDelivery } from '../../src/services/api/event-delivery.js';
import { createEventEndpoint } from '../../src/services/api/event-endpoints.js';
import { SIGNATURE_HEADER, verifyEventSignature } from '../../src/services/api/event-signature.js';
import { createPaymentTransaction } from '../../src/services/checkout.js';
import { ingestMessage } from '../../src/services/ingest-notification.js';
import { apsResponse, signed } from '../support/aps-messages.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../support/payport.js';
import { startReceiver, type Receiver } from '../services/api/receiver.js';

const TRANSACTIONS = 12;
const LEASE_MS = 60_000;

forEachDatabase('event delivery at least once across restarts (S15)', (db) => {
  let receiver: Receiver;
  let secret: string;
  let first: TestPayport;
  let second: TestPayport;
  const eventIds: string[] = [];
  let leasedByDeadWorker: string[] = [];
  let lostAnswers = 0;

  before(async () => {
    receiver = await startReceiver();
    first = await createTestPayport({ database: db.location, eventTargets: 'loopback' });
    const provider = await seedApsProvider(first.services);
    secret = (await createEventEndpoint(first.services, { url: receiver.url })).secret;
    for (let i = 0; i < TRANSACTIONS; i++) {
      const tx = await createPaymentTransaction(first.services, {
        providerId: provider.id,
        paymentMethod: 'card',
        amountMinor: 5_000 + i,
        currency: 'SAR',
        customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
        channel: 'system',
      });
      // Two changes each (pending, then done): the events of one transaction must keep their order.
      for (const status of ['19', '14']) {
        const fields = signed(apsResponse(tx, { status, response_code: `${status}000` }));
        await ingestMessage(first.services, { providerCode: 'aps', channel: 'webhook', fields });
      }
      eventIds.push(...(await first.services.store.repos.events.listByTransaction(tx.id)).map((e) => e.id));
    }

    // A worker of the first payport: its endpoint is down, then the answer of one delivery is lost
    // (the receiver got it, the worker saw a reset), then it dies holding a lease on a batch.
    receiver.status = 503;
    const failing = startEventDelivery(first.services, {
      intervalMs: 3_600_000,
      batchSize: 4,
      leaseMs: LEASE_MS,
    });
    await failing.runOnce();
    await failing.stop();
    first.clock.advance(10 * 60_000);
    receiver.status = 200;
    const losing = startEventDelivery(first.services, {
      intervalMs: 3_600_000,
      batchSize: 2,
      leaseMs: LEASE_MS,
      fetch: async (input, init) => {
        await fetch(input, init);
        lostAnswers++;
        throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      },
    });
    await losing.runOnce();
    await losing.stop();
    leasedByDeadWorker = (
      await first.services.store.repos.events.claimDue(first.clock.now(), 3, LEASE_MS)
    ).map((e) => e.id);
    await first.close();

    // The restart: a new payport on the same database delivers until nothing is pending.
    second = await createTestPayport({
      database: db.location,
      clock: first.clock,
      eventTargets: 'loopback',
    });
    const worker = startEventDelivery(second.services, { intervalMs: 3_600_000, leaseMs: LEASE_MS });
    try {
      for (let round = 0; round < 50; round++) {
        const counts = await second.services.store.repos.events.countByStatus();
        if (counts.pending === 0) break;
        await worker.runOnce();
        second.clock.advance(LEASE_MS);
      }
    } finally {
      await worker.stop();
    }
  });
  after(async () => {
    await second?.close();
    await first?.close();
    await receiver?.close();
  });

  const acknowledgedIds = () =>
    receiver.received.filter((r) => r.status === 200).map((r) => (JSON.parse(r.body) as { id: string }).id);

  test('the first payport stopped with events still undelivered, some leased by a dead worker', () => {
    assert.equal(eventIds.length, TRANSACTIONS * 2);
    assert.equal(leasedByDeadWorker.length, 3);
    assert.ok(lostAnswers > 0);
  });

  test('the receiver acknowledged every event after the restart: none lost', () => {
    const got = new Set(acknowledgedIds());
    for (const id of eventIds) assert.ok(got.has(id), `event ${id} reached the receiver`);
  });

  test('the database records every event as delivered', async () => {
    for (const id of eventIds) {
      assert.equal((await second.services.store.repos.events.findById(id))?.status, 'delivered', id);
    }
  });

  test('an event whose answer was lost is delivered again (at least once)', () => {
    const counts = new Map<string, number>();
    for (const id of acknowledgedIds()) counts.set(id, (counts.get(id) ?? 0) + 1);
    assert.ok(
      [...counts.values()].some((n) => n > 1),
      'some event arrived twice',
    );
  });

  test('every delivery carries a valid Payport-Signature over its exact body', () => {
    for (const request of receiver.received) {
      const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
      const check = verifyEventSignature(
        typeof header === 'string' ? header : undefined,
        request.body,
        secret,
        {
          now: new Date(Number(/t=(\d+)/.exec(String(header))?.[1]) * 1000),
        },
      );
      assert.deepEqual(check.valid, true, JSON.stringify(check));
    }
  });

  test("a transaction's events were first acknowledged in the order they were written", () => {
    const firstSeen = [...new Set(acknowledgedIds())];
    for (let i = 0; i < eventIds.length; i += 2) {
      const [pending, done] = [eventIds[i]!, eventIds[i + 1]!];
      assert.ok(firstSeen.indexOf(pending) < firstSeen.indexOf(done), `${pending} before ${done}`);
    }
  });
});
