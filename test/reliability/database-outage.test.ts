/**
 * S7 step 1 and S15 with the real simulator: while the database is unavailable (PostgreSQL's connection
 * cut, or SQLite's write lock held by another connection past the busy timeout), payport answers the
 * simulator's Direct Transaction Feedback 503 and records nothing; the simulator keeps retrying, and once
 * the database is back each payment is applied exactly once, nothing lost.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createPaymentTransaction, redirectFor } from '../../src/services/checkout.js';
import { createSimulator, type Delivery, type Simulator } from '../../src/simulator/index.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { simulateOutage, type Outage } from '../support/outage.js';
import { seedApsProvider, TEST_CREDENTIALS, type TestPayport } from '../support/payport.js';
import { pay } from '../simulator/helpers.js';
import { startListeningPayport, waitUntil } from './helpers.js';

forEachDatabase('the database unavailable while APS feedback arrives (S15)', (db) => {
  let outage: Outage;
  let pp: TestPayport;
  let sim: Simulator;
  const transactions: TransactionRecord[] = [];
  let deliveries: Delivery[] = [];
  let notifiedDuringOutage = 0;

  before(async () => {
    // Each attempt on a locked SQLite file waits out its 5 s busy timeout: keep the count small there.
    const count = db.dialect === 'sqlite' ? 3 : 6;
    outage = await simulateOutage(db.location);
    sim = createSimulator({
      feedbackRetry: { attempts: 10, intervalMs: 500 },
      feedbackTimeoutMs: 20_000,
      logger: false,
    });
    await sim.app.listen({ port: 0, host: '127.0.0.1' });
    const simUrl = `http://127.0.0.1:${(sim.app.server.address() as AddressInfo).port}`;
    pp = await startListeningPayport(outage.database);
    const payportUrl = pp.running.address;
    const configured = await sim.app.inject({
      method: 'PUT',
      url: `/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`,
      payload: {
        accessCode: TEST_CREDENTIALS.accessCode,
        shaRequestPhrase: TEST_CREDENTIALS.shaRequestPhrase,
        shaResponsePhrase: TEST_CREDENTIALS.shaResponsePhrase,
        shaType: 'sha256',
        redirectionUrl: `${payportUrl}/payment/aps/return`,
        directFeedbackUrl: `${payportUrl}/payment/aps/webhook`,
        notificationUrl: '',
      },
    });
    assert.ok(configured.statusCode < 300, configured.body);
    const provider = await seedApsProvider(pp.services, { customBaseUrl: simUrl });
    for (let i = 0; i < count; i++) {
      transactions.push(
        await createPaymentTransaction(pp.services, {
          providerId: provider.id,
          paymentMethod: 'card',
          amountMinor: 10_000 + i,
          currency: 'SAR',
          customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
          channel: 'system',
        }),
      );
    }
    const forms = await Promise.all(transactions.map((tx) => redirectFor(pp.services, tx)));

    await outage.start();
    // The customers pay on the hosted page; the simulator sends its feedback to payport, which is down.
    for (const form of forms) await pay(sim.app, form.fields, {});
    deliveries = sim.state.deliveries.filter((d) => d.channel === 'direct');
    await waitUntil(
      () =>
        deliveries.length === transactions.length &&
        deliveries.every((d) => d.attempts.some((a) => a.httpStatus === 503)),
      () =>
        `every feedback to be refused with 503 at least once (${JSON.stringify(deliveries.map((d) => d.attempts))})`,
      40_000,
    );
    for (const tx of transactions) {
      // Read past the outage: the test's own store reaches the database directly (SQLite readers are not
      // blocked by the held write lock).
      notifiedDuringOutage += (await db.store.repos.notifications.listByTransaction(tx.id)).length;
    }
    await outage.end();
    await waitUntil(
      () => deliveries.every((d) => d.state !== 'pending'),
      'the simulator to stop retrying',
      40_000,
    );
  });
  after(async () => {
    await outage?.end();
    await sim?.close();
    await pp?.close();
    await outage?.close();
  });

  test('answers 503 (retry later) while the database is unavailable', () => {
    for (const delivery of deliveries) {
      const statuses = delivery.attempts.map((a) => a.httpStatus);
      assert.ok(statuses.includes(503), `${delivery.merchantReference}: ${statuses.join(',')}`);
      assert.ok(!statuses.some((s) => s !== null && s >= 500 && s !== 503), statuses.join(','));
    }
  });

  test('records nothing while the database is unavailable', () => {
    assert.equal(notifiedDuringOutage, 0);
  });

  test("acknowledges a retry once the database is back, so the simulator's delivery succeeds", () => {
    for (const delivery of deliveries) {
      assert.equal(delivery.state, 'delivered', delivery.merchantReference);
      assert.equal(delivery.attempts.at(-1)?.httpStatus, 200);
    }
  });

  test('applies every payment exactly once, nothing lost', async () => {
    for (const tx of transactions) {
      const fresh = await pp.services.store.repos.transactions.findById(tx.id);
      assert.equal(fresh?.state, 'done', tx.reference);
      const changes = (await pp.services.store.repos.transactionHistory.listByTransaction(tx.id)).filter(
        (h) => h.fromState !== null,
      );
      assert.deepEqual(
        changes.map((h) => `${h.fromState}→${h.toState}`),
        ['draft→done'],
        tx.reference,
      );
      const applied = (await pp.services.store.repos.notifications.listByTransaction(tx.id)).filter(
        (n) => n.outcome === 'applied',
      );
      assert.equal(applied.length, 1, tx.reference);
    }
  });
});
