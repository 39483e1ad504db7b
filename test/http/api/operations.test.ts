import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApiKey } from '../../../src/services/api/api-keys.js';
import { forEachDatabase } from '../../support/databases.js';
import { startOperationsHarness, type OperationsHarness } from '../../services/operations/harness.js';
import { ensureApiRoutes } from './helpers.js';

forEachDatabase('merchant API: capture, void, refunds and status-check against the simulator', (db) => {
  let h: OperationsHarness;
  let key: string;
  before(async () => {
    h = await startOperationsHarness(db, { captureManually: true });
    await ensureApiRoutes(h.pp);
    key = (await createApiKey({ store: h.pp.services.store }, { name: 'operations test' })).key;
  });
  after(() => h.close());

  const call = (path: string, body: Record<string, unknown> = {}) =>
    h.pp.running.app.inject({
      method: 'POST',
      url: `/api/v1/transactions/${path}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  test('partial capture, the rest, partial refund, the rest, then a further refund is refused with 422', async () => {
    const payment = await h.payment({ amountMinor: 10_000 });
    assert.equal(payment.state, 'authorized');
    const first = await call(`${payment.reference}/capture`, { amount: '40.00' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().state, 'authorized');
    assert.deepEqual(
      first.json().captures.map((c: { state: string; amount: string }) => [c.state, c.amount]),
      [['done', '40.00']],
    );
    const rest = await call(`${payment.reference}/capture`);
    assert.equal(rest.statusCode, 201, rest.body);
    assert.equal(rest.json().state, 'done');
    const refund = await call(`${payment.reference}/refunds`, { amount: '30.00' });
    assert.equal(refund.statusCode, 201, refund.body);
    assert.equal(refund.json().refunds[0].state, 'done');
    const all = await call(`${payment.reference}/refunds`);
    assert.equal(all.statusCode, 201, all.body);
    assert.deepEqual(
      all.json().refunds.map((r: { amount_minor: number }) => r.amount_minor),
      [3000, 7000],
    );
    const sentBefore = h.sent.length;
    const tooMuch = await call(`${payment.reference}/refunds`, { amount: '0.01' });
    assert.equal(tooMuch.statusCode, 422, tooMuch.body);
    assert.equal(h.sent.length, sentBefore, 'nothing was sent to APS');
    const ledger = await h.ledger(payment.reference);
    assert.equal(ledger.capturedAmount, 10_000);
    assert.equal(ledger.refundedAmount, 10_000);
  });

  test('void cancels an authorization', async () => {
    const payment = await h.payment({ amountMinor: 5_000 });
    const res = await call(`${payment.reference}/void`);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().state, 'cancel');
    assert.equal(res.json().voids[0].state, 'done');
  });

  test('status-check asks APS now and answers the transaction', async () => {
    const payment = await h.payment({ amountMinor: 2_500 });
    const res = await call(`${payment.reference}/status-check`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().reference, payment.reference);
    assert.equal(res.json().state, 'authorized');
    assert.equal(h.sentFor(payment.reference, 'CHECK_STATUS').length, 1);
  });
});
