import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sign } from '../../src/providers/aps/signature.js';
import {
  apiRequest,
  assertSignedByResponsePhrase,
  formOf,
  pageRequest,
  pay,
  setup,
  startReceiver,
  type Receiver,
} from './helpers.js';

describe('paymentApi', () => {
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

  async function api(body: Record<string, string>, expectSigned = true): Promise<Record<string, string>> {
    const response = await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const fields = response.json() as Record<string, string>;
    if (expectSigned) assertSignedByResponsePhrase(fields, ctx.account);
    return fields;
  }

  /** A paid order: returns its merchant_reference and fort_id. */
  async function order(command: 'PURCHASE' | 'AUTHORIZATION', holderName = 'Jane Doe') {
    const request = pageRequest(ctx.account, { command, amount: '10000' });
    const { page } = await pay(ctx.app, request, { card_holder_name: holderName });
    const fields = formOf(page.body).fields;
    return { reference: request.merchant_reference ?? '', fortId: fields.fort_id ?? '' };
  }

  const checkStatus = (reference: string) =>
    api(apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: reference }));
  const maintenance = (command: string, reference: string, extra: Record<string, string> = {}) =>
    api(apiRequest(ctx.account, { command, merchant_reference: reference, ...extra }));
  const capture = (reference: string, amount: string) =>
    maintenance('CAPTURE', reference, { amount, currency: 'SAR' });
  const refund = (reference: string, amount: string, extra: Record<string, string> = {}) =>
    maintenance('REFUND', reference, { amount, currency: 'SAR', ...extra });

  test('CHECK_STATUS reports the order: status 12, the last operation and the amounts', async () => {
    const { reference, fortId } = await order('AUTHORIZATION');
    const fields = await checkStatus(reference);
    assert.equal(fields.response_code, '12000');
    assert.equal(fields.fort_id, fortId);
    assert.equal(fields.transaction_status, '02');
    assert.equal(fields.transaction_code, '02000');
    assert.equal(fields.transaction_message, 'Success');
    assert.equal(fields.authorized_amount, '10000');
    assert.equal(fields.captured_amount, '0');
    assert.equal(fields.refunded_amount, '0');
    assert.equal(fields.merchant_reference, reference, 'the request is echoed');
  });

  test('CHECK_STATUS finds an order by fort_id alone', async () => {
    const { fortId } = await order('PURCHASE');
    const fields = await api(apiRequest(ctx.account, { query_command: 'CHECK_STATUS', fort_id: fortId }));
    assert.equal(fields.transaction_code, '14000');
  });

  test('CHECK_STATUS of an unknown order answers 12036, signed', async () => {
    const fields = await checkStatus('never-seen');
    assert.equal(fields.status, '12');
    assert.equal(fields.response_code, '12036');
    assert.equal(fields.response_message, 'Order not found');
    assert.equal(fields.transaction_status, undefined);
  });

  test('CAPTURE captures partially and repeatedly up to the authorized amount, then answers 05042', async () => {
    const { reference } = await order('AUTHORIZATION');
    assert.equal((await capture(reference, '4000')).response_code, '04000');
    assert.equal((await capture(reference, '6000')).response_code, '04000');
    assert.equal((await capture(reference, '1')).response_code, '05042');
    const status = await checkStatus(reference);
    assert.equal(status.captured_amount, '10000');
    assert.equal(status.transaction_code, '04000');
  });

  test('CAPTURE refuses more than authorized at once (05042), a purchase (05034) and another currency (05013)', async () => {
    const authorization = await order('AUTHORIZATION');
    assert.equal((await capture(authorization.reference, '10001')).response_code, '05042');
    assert.equal(
      (await maintenance('CAPTURE', authorization.reference, { amount: '100', currency: 'USD' }))
        .response_code,
      '05013',
    );
    const purchase = await order('PURCHASE');
    assert.equal((await capture(purchase.reference, '100')).response_code, '05034');
  });

  test('VOID_AUTHORIZATION voids an uncaptured authorization, with or without amount and currency', async () => {
    const bare = await order('AUTHORIZATION');
    assert.equal((await maintenance('VOID_AUTHORIZATION', bare.reference)).response_code, '08000');
    assert.equal(
      (await capture(bare.reference, '100')).response_code,
      '05034',
      'a voided authorization cannot be captured',
    );
    const full = await order('AUTHORIZATION');
    const fields = await maintenance('VOID_AUTHORIZATION', full.reference, {
      amount: '10000',
      currency: 'SAR',
    });
    assert.equal(fields.response_code, '08000');
    assert.equal((await checkStatus(full.reference)).transaction_code, '08000');
  });

  test('VOID_AUTHORIZATION refuses a captured authorization and a purchase with 09034', async () => {
    const captured = await order('AUTHORIZATION');
    await capture(captured.reference, '100');
    assert.equal((await maintenance('VOID_AUTHORIZATION', captured.reference)).response_code, '09034');
    const purchase = await order('PURCHASE');
    assert.equal((await maintenance('VOID_AUTHORIZATION', purchase.reference)).response_code, '09034');
  });

  test('REFUND refunds partially and repeatedly up to the captured amount, then answers 07048', async () => {
    const { reference } = await order('PURCHASE');
    assert.equal((await refund(reference, '3000')).response_code, '06000');
    assert.equal((await refund(reference, '7000')).response_code, '06000');
    assert.equal((await refund(reference, '1')).response_code, '07048');
    assert.equal((await checkStatus(reference)).refunded_amount, '10000');
  });

  test('REFUND of a partly captured authorization is limited to what was captured', async () => {
    const { reference } = await order('AUTHORIZATION');
    await capture(reference, '4000');
    assert.equal((await refund(reference, '4001')).response_code, '07048');
    assert.equal((await refund(reference, '4000')).response_code, '06000');
  });

  test('REFUND with a known maintenance_reference returns the first answer and refunds once', async () => {
    const { reference } = await order('PURCHASE');
    const first = await refund(reference, '2500', { maintenance_reference: 'RF-1' });
    const again = await refund(reference, '2500', { maintenance_reference: 'RF-1' });
    assert.equal(first.response_code, '06000');
    assert.deepEqual(again, first);
    assert.equal((await checkStatus(reference)).refunded_amount, '2500');
    assert.equal((await refund(reference, '2500', { maintenance_reference: 'RF-2' })).response_code, '06000');
    assert.equal((await checkStatus(reference)).refunded_amount, '5000');
  });

  test('REFUND declined for a maintenance_reference may be retried with the same reference', async () => {
    const { reference } = await order('PURCHASE');
    assert.equal(
      (await refund(reference, '20000', { maintenance_reference: 'RF-X' })).response_code,
      '07048',
    );
    assert.equal((await refund(reference, '1000', { maintenance_reference: 'RF-X' })).response_code, '06000');
  });

  test('refuses maintenance on a payment that has not settled yet with 662', async () => {
    const { reference } = await order('PURCHASE', 'PENDING');
    assert.equal((await refund(reference, '100')).response_code, '07662');
  });

  test('answers 036 for maintenance of an unknown order', async () => {
    assert.equal((await capture('nope', '100')).response_code, '05036');
    assert.equal((await refund('nope', '100')).response_code, '07036');
    assert.equal((await maintenance('VOID_AUTHORIZATION', 'nope')).response_code, '09036');
  });

  test('notifies the merchant of every successful maintenance operation', async () => {
    const { reference } = await order('AUTHORIZATION');
    const before = notifications.received.length;
    await capture(reference, '5000');
    await refund(reference, '1000');
    const received = (await notifications.waitFor(before + 2)).slice(before);
    assert.deepEqual(
      received.map((n) => [n.fields.command, n.fields.response_code, n.fields.amount]),
      [
        ['CAPTURE', '04000', '5000'],
        ['REFUND', '06000', '1000'],
      ],
    );
    for (const n of received) assertSignedByResponsePhrase(n.fields, ctx.account);
  });

  test('refuses a bad signature with 00008 and a wrong access code with 00010, both signed', async () => {
    const body = apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: 'x' });
    assert.equal((await api({ ...body, merchant_reference: 'y' })).response_code, '00008');
    const wrongCode = apiRequest(
      { ...ctx.account, accessCode: 'WrongAccessCode00000' },
      { query_command: 'CHECK_STATUS', merchant_reference: 'x' },
    );
    assert.equal((await api(wrongCode)).response_code, '00010');
  });

  test('refuses an unknown merchant with 00009, unsigned', async () => {
    const body = sign(
      {
        query_command: 'CHECK_STATUS',
        access_code: 'abc',
        merchant_identifier: 'Nobody',
        merchant_reference: 'x',
        language: 'en',
      },
      'p',
    );
    const fields = await api(body, false);
    assert.equal(fields.response_code, '00009');
    assert.equal(fields.signature, undefined);
  });

  test('validates parameters: missing (00001), extra (00027), unknown command (00004)', async () => {
    assert.equal(
      (await api(apiRequest(ctx.account, { query_command: 'CHECK_STATUS' }))).response_code,
      '00001',
    );
    assert.equal(
      (
        await api(
          apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: 'x', colour: 'red' }),
        )
      ).response_code,
      '00027',
    );
    assert.equal(
      (await api(apiRequest(ctx.account, { command: 'TRANSFER', merchant_reference: 'x' }))).response_code,
      '00004',
    );
    assert.equal(
      (await api(apiRequest(ctx.account, { command: 'REFUND', merchant_reference: 'x', currency: 'SAR' })))
        .response_code,
      '00001',
    );
  });

  test('answers a body that is not a JSON object with 00073', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentApi',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as Record<string, string>).response_code, '00073');
  });
});
