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

forEachDatabase('merchant API: the ledger and bad operation requests (S9)', (db) => {
  let h: OperationsHarness;
  let key: string;
  before(async () => {
    h = await startOperationsHarness(db, { captureManually: true });
    await ensureApiRoutes(h.pp);
    key = (await createApiKey({ store: h.pp.services.store }, { name: 'ledger test' })).key;
  });
  after(() => h.close());

  const call = (path: string, body: unknown = {}) =>
    h.pp.running.app.inject({
      method: 'POST',
      url: `/api/v1/transactions/${path}`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  test('every answer carries the ledger and financial_status; children say who asked', async () => {
    const payment = await h.payment({ amountMinor: 10_000 });
    const captured = await call(`${payment.reference}/capture`, { amount: '70.00' });
    assert.equal(captured.statusCode, 201, captured.body);
    const refunded = await call(`${payment.reference}/refunds`, { amount: '20.00' });
    const body = refunded.json();
    assert.equal(body.financial_status, 'partially_refunded');
    assert.equal(body.capture_method, 'manual');
    assert.deepEqual(body.ledger, {
      authorized: '100.00',
      authorized_minor: 10_000,
      captured: '70.00',
      captured_minor: 7_000,
      refunded: '20.00',
      refunded_minor: 2_000,
      voided: '0.00',
      voided_minor: 0,
      capturable: '30.00',
      capturable_minor: 3_000,
      refundable: '50.00',
      refundable_minor: 5_000,
      discrepancy: null,
    });
    assert.equal(body.refunds[0].origin, 'payport');
    assert.equal(body.refunds[0].requested_by, 'API key “ledger test”');
    assert.equal(body.refunds[0].ledger, null);
    assert.equal(body.refunds[0].financial_status, null);

    const listed = await h.pp.running.app.inject({
      method: 'GET',
      url: '/api/v1/transactions?financial_status=partially_refunded&limit=500',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(listed.statusCode, 200, listed.body);
    const found = listed.json().data as { reference: string; financial_status: string }[];
    assert.ok(found.some((t) => t.reference === payment.reference));
    assert.ok(found.every((t) => t.financial_status === 'partially_refunded'));
    const bad = await h.pp.running.app.inject({
      method: 'GET',
      url: '/api/v1/transactions?financial_status=rich',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(bad.statusCode, 422);
  });

  const badAmounts: [string, unknown][] = [
    ['three decimals in SAR', '10.005'],
    ['zero', '0.00'],
    ['negative', '-5.00'],
    ['a JSON number', 10],
    ['text', 'ten'],
  ];
  for (const [what, amount] of badAmounts) {
    test(`a capture with ${what} is 422 naming amount, and nothing is sent to APS`, async () => {
      const payment = await h.payment({ amountMinor: 10_000 });
      const sent = h.sent.length;
      const res = await call(`${payment.reference}/capture`, { amount });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(
        res.json().errors.some((e: { field: string }) => e.field === 'amount'),
        res.body,
      );
      assert.equal(h.sent.length, sent);
      assert.equal((await h.children(payment)).length, 0, 'no child was created');
    });
  }

  test('beyond what is left is 422 naming the amount left; the wrong state or operation is 409', async () => {
    const payment = await h.payment({ amountMinor: 10_000 });
    const sent = h.sent.length;
    const capture = await call(`${payment.reference}/capture`, { amount: '100.01' });
    assert.equal(capture.statusCode, 422, capture.body);
    assert.match(capture.json().detail, /at most 100\.00 SAR is left to capture/);
    assert.equal(capture.json().errors[0].field, 'amount');

    const refund = await call(`${payment.reference}/refunds`, { amount: '1.00' });
    assert.equal(refund.statusCode, 409, 'nothing captured yet: refund is the wrong operation');
    assert.equal(h.sent.length, sent);

    await call(`${payment.reference}/capture`, { amount: '60.00' });
    const tooMuch = await call(`${payment.reference}/refunds`, { amount: '60.01' });
    assert.equal(tooMuch.statusCode, 422, tooMuch.body);
    assert.match(tooMuch.json().detail, /at most 60\.00 SAR is left to refund/);

    const closed = await call(`${payment.reference}/void`);
    assert.equal(closed.statusCode, 201, closed.body);
    assert.equal(closed.json().financial_status, 'paid');
    assert.equal(closed.json().ledger.voided, '40.00');
    const afterClose = await call(`${payment.reference}/capture`, { amount: '1.00' });
    assert.equal(afterClose.statusCode, 409, 'the authorization is closed');
    const childRef = closed.json().captures[0].reference;
    const onChild = await call(`${childRef}/refunds`, { amount: '1.00' });
    assert.equal(onChild.statusCode, 422);
    assert.equal(onChild.json().errors[0].field, 'reference');
  });

  test('capture_method chooses PURCHASE or AUTHORIZATION per payment; manual with a method that cannot authorize is 422', async () => {
    const create = (body: Record<string, unknown>) =>
      h.pp.running.app.inject({
        method: 'POST',
        url: '/api/v1/transactions',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        payload: JSON.stringify({
          amount: '25.00',
          currency: 'SAR',
          payment_method: 'card',
          customer: { email: 'buyer@example.com' },
          ...body,
        }),
      });
    const automatic = await create({ capture_method: 'automatic' });
    assert.equal(automatic.statusCode, 201, automatic.body);
    assert.equal(automatic.json().capture_method, 'automatic');
    assert.equal(automatic.json().redirect.fields.command, 'PURCHASE');
    const byDefault = await create({});
    assert.equal(byDefault.json().capture_method, 'manual', "the provider's setting");
    assert.equal(byDefault.json().redirect.fields.command, 'AUTHORIZATION');

    const count = async () =>
      (await h.pp.services.store.repos.transactions.list({}, { limit: 500 })).items.length;
    const before = await count();
    const refused = await create({ payment_method: 'mada', capture_method: 'manual' });
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().errors[0].field, 'capture_method');
    assert.match(refused.json().errors[0].message, /mada/);
    const bad = await create({ capture_method: 'later' });
    assert.equal(bad.statusCode, 422);
    assert.equal(await count(), before, 'nothing was created');
  });
});
