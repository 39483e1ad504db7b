import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { redirectFor } from '../../../src/services/checkout.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { capture, checkStatus, refund } from '../../../src/services/operations/index.js';
import {
  startReconciliation,
  type ReconciliationWorker,
} from '../../../src/services/reconciliation/index.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import { forEachDatabase } from '../../support/databases.js';
import { pay } from '../../simulator/helpers.js';
import {
  PENDING_RESOLUTION_MS,
  startOperationsHarness,
  startSecondPayport,
  type OperationsHarness,
} from '../operations/harness.js';

const actor = { userId: 'user-recon' };
const SLOW = 60_000;

async function statusCheckCount(h: OperationsHarness, outcome: string): Promise<number> {
  const metric = await h.pp.services.metrics.statusChecks.get();
  return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

/** Lets the simulator finish the slow request it is holding, then waits until its ledger shows it. */
async function releaseSlowAnswer(h: OperationsHarness, reference: string, refunded: number) {
  await h.timers.waitForTimers(1);
  await h.faults({});
  h.timers.advance(SLOW);
  while ((await h.ledger(reference)).refundedAmount < refunded) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

forEachDatabase('reconciliation with CHECK_STATUS against the simulator (S8)', (db) => {
  describe('payments and refunds', () => {
    let h: OperationsHarness;
    let worker: ReconciliationWorker;
    before(async () => {
      h = await startOperationsHarness(db);
      worker = startReconciliation(h.pp.services, { autoStart: false, batchSize: 5 });
    });
    after(async () => {
      await worker.stop();
      await h.close();
    });

    test('a refund whose answer times out stays pending and is settled once by reconciliation', async () => {
      const ctx = h.pp.services;
      const payment = await h.payment({ amountMinor: 10_000 });
      await h.faults({ paymentApiDelayMs: SLOW });
      const child = await refund(ctx, payment.reference, { amountMinor: 4_000, actor });
      assert.equal(child.state, 'pending', 'a timeout never makes the refund an error');
      assert.match(child.stateMessage ?? '', /status unknown/);

      const second = await refund(ctx, payment.reference, { amountMinor: 6_001, actor }).catch((e) => e);
      assert.match(
        (second as Error).message,
        /at most 60\.00 SAR is left to refund/,
        'the pending refund is reserved',
      );

      await releaseSlowAnswer(h, payment.reference, 4_000);
      const dropped = await h.waitForNotifications(payment.reference, 'REFUND', 1);

      h.pp.clock.advance(15_000);
      await worker.runOnce();
      assert.equal((await h.reload(child)).state, 'done');
      assert.equal(h.sentFor(payment.reference, 'CHECK_STATUS').length, 1);

      h.pp.clock.advance(60 * 60_000);
      await worker.runOnce();
      assert.equal(
        h.sentFor(payment.reference, 'CHECK_STATUS').length,
        1,
        'a settled child is not checked again',
      );

      const late = await ingestMessage(ctx, { providerCode: 'aps', channel: 'webhook', fields: dropped[0]! });
      assert.equal(late.outcome, 'duplicate', 'the late Notification changes nothing');
      assert.equal(h.sentFor(payment.reference, 'REFUND').length, 1, 'never re-sent');
      assert.equal((await h.ledger(payment.reference)).refundedAmount, 4_000);
      assert.equal((await h.children(payment)).filter((c) => c.state === 'done').length, 1);
    });

    test('a pending (19) payment whose Notification is dropped is completed by reconciliation', async () => {
      const payment = await h.payment({ holder: 'PENDING' });
      assert.equal(payment.state, 'pending');
      assert.ok(payment.nextCheckAt, 'a check is scheduled');
      h.timers.advance(PENDING_RESOLUTION_MS); // the simulator settles it; its Notification is not delivered
      await h.waitForNotifications(payment.reference, 'PURCHASE', 1);

      h.pp.clock.advance(15_000);
      await worker.runOnce();
      const settled = await h.reload(payment);
      assert.equal(settled.state, 'done');
      assert.equal(settled.nextCheckAt, null, 'no further checks once final');
      const log = await h.pp.services.store.repos.notifications.listByTransaction(payment.id);
      assert.ok(log.some((n) => n.channel === 'status_check' && n.outcome === 'applied'));
    });

    test('a status check that fails (5xx, bad signature) leaves the payment open and is retried', async () => {
      const payment = await h.payment({ holder: 'PENDING' });
      h.timers.advance(PENDING_RESOLUTION_MS);
      const failedBefore = await statusCheckCount(h, 'failed');

      await h.faults({ paymentApiFailStatus: 503 });
      h.pp.clock.advance(15_000);
      await worker.runOnce();
      let now = await h.reload(payment);
      assert.equal(now.state, 'pending');
      assert.ok(now.nextCheckAt && now.nextCheckAt > h.pp.clock.now().toISOString(), 'checked again later');

      await h.faults({ corruptSignature: ['payment_api'] });
      h.pp.clock.set(now.nextCheckAt!);
      await worker.runOnce();
      now = await h.reload(payment);
      assert.equal(now.state, 'pending');
      assert.equal(await statusCheckCount(h, 'failed'), failedBefore + 2);

      await h.faults({});
      h.pp.clock.set(now.nextCheckAt!);
      await worker.runOnce();
      assert.equal((await h.reload(payment)).state, 'done');
    });

    test('a draft whose return and feedback were lost is completed by its first check', async () => {
      const draft = await h.draft(7_000);
      await pay(h.sim.app, (await redirectFor(h.pp.services, draft)).fields, {
        card_holder_name: 'Jane Doe',
      });
      h.pp.clock.advance(15 * 60_000);
      await worker.runOnce();
      assert.equal((await h.reload(draft)).state, 'done');
    });

    test('a draft the provider never saw is cancelled as abandoned after 24 hours, not before', async () => {
      const draft = await h.draft();
      h.pp.clock.advance(15 * 60_000);
      await worker.runOnce();
      const early = await h.reload(draft);
      assert.equal(early.state, 'draft');
      assert.equal(h.sentFor(draft.reference, 'CHECK_STATUS').length, 1);
      assert.ok(
        early.nextCheckAt! >= new Date(h.pp.clock.now().getTime() + 59 * 60_000).toISOString(),
        'hourly',
      );

      h.pp.clock.advance(24 * 60 * 60_000);
      await worker.runOnce();
      const abandoned = await h.reload(draft);
      assert.equal(abandoned.state, 'cancel');
      assert.match(abandoned.stateMessage ?? '', /Abandoned/);
    });
  });

  describe('captures', () => {
    let h: OperationsHarness;
    let worker: ReconciliationWorker;
    before(async () => {
      h = await startOperationsHarness(db, { captureManually: true });
      worker = startReconciliation(h.pp.services, { autoStart: false });
    });
    after(async () => {
      await worker.stop();
      await h.close();
    });

    test('a capture left pending by a timeout blocks another capture and is settled by "check status now"', async () => {
      const ctx = h.pp.services;
      const payment = await h.payment({ amountMinor: 8_000 });
      await h.faults({ paymentApiDelayMs: SLOW });
      const child = await capture(ctx, payment.reference, { actor });
      assert.equal(child.state, 'pending');
      const blocked = await capture(ctx, payment.reference, { amountMinor: 1, actor }).catch((e) => e);
      assert.match((blocked as Error).message, /still waiting/);

      await h.timers.waitForTimers(1);
      await h.faults({});
      h.timers.advance(SLOW);
      while ((await h.ledger(payment.reference)).capturedAmount < 8_000) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const result = await checkStatus(ctx, child.reference, { actor });
      assert.equal(result.transaction.state, 'done');
      assert.equal(result.payment.state, 'done', 'captured in full → the payment is done');
    });

    test('a partial capture settled by a status check keeps the payment authorized', async () => {
      const ctx = h.pp.services;
      const payment: TransactionRecord = await h.payment({ amountMinor: 8_000 });
      await capture(ctx, payment.reference, { amountMinor: 3_000, actor });
      const result = await checkStatus(ctx, payment.reference, { actor });
      assert.equal(result.payment.state, 'authorized', "the order's last capture does not complete it");
    });
  });

  describe('several workers', { skip: db.dialect === 'sqlite' && 'SKIP LOCKED needs PostgreSQL' }, () => {
    test('two workers at once never check the same transaction twice', async () => {
      const h = await startOperationsHarness(db);
      const other = await startSecondPayport(db, h);
      try {
        const payments = [];
        for (let i = 0; i < 8; i += 1) payments.push(await h.payment({ holder: 'PENDING' }));
        h.timers.advance(PENDING_RESOLUTION_MS);
        h.pp.clock.advance(15_000);
        const a = startReconciliation(h.pp.services, { autoStart: false, batchSize: 2, concurrency: 2 });
        const b = startReconciliation(other.pp.services, { autoStart: false, batchSize: 2, concurrency: 2 });
        await Promise.all([a.runOnce(), b.runOnce()]);
        await Promise.all([a.stop(), b.stop()]);
        for (const payment of payments) {
          const checks = [
            ...h.sentFor(payment.reference, 'CHECK_STATUS'),
            ...other.sentFor(payment.reference, 'CHECK_STATUS'),
          ];
          assert.equal(checks.length, 1, `${payment.reference} checked once`);
          assert.equal((await h.reload(payment)).state, 'done');
        }
      } finally {
        await other.close();
        await h.close();
      }
    });
  });
});
