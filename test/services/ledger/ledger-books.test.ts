/**
 * The ledger against the provider's books (S9): every case of maintenance operations meeting the real
 * world — lost answers, requests never received, late, duplicated and reordered notifications,
 * operations made in the provider's own back office — driven against the simulator; after each one the
 * API's `ledger` equals the simulator's books to the minor unit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getApiTransaction } from '../../../src/services/api/api-transactions.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { capture, checkStatus, refund, voidAuthorization } from '../../../src/services/operations/index.js';
import { startReconciliation } from '../../../src/services/reconciliation/index.js';
import { changeState } from '../../../src/services/state-changes.js';
import { forEachDatabase } from '../../support/databases.js';
import { startOperationsHarness, type OperationsHarness } from '../operations/harness.js';
import { assertLedgerMatchesBooks } from './books.js';

const actor = { userId: 'user-ledger', name: 'ops@example.com' };

forEachDatabase('the ledger agrees with the provider’s books (S9)', (db) => {
  let h: OperationsHarness;
  before(async () => {
    h = await startOperationsHarness(db, { captureManually: true });
  });
  after(() => h.close());

  const deliver = (fields: Record<string, string>) =>
    ingestMessage(h.pp.services, { providerCode: 'aps', channel: 'webhook', fields });

  describe('captures', () => {
    test('a late capture notification while a second capture was never received settles nothing by guesswork', async () => {
      const payment = await h.payment({ amountMinor: 20_000 });
      await capture(h.pp.services, payment.reference, { amountMinor: 6_000, actor });
      const [late] = await h.waitForNotifications(payment.reference, 'CAPTURE', 1);
      await h.faults({ paymentApiFailStatus: 502 });
      const second = await capture(h.pp.services, payment.reference, { amountMinor: 6_000, actor });
      await h.faults({});
      assert.equal(second.state, 'pending');

      const result = await deliver(late!);
      assert.equal(result.outcome, 'no_change', 'ambiguous: neither applied to the second nor dropped');
      assert.equal((await h.reload(second)).state, 'pending');

      await checkStatus(h.pp.services, payment.reference, { actor });
      assert.equal((await h.reload(second)).state, 'error', 'the books have no second capture');
      const resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.ledger!.captured_minor, 6_000);
      assert.equal(resource.financial_status, 'partially_captured');
    });

    test('a second capture whose answer was lost is confirmed by the books, and the late notification is a duplicate', async () => {
      const payment = await h.payment({ amountMinor: 20_000 });
      await capture(h.pp.services, payment.reference, { amountMinor: 6_000, actor });
      const [late] = await h.waitForNotifications(payment.reference, 'CAPTURE', 1);
      h.loseAnswers(1);
      const second = await capture(h.pp.services, payment.reference, { amountMinor: 6_000, actor });
      assert.equal(second.state, 'pending');

      assert.equal((await deliver(late!)).outcome, 'no_change');
      await checkStatus(h.pp.services, payment.reference, { actor });
      assert.equal((await h.reload(second)).state, 'done');
      const notifications = await h.waitForNotifications(payment.reference, 'CAPTURE', 2);
      for (const n of notifications) assert.equal((await deliver(n)).outcome, 'duplicate');
      const resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.ledger!.captured_minor, 12_000);
      assert.equal(resource.ledger!.capturable_minor, 8_000);
    });

    test('with the reconciliation worker running, an ambiguous notification has the books asked at once', async () => {
      const worker = startReconciliation(h.pp.services, { autoStart: false });
      h.pp.services.checkSoon = (reference) => worker.checkSoon(reference);
      try {
        const payment = await h.payment({ amountMinor: 20_000 });
        await capture(h.pp.services, payment.reference, { amountMinor: 5_000, actor });
        const [late] = await h.waitForNotifications(payment.reference, 'CAPTURE', 1);
        await h.faults({ paymentApiFailStatus: 502 });
        const second = await capture(h.pp.services, payment.reference, { amountMinor: 5_000, actor });
        await h.faults({});
        const result = await deliver(late!);
        assert.equal(result.checkNow, true);
        for (let i = 0; i < 200 && (await h.reload(second)).state === 'pending'; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.equal((await h.reload(second)).state, 'error');
        await assertLedgerMatchesBooks(h, payment);
      } finally {
        delete h.pp.services.checkSoon;
        await worker.stop();
      }
    });

    test('a capture the provider never received does not block the next one: the books settle it first', async () => {
      const payment = await h.payment({ amountMinor: 10_000 });
      await h.faults({ paymentApiFailStatus: 503 });
      const lost = await capture(h.pp.services, payment.reference, { amountMinor: 4_000, actor });
      await h.faults({});
      assert.equal(lost.state, 'pending');
      const next = await capture(h.pp.services, payment.reference, { amountMinor: 10_000, actor });
      assert.equal(next.state, 'done');
      assert.equal((await h.reload(lost)).state, 'error');
      const resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.state, 'done');
      assert.equal(resource.financial_status, 'paid');
    });
  });

  describe('refunds and voids after a partial capture', () => {
    test('the captured part is refunded and the rest closed without a provider call', async () => {
      const payment = await h.payment({ amountMinor: 10_000 });
      await capture(h.pp.services, payment.reference, { amountMinor: 7_000, actor });
      const refunded = await refund(h.pp.services, payment.reference, { amountMinor: 2_000, actor });
      assert.equal(refunded.state, 'done');
      let resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.financial_status, 'partially_refunded');
      assert.equal(resource.ledger!.refundable_minor, 5_000);

      const closed = await voidAuthorization(h.pp.services, payment.reference, { actor });
      assert.equal(closed.state, 'done');
      assert.equal(h.sentFor(payment.reference, 'VOID_AUTHORIZATION').length, 0);
      resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.state, 'done');
      assert.equal(resource.ledger!.voided_minor, 3_000);
      assert.equal(resource.ledger!.capturable_minor, 0);

      await refund(h.pp.services, payment.reference, { amountMinor: 5_000, actor });
      resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.financial_status, 'refunded');
      assert.equal(resource.ledger!.refundable_minor, 0);
      assert.equal(
        resource.refunds.every((r) => r.requested_by === 'ops@example.com'),
        true,
      );
    });

    test('a partial capture announces the payment with its new ledger, not only the capture', async () => {
      const repos = h.pp.services.store.repos;
      const endpoint = await repos.eventEndpoints.insert({
        url: 'https://merchant.example.com/events',
        secretEnc: 'unused',
      });
      try {
        const payment = await h.payment({ amountMinor: 10_000 });
        await capture(h.pp.services, payment.reference, { amountMinor: 4_000, actor });
        const events = await repos.events.listByTransaction(payment.id);
        const ledgers = events.map(
          (e) =>
            (JSON.parse(e.payload) as { data: { transaction: { ledger: { captured_minor: number } } } }).data
              .transaction.ledger.captured_minor,
        );
        // Authorized (nothing captured yet), then one more for the capture's effect on the payment.
        assert.deepEqual(ledgers, [0, 4_000], 'the payment is announced with what was captured');

        // The same outside ingestion's batch: a settled child moves its payment's figures, and says so.
        const [child] = await h.children(payment);
        await h.pp.services.store.transaction(async (trx) => {
          await trx.transactions.lockById(payment.id);
          const locked = (await trx.transactions.lockById(child!.id))!;
          await changeState(trx, { ...locked, state: 'pending' }, 'done', {
            message: null,
            channel: 'admin',
            at: new Date().toISOString(),
          });
        });
        assert.equal((await repos.events.listByTransaction(payment.id)).length, 2, 'already done: no change');
        const second = await h.pp.services.store.transaction(async (trx) => {
          await trx.transactions.lockById(payment.id);
          const row = await trx.transactions.insert({
            reference: `${payment.reference}-C9`,
            providerId: payment.providerId,
            paymentMethod: payment.paymentMethod,
            amount: 1_000,
            currency: payment.currency,
            state: 'pending',
            operation: 'capture',
            sourceTransactionId: payment.id,
            isLive: false,
          });
          return changeState(trx, row, 'done', {
            message: null,
            channel: 'admin',
            at: new Date().toISOString(),
          });
        });
        assert.equal(second.kind, 'applied');
        const last = (await repos.events.listByTransaction(payment.id)).at(-1)!;
        assert.equal(
          (JSON.parse(last.payload) as { data: { transaction: { ledger: { captured_minor: number } } } }).data
            .transaction.ledger.captured_minor,
          5_000,
        );
      } finally {
        await repos.eventEndpoints.delete(endpoint.id);
      }
    });

    test('a void with nothing captured releases the whole authorization at the provider', async () => {
      const payment = await h.payment({ amountMinor: 5_000 });
      const voided = await voidAuthorization(h.pp.services, payment.reference, { actor });
      assert.equal(voided.state, 'done');
      const resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.state, 'cancel');
      assert.equal(resource.financial_status, 'voided');
      assert.equal(resource.ledger!.voided_minor, 5_000);
    });

    test('a refund whose answer was lost is settled by its own notification, named by its reference', async () => {
      const payment = await h.payment({ amountMinor: 8_000 });
      await capture(h.pp.services, payment.reference, { actor });
      h.loseAnswers(1);
      const pending = await refund(h.pp.services, payment.reference, { amountMinor: 3_000, actor });
      assert.equal(pending.state, 'pending');
      const [notification] = await h.waitForNotifications(payment.reference, 'REFUND', 1);
      assert.equal((await deliver(notification!)).outcome, 'applied');
      assert.equal((await h.reload(pending)).state, 'done');
      assert.equal((await deliver(notification!)).outcome, 'duplicate');
      const resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.financial_status, 'partially_refunded');
    });
  });

  describe("operations made in the provider's own back office", () => {
    test('a refund made there becomes a child of its own, never attached to a pending payport refund', async () => {
      const payment = await h.payment({ amountMinor: 9_000 });
      await capture(h.pp.services, payment.reference, { actor });
      await h.faults({ paymentApiFailStatus: 502 });
      const ours = await refund(h.pp.services, payment.reference, { amountMinor: 2_000, actor });
      await h.faults({});
      assert.equal(ours.state, 'pending');

      const made = await h.sim.app.inject({
        method: 'POST',
        url: `/_sim/transactions/${payment.reference}/operations`,
        payload: { command: 'REFUND', amount: 2_000 },
      });
      assert.ok(made.statusCode < 300, made.body);
      const [notification] = await h.waitForNotifications(payment.reference, 'REFUND', 1);
      assert.equal(notification!.maintenance_reference, undefined);
      assert.equal((await deliver(notification!)).outcome, 'applied');
      assert.equal((await h.reload(ours)).state, 'pending', 'not attached to the pending refund');
      assert.equal((await deliver(notification!)).outcome, 'duplicate', 'a repeated copy is a duplicate');

      await checkStatus(h.pp.services, payment.reference, { actor });
      assert.equal((await h.reload(ours)).state, 'error', 'the books hold only the back-office refund');
      const resource = await assertLedgerMatchesBooks(h, payment);
      const outside = resource.refunds.filter((r) => r.origin === 'aps');
      assert.equal(outside.length, 1);
      assert.equal(outside[0]!.amount_minor, 2_000);
      assert.equal(outside[0]!.state, 'done');
    });

    test('a capture made there while nothing is open is recorded as an out-of-band capture', async () => {
      const payment = await h.payment({ amountMinor: 9_000 });
      const made = await h.sim.app.inject({
        method: 'POST',
        url: `/_sim/transactions/${payment.reference}/operations`,
        payload: { command: 'CAPTURE', amount: 9_000 },
      });
      assert.ok(made.statusCode < 300, made.body);
      const [notification] = await h.waitForNotifications(payment.reference, 'CAPTURE', 1);
      assert.equal((await deliver(notification!)).outcome, 'applied');
      const resource = await assertLedgerMatchesBooks(h, payment);
      assert.equal(resource.state, 'done');
      assert.equal(resource.captures[0]!.origin, 'aps');
      assert.equal(resource.financial_status, 'paid');
    });

    test('an operation whose notification never came shows up as a discrepancy after a status check', async () => {
      const payment = await h.payment({ amountMinor: 9_000 });
      await capture(h.pp.services, payment.reference, { actor });
      const made = await h.sim.app.inject({
        method: 'POST',
        url: `/_sim/transactions/${payment.reference}/operations`,
        payload: { command: 'REFUND', amount: 1_500 },
      });
      assert.ok(made.statusCode < 300, made.body);
      const repos = h.pp.services.store.repos;
      const endpoint = await repos.eventEndpoints.insert({
        url: 'https://merchant.example.com/events',
        secretEnc: 'unused',
      });
      const metric = h.pp.services.metrics.ledgerDiscrepancies;
      const counted = (await metric.get()).values[0]?.value ?? 0;
      await checkStatus(h.pp.services, payment.reference, { actor });
      const resource = await getApiTransaction(h.pp.services, payment.reference);
      assert.match(
        resource.ledger!.discrepancy?.text ?? '',
        /refunded: provider 15\.00 SAR, payport 0\.00 SAR/,
      );
      assert.ok(resource.ledger!.discrepancy?.time);
      assert.equal((await metric.get()).values[0]?.value ?? 0, counted + 1);
      const events = await repos.events.listByTransaction(payment.id);
      assert.equal(events.filter((e) => e.type === 'transaction.discrepancy').length, 1);
      await repos.eventEndpoints.delete(endpoint.id);

      // Asking again finds the same difference: recorded once, not announced again.
      await checkStatus(h.pp.services, payment.reference, { actor });
      assert.equal((await metric.get()).values[0]?.value ?? 0, counted + 1);
    });
  });
});
