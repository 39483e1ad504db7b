import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Conflict, ValidationError } from '../../../src/errors.js';
import {
  paymentAmounts,
  planCapture,
  planRefund,
  planVoid,
} from '../../../src/services/operations/amounts.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';

function tx(fields: Partial<TransactionRecord>): TransactionRecord {
  return {
    id: 'p1',
    reference: 'PAY-1',
    orderReference: null,
    providerId: 'prov',
    paymentMethod: 'card',
    cardBrand: null,
    cardLast4: null,
    amount: 10_000,
    currency: 'SAR',
    state: 'authorized',
    stateMessage: null,
    lastStateChange: '2026-03-01T10:00:00.000Z',
    operation: 'online_redirect',
    sourceTransactionId: null,
    providerReference: null,
    customerName: null,
    customerEmail: null,
    customerLang: null,
    customerPhone: null,
    customerCountry: null,
    landingUrl: null,
    isLive: false,
    metadata: {},
    paymentLinkId: null,
    paymentPage: null,
    createdAt: '2026-03-01T10:00:00.000Z',
    updatedAt: '2026-03-01T10:00:00.000Z',
    nextCheckAt: null,
    checkAttempts: 0,
    lastCheckAt: null,
    checkLeaseUntil: null,
    ledger: { financialStatus: null, authorized: 0, captured: 0, refunded: 0, voided: 0 },
    captureMethod: null,
    origin: 'payport',
    requestedBy: null,
    discrepancy: null,
    description: null,
    installments: null,
    ...fields,
  };
}

const child = (operation: 'capture' | 'refund' | 'void', amount: number, state: TransactionRecord['state']) =>
  tx({ id: `${operation}-${amount}-${state}`, operation, amount, state, sourceTransactionId: 'p1' });

describe('what is left on a payment (S9)', () => {
  test('a purchase that is done counts as captured in full', () => {
    const amounts = paymentAmounts(tx({ state: 'done' }), [child('refund', 3_000, 'done')]);
    assert.equal(amounts.captured, 10_000);
    assert.equal(amounts.refundable, 7_000);
  });

  test('after captures, only the captured amount can be refunded', () => {
    const payment = tx({ state: 'done' });
    const children = [child('capture', 6_000, 'done'), child('capture', 4_000, 'error')];
    assert.equal(paymentAmounts(payment, children).refundable, 6_000);
    assert.throws(() => planRefund(payment, children, 6_001), /at most 60\.00 SAR is left to refund/);
  });

  test('pending refunds and captures are reserved, failed ones are not', () => {
    const payment = tx({ state: 'done' });
    const children = [child('refund', 2_000, 'pending'), child('refund', 5_000, 'error')];
    assert.equal(paymentAmounts(payment, children).refundable, 10_000);
    assert.equal(paymentAmounts(payment, children).refundableNow, 8_000);
    assert.equal(planRefund(payment, children, 8_000), 8_000);
    assert.throws(() => planRefund(payment, children, 8_001), /at most 80\.00 SAR is left to refund/);
  });

  test('a capture without an amount takes all that is left; beyond it is a ValidationError', () => {
    const payment = tx({});
    assert.equal(planCapture(payment, [child('capture', 2_500, 'done')], undefined), 7_500);
    assert.throws(
      () => planCapture(payment, [child('capture', 10_000, 'done')], undefined),
      (err: unknown) => err instanceof ValidationError && /nothing is left to capture/.test(err.message),
    );
  });

  test('a second capture waits while one is pending, and a void while any capture is', () => {
    const payment = tx({});
    const pending = [child('capture', 1_000, 'pending')];
    assert.throws(() => planCapture(payment, pending, 500), Conflict);
    assert.throws(() => planVoid(payment, pending), Conflict);
  });

  test('only authorized payments are captured or voided, only captured money refunded', () => {
    assert.throws(() => planCapture(tx({ state: 'pending' }), [], undefined), Conflict);
    assert.throws(() => planVoid(tx({ state: 'done' }), []), Conflict);
    assert.throws(() => planRefund(tx({ state: 'authorized' }), [], 100), Conflict);
    assert.deepEqual(planVoid(tx({}), []), { kind: 'release', amount: 10_000 });
  });

  test('after a partial capture the captured part can be refunded and the rest closed', () => {
    const payment = tx({});
    const children = [child('capture', 6_000, 'done')];
    assert.equal(planRefund(payment, children, 6_000), 6_000);
    assert.throws(() => planRefund(payment, children, 6_001), /at most 60\.00 SAR is left to refund/);
    assert.deepEqual(planVoid(payment, children), { kind: 'close', amount: 4_000 });
  });

  test('a closed authorization takes no further capture', () => {
    const payment = tx({});
    const children = [child('capture', 6_000, 'done'), child('void', 4_000, 'done')];
    assert.throws(() => planCapture(payment, children, 100), /closed after a partial capture/);
  });
});
