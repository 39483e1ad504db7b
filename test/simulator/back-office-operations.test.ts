import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  apiRequest,
  assertSignedByResponsePhrase,
  pageRequest,
  pay,
  postForm,
  setup,
  startReceiver,
  type Receiver,
} from './helpers.js';

interface Books {
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  voided: boolean;
  capturableAmount: number;
  refundableAmount: number;
  operations: Array<{ command: string; amount: number | null; origin: string; responseCode: string }>;
}

describe('back-office operations', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let notifications: Receiver;
  before(async () => {
    notifications = await startReceiver();
    ctx = await setup({ notificationUrl: notifications.url });
  });
  after(async () => {
    await ctx.sim.close();
    await notifications.close();
  });

  async function order(command: 'PURCHASE' | 'AUTHORIZATION', holderName = 'Jane Doe'): Promise<string> {
    const request = pageRequest(ctx.account, { command, amount: '10000' });
    await pay(ctx.app, request, { card_holder_name: holderName });
    return request.merchant_reference ?? '';
  }

  const operate = (reference: string, body: unknown) =>
    ctx.app.inject({
      method: 'POST',
      url: `/_sim/transactions/${reference}/operations`,
      payload: body as Record<string, unknown>,
    });

  async function books(reference: string): Promise<Books> {
    const response = await ctx.app.inject({ url: `/_sim/transactions/${reference}` });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { transaction: Books }).transaction;
  }

  const notified = (reference: string) =>
    notifications.received.filter((r) => r.fields.merchant_reference === reference).map((r) => r.fields);

  test('CAPTURE books the amount and notifies the merchant like paymentApi, without maintenance_reference', async () => {
    const reference = await order('AUTHORIZATION');
    const response = await operate(reference, { command: 'CAPTURE', amount: 4000 });
    assert.equal(response.statusCode, 201, response.body);
    const answer = response.json() as { operation: Books['operations'][number]; transaction: Books };
    assert.deepEqual(
      [answer.operation.command, answer.operation.amount, answer.operation.origin],
      ['CAPTURE', 4000, 'back_office'],
    );
    assert.equal(answer.transaction.capturedAmount, 4000);
    assert.equal(answer.transaction.capturableAmount, 6000);
    assert.equal(answer.transaction.refundableAmount, 4000);

    const [notification] = notified(reference); // sent before the answer
    assert.ok(notification, 'the Notification arrived before the answer');
    assertSignedByResponsePhrase(notification, ctx.account);
    assert.equal(notification.maintenance_reference, undefined);
    assert.deepEqual(
      [notification.command, notification.amount, notification.currency, notification.response_code],
      ['CAPTURE', '4000', 'SAR', '04000'],
    );
    assert.equal(notification.status, '04');
    assert.equal(notification.response_message, 'Success');
    assert.equal(notification.access_code, ctx.account.accessCode);
    assert.equal(notification.merchant_identifier, 'TestMerchant');
    assert.equal(notification.fort_id, ctx.sim.state.transaction('TestMerchant', reference)?.fortId);

    // The same command through paymentApi notifies exactly the same set of fields.
    const before = notified(reference).length;
    const api = apiRequest(ctx.account, {
      command: 'CAPTURE',
      merchant_reference: reference,
      amount: '1000',
      currency: 'SAR',
    });
    await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: api });
    await notifications.waitFor(notifications.received.length + 1);
    const viaApi = notified(reference)[before] ?? {};
    assert.deepEqual(Object.keys(notification).sort(), Object.keys(viaApi).sort());
    assert.deepEqual(
      (await books(reference)).operations.map((op) => [op.command, op.origin]),
      [
        ['AUTHORIZATION', 'payment_page'],
        ['CAPTURE', 'back_office'],
        ['CAPTURE', 'api'],
      ],
    );
  });

  test('REFUND books a refund of a purchase; CHECK_STATUS reports it as the last operation', async () => {
    const reference = await order('PURCHASE');
    const response = await operate(reference, { command: 'REFUND', amount: '2500' });
    assert.equal(response.statusCode, 201, response.body);
    const refunded = await books(reference);
    assert.equal(refunded.refundedAmount, 2500);
    assert.equal(refunded.refundableAmount, 7500);
    const [notification] = notified(reference);
    assert.deepEqual([notification?.command, notification?.response_code], ['REFUND', '06000']);
    assert.equal(notification?.maintenance_reference, undefined);
    const status = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentApi',
      payload: apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: reference }),
    });
    const fields = status.json() as Record<string, string>;
    assert.deepEqual(
      [fields.transaction_code, fields.refunded_amount, fields.captured_amount],
      ['06000', '2500', '10000'],
    );
  });

  test('VOID_AUTHORIZATION voids the whole authorization and notifies its amount', async () => {
    const reference = await order('AUTHORIZATION');
    const response = await operate(reference, { command: 'VOID_AUTHORIZATION' });
    assert.equal(response.statusCode, 201, response.body);
    const voided = await books(reference);
    assert.equal(voided.voided, true);
    assert.equal(voided.capturableAmount, 0);
    const [notification] = notified(reference);
    assert.deepEqual(
      [notification?.command, notification?.response_code, notification?.amount],
      ['VOID_AUTHORIZATION', '08000', '10000'],
    );
  });

  /** Asserts a 409 refusal with `code`, naming `field`, that changed neither books nor notifications. */
  async function assertRefused(reference: string, body: unknown, code: string, field: string) {
    const before = JSON.stringify(await books(reference));
    const sent = notified(reference).length;
    const response = await operate(reference, body);
    assert.equal(response.statusCode, 409, response.body);
    const answer = response.json() as {
      error: string;
      response_code: string;
      fields: Array<{ field: string }>;
    };
    assert.equal(answer.response_code, code, response.body);
    assert.ok(answer.error.length > 0);
    assert.deepEqual(
      answer.fields.map((f) => f.field),
      [field],
    );
    assert.equal(JSON.stringify(await books(reference)), before, 'books unchanged');
    assert.equal(notified(reference).length, sent, 'nothing notified');
    return answer;
  }

  test('refuses a capture beyond what is left, naming the amount left', async () => {
    const reference = await order('AUTHORIZATION');
    await operate(reference, { command: 'CAPTURE', amount: 6000 });
    const answer = await assertRefused(reference, { command: 'CAPTURE', amount: 4001 }, '05042', 'amount');
    assert.match(JSON.stringify(answer.fields), /4000/);
  });

  test('refuses a capture of a purchase, and a refund beyond what was captured', async () => {
    const purchase = await order('PURCHASE');
    await assertRefused(purchase, { command: 'CAPTURE', amount: 100 }, '05034', 'command');
    const authorization = await order('AUTHORIZATION');
    await assertRefused(authorization, { command: 'REFUND', amount: 1 }, '07048', 'amount');
    await operate(authorization, { command: 'CAPTURE', amount: 3000 });
    await assertRefused(authorization, { command: 'REFUND', amount: 3001 }, '07048', 'amount');
  });

  test('refuses a void after a capture, a void of another amount, and anything on a voided order', async () => {
    const captured = await order('AUTHORIZATION');
    await operate(captured, { command: 'CAPTURE', amount: 100 });
    await assertRefused(captured, { command: 'VOID_AUTHORIZATION' }, '09034', 'command');
    const other = await order('AUTHORIZATION');
    await assertRefused(other, { command: 'VOID_AUTHORIZATION', amount: 5000 }, '09005', 'amount');
    await operate(other, { command: 'VOID_AUTHORIZATION' });
    await assertRefused(other, { command: 'CAPTURE', amount: 100 }, '05034', 'command');
    await assertRefused(other, { command: 'VOID_AUTHORIZATION' }, '09034', 'command');
  });

  test('refuses operations on a payment that has not settled (662) or that failed (034)', async () => {
    const pending = await order('PURCHASE', 'PENDING');
    await assertRefused(pending, { command: 'REFUND', amount: 100 }, '07662', 'command');
    const declined = await order('PURCHASE', 'DECLINED');
    await assertRefused(declined, { command: 'REFUND', amount: 100 }, '07034', 'command');
  });

  test('answers 400 naming the field for bad input, changing nothing', async () => {
    const reference = await order('AUTHORIZATION');
    const before = JSON.stringify(await books(reference));
    const cases: Array<[unknown, string]> = [
      [{ amount: 100 }, 'command'],
      [{ command: 'PURCHASE', amount: 100 }, 'command'],
      [{ command: 'CAPTURE' }, 'amount'],
      [{ command: 'REFUND' }, 'amount'],
      [{ command: 'CAPTURE', amount: 0 }, 'amount'],
      [{ command: 'CAPTURE', amount: -5 }, 'amount'],
      [{ command: 'CAPTURE', amount: 12.5 }, 'amount'],
      [{ command: 'CAPTURE', amount: '10.00' }, 'amount'],
      [{ command: 'CAPTURE', amount: 100, note: 'x' }, 'note'],
      [{ command: 'CAPTURE', amount: 100, merchant_identifier: '' }, 'merchant_identifier'],
      [[], 'command'],
    ];
    for (const [body, field] of cases) {
      const response = await operate(reference, body);
      assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
      const fields = (response.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
      assert.ok(fields.includes(field), `${JSON.stringify(body)} names ${field}: ${response.body}`);
    }
    assert.equal(JSON.stringify(await books(reference)), before);
    assert.equal(notified(reference).length, 0);
  });

  test('answers 404 for an unknown order or merchant', async () => {
    assert.equal((await operate('never-seen', { command: 'CAPTURE', amount: 1 })).statusCode, 404);
    const reference = await order('AUTHORIZATION');
    const other = await operate(reference, { command: 'CAPTURE', amount: 1, merchant_identifier: 'Nobody' });
    assert.equal(other.statusCode, 404);
    assert.equal((await books(reference)).capturedAmount, 0);
  });

  test('the dashboard form applies an operation, and shows a refusal without changing the books', async () => {
    const reference = await order('PURCHASE');
    const url = `/dashboard/transactions/TestMerchant/${reference}`;
    const page = await ctx.app.inject({ url });
    assert.match(page.body, /Back-office operations/);
    assert.ok(page.body.includes(`action="${url}/operations"`));
    const done = await postForm(ctx.app, `${url}/operations`, { command: 'REFUND', amount: '1500' });
    assert.equal(done.statusCode, 303, done.body);
    assert.equal(done.headers.location, url);
    assert.equal((await books(reference)).refundedAmount, 1500);
    assert.deepEqual(
      notified(reference).map((n) => [n.command, n.amount]),
      [['REFUND', '1500']],
    );
    assert.match((await ctx.app.inject({ url })).body, /back office/);

    const refused = await postForm(ctx.app, `${url}/operations`, { command: 'REFUND', amount: '9000' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /role="alert"/);
    assert.match(refused.body, /07048/);
    const invalid = await postForm(ctx.app, `${url}/operations`, { command: 'REFUND', amount: '' });
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /<code>amount<\/code>/);
    const crossSite = await ctx.app.inject({
      method: 'POST',
      url: `${url}/operations`,
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'command=REFUND&amount=100',
    });
    assert.equal(crossSite.statusCode, 403);
    assert.equal((await books(reference)).refundedAmount, 1500);
  });
});
