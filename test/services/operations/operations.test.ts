import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { availableActions } from '../../../src/http/admin/transaction-actions.js';
import { Conflict, ValidationError } from '../../../src/errors.js';
import { capture, refund, voidAuthorization } from '../../../src/services/operations/index.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { forEachDatabase } from '../../support/databases.js';
import { startOperationsHarness, type OperationsHarness } from './harness.js';

const actor = { userId: 'user-ops' };

forEachDatabase('capture, void and refund against the simulator (S9)', (db) => {
  describe('an authorization (manual capture)', () => {
    let h: OperationsHarness;
    before(async () => {
      h = await startOperationsHarness(db, { captureManually: true });
    });
    after(() => h.close());

    test('is captured in parts, then refunded in parts, and a further refund is refused with nothing sent', async () => {
      const payment = await h.payment({ amountMinor: 10_000 });
      assert.equal(payment.state, 'authorized');
      const ctx = h.pp.services;

      const first = await capture(ctx, payment.reference, { amountMinor: 4_000, actor });
      assert.equal(first.state, 'done');
      assert.equal(first.operation, 'capture');
      assert.equal(first.reference, `${payment.reference}-C1`);
      assert.equal(first.amount, 4_000);
      assert.equal((await h.reload(payment)).state, 'authorized', 'a partial capture keeps it authorized');

      const tooMuch = await capture(ctx, payment.reference, { amountMinor: 6_001, actor }).catch((e) => e);
      assert.ok(tooMuch instanceof ValidationError);
      assert.match(tooMuch.message, /60\.00 SAR is left to capture/);
      assert.equal(h.sentFor(payment.reference, 'CAPTURE').length, 1, 'nothing sent for the refused capture');

      const second = await capture(ctx, payment.reference, { actor });
      assert.equal(second.state, 'done');
      assert.equal(second.amount, 6_000, 'without an amount, all that is left is captured');
      assert.equal((await h.reload(payment)).state, 'done', 'captured in full → done');

      const part = await refund(ctx, payment.reference, { amountMinor: 2_500, actor });
      assert.equal(part.state, 'done');
      assert.equal(part.reference, `${payment.reference}-R1`);
      assert.equal(h.sentFor(payment.reference, 'REFUND')[0]?.body.maintenance_reference, part.reference);
      const rest = await refund(ctx, payment.reference, { amountMinor: 7_500, actor });
      assert.equal(rest.state, 'done');

      const further = await refund(ctx, payment.reference, { amountMinor: 1, actor }).catch((e) => e);
      assert.ok(further instanceof ValidationError);
      assert.match(further.message, /nothing is left to refund/);
      assert.equal(h.sentFor(payment.reference, 'REFUND').length, 2, 'nothing sent for the refused refund');

      assert.deepEqual(
        (await h.children(payment)).map((c) => [c.operation, c.amount, c.state]),
        [
          ['capture', 4_000, 'done'],
          ['capture', 6_000, 'done'],
          ['refund', 2_500, 'done'],
          ['refund', 7_500, 'done'],
        ],
      );
      const ledger = await h.ledger(payment.reference);
      assert.equal(ledger.capturedAmount, 10_000);
      assert.equal(ledger.refundedAmount, 10_000);
    });

    test('is voided: the void child is done and the payment cancelled', async () => {
      const payment = await h.payment({ amountMinor: 5_000 });
      const voided = await voidAuthorization(h.pp.services, payment.reference, { actor });
      assert.equal(voided.operation, 'void');
      assert.equal(voided.state, 'done');
      assert.equal((await h.reload(payment)).state, 'cancel');
      assert.equal((await h.ledger(payment.reference)).voided, true);
      const again = await voidAuthorization(h.pp.services, payment.reference, { actor }).catch((e) => e);
      assert.ok(again instanceof Conflict, 'a cancelled payment cannot be voided again');
    });

    test('once part of it is captured, a void closes the rest without asking the provider', async () => {
      const payment = await h.payment({ amountMinor: 5_000 });
      await capture(h.pp.services, payment.reference, { amountMinor: 1_000, actor });
      const closed = await voidAuthorization(h.pp.services, payment.reference, { actor });
      assert.equal(closed.state, 'done');
      assert.equal(closed.amount, 4_000);
      assert.match(closed.stateMessage ?? '', /released when the issuer's authorization expires/);
      assert.equal(h.sentFor(payment.reference, 'VOID_AUTHORIZATION').length, 0);
      const after = await h.reload(payment);
      assert.equal(after?.state, 'done');
      assert.deepEqual(after?.ledger, {
        financialStatus: 'paid',
        authorized: 5_000,
        captured: 1_000,
        refunded: 0,
        voided: 4_000,
      });
      const refused = await capture(h.pp.services, payment.reference, { amountMinor: 1, actor }).catch(
        (e) => e,
      );
      assert.ok(refused instanceof Conflict);
    });

    test('cannot be refunded before it is captured', async () => {
      const payment = await h.payment({ amountMinor: 5_000 });
      const refused = await refund(h.pp.services, payment.reference, { amountMinor: 100, actor }).catch(
        (e) => e,
      );
      assert.ok(refused instanceof Conflict);
      assert.equal(h.sentFor(payment.reference, 'REFUND').length, 0);
    });

    test('offers capture, void and check-status buttons in the back office', async () => {
      const payment = await h.payment({ amountMinor: 5_000 });
      const names = availableActions(h.pp.services, payment).map((a) => a.name);
      assert.deepEqual(names, ['capture', 'void', 'check-status']);
    });
  });

  describe('a purchase (charged at once)', () => {
    let h: OperationsHarness;
    before(async () => {
      h = await startOperationsHarness(db);
    });
    after(() => h.close());

    test('cannot be captured: it is already done', async () => {
      const payment = await h.payment({ amountMinor: 3_000 });
      assert.equal(payment.state, 'done');
      const refused = await capture(h.pp.services, payment.reference, { actor }).catch((e) => e);
      assert.ok(refused instanceof Conflict);
    });

    test('refunds up to its amount and refuses a refund of zero or of a fraction', async () => {
      const payment = await h.payment({ amountMinor: 3_000 });
      for (const amountMinor of [0, -5, 1.5]) {
        const refused = await refund(h.pp.services, payment.reference, { amountMinor, actor }).catch(
          (e) => e,
        );
        assert.ok(refused instanceof ValidationError, `amount ${amountMinor} is refused`);
      }
      const tooMuch = await refund(h.pp.services, payment.reference, { amountMinor: 3_001, actor }).catch(
        (e) => e,
      );
      assert.ok(tooMuch instanceof ValidationError);
      assert.match(tooMuch.message, /at most 30\.00 SAR is left to refund/);
      const full = await refund(h.pp.services, payment.reference, { amountMinor: 3_000, actor });
      assert.equal(full.state, 'done');
      assert.equal(h.sentFor(payment.reference, 'REFUND').length, 1);
    });

    test('refuses an operation on a child reference, pointing to the payment', async () => {
      const payment = await h.payment({ amountMinor: 3_000 });
      const child = await refund(h.pp.services, payment.reference, { amountMinor: 1_000, actor });
      const refused = await refund(h.pp.services, child.reference, { amountMinor: 1, actor }).catch((e) => e);
      assert.ok(refused instanceof ValidationError);
      assert.match(refused.message, new RegExp(`apply to the payment ${payment.reference}`));
    });

    test('applies duplicated and reordered refund Notifications once: no double refund', async () => {
      const payment = await h.payment({ amountMinor: 9_000 });
      const ctx = h.pp.services;
      const r1 = await refund(ctx, payment.reference, { amountMinor: 2_000, actor });
      const r2 = await refund(ctx, payment.reference, { amountMinor: 3_000, actor });
      const notifications = await h.waitForNotifications(payment.reference, 'REFUND', 2);
      assert.equal(notifications.length, 2, 'the simulator sent one Notification per refund');
      const historyBefore = await ctx.store.repos.transactionHistory.listByTransaction(r1.id);
      // Later, in reverse order, twice each.
      for (const fields of [...notifications].reverse().concat(notifications)) {
        const result = await ingestMessage(ctx, { providerCode: 'aps', channel: 'webhook', fields });
        assert.equal(result.outcome, 'duplicate');
      }
      const children = await h.children(payment);
      assert.deepEqual(
        children.map((c) => [c.reference, c.state, c.amount]),
        [
          [r1.reference, 'done', 2_000],
          [r2.reference, 'done', 3_000],
        ],
      );
      assert.equal(
        (await ctx.store.repos.transactionHistory.listByTransaction(r1.id)).length,
        historyBefore.length,
      );
      assert.equal((await h.ledger(payment.reference)).refundedAmount, 5_000);
      const left = await refund(ctx, payment.reference, { amountMinor: 4_001, actor }).catch((e) => e);
      assert.match((left as Error).message, /at most 40\.00 SAR is left to refund/);
    });
  });
});
