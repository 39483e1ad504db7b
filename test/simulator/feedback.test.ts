import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Delivery } from '../../src/simulator/index.js';
import {
  apiRequest,
  assertSignedByResponsePhrase,
  eventually,
  pageRequest,
  pay,
  setup,
  startReceiver,
  type Receiver,
} from './helpers.js';

describe('Direct Transaction Feedback and Notifications', () => {
  let receiver: Receiver;
  let notifications: Receiver;
  let ctx: Awaited<ReturnType<typeof setup>>;

  beforeEach(async () => {
    receiver = await startReceiver();
    notifications = await startReceiver();
    ctx = await setup(
      { directFeedbackUrl: receiver.url, notificationUrl: notifications.url },
      { pendingResolutionMs: 60_000 },
    );
  });
  afterEach(async () => {
    await ctx.sim.close();
    await receiver.close();
    await notifications.close();
  });

  const deliveries = () => ctx.sim.state.deliveries as readonly Delivery[];

  test('posts the payment result as JSON by default, signed with the response phrase', async () => {
    const request = pageRequest(ctx.account);
    await pay(ctx.app, request, {});
    const [feedback] = await receiver.waitFor(1);
    assert.equal(feedback?.contentType, 'application/json');
    assert.equal(feedback?.url, '/payment/aps/webhook');
    const body = JSON.parse(feedback?.body ?? '{}') as Record<string, string>;
    assert.equal(body.merchant_reference, request.merchant_reference);
    assert.equal(body.response_code, '14000');
    assertSignedByResponsePhrase(feedback?.fields ?? {}, ctx.account);
  });

  test('posts a form body when the account chooses the form feedback format', async () => {
    await ctx.app.inject({
      method: 'PUT',
      url: '/_sim/accounts/TestMerchant',
      payload: { feedbackFormat: 'form' },
    });
    await pay(ctx.app, pageRequest(ctx.account), {});
    const [feedback] = await receiver.waitFor(1);
    assert.equal(feedback?.contentType, 'application/x-www-form-urlencoded');
    assert.equal(new URLSearchParams(feedback?.body ?? '').get('status'), '14');
    assertSignedByResponsePhrase(feedback?.fields ?? {}, ctx.account);
  });

  test('sends feedback for a cancelled payment too', async () => {
    await pay(ctx.app, pageRequest(ctx.account), { cancel: '1' });
    const [feedback] = await receiver.waitFor(1);
    assert.equal(feedback?.fields.response_code, '00072');
  });

  test('retries 10 s apart until the merchant acknowledges, logging every attempt', async () => {
    receiver.statuses.push(500, 503);
    const request = pageRequest(ctx.account);
    await pay(ctx.app, request, {});
    await receiver.waitFor(1);
    await ctx.timers.waitForTimers(1);
    assert.deepEqual(ctx.timers.pendingDelays(), [10_000]);
    ctx.timers.advance(10_000);
    await receiver.waitFor(2);
    await ctx.timers.waitForTimers(1);
    ctx.timers.advance(10_000);
    await receiver.waitFor(3);
    await eventually(() => deliveries()[0]?.state === 'delivered', 'delivery acknowledged');
    assert.deepEqual(
      deliveries()[0]?.attempts.map((a) => a.httpStatus),
      [500, 503, 200],
    );
    assert.deepEqual(ctx.timers.pendingDelays(), []);

    const log = await ctx.app.inject({
      url: `/_sim/deliveries?merchant_reference=${request.merchant_reference}`,
    });
    const [entry] = (log.json() as { deliveries: Delivery[] }).deliveries;
    assert.equal(entry?.url, receiver.url);
    assert.equal(entry?.channel, 'direct');
    assert.equal(entry?.payload.merchant_reference, request.merchant_reference);
    assert.deepEqual(
      entry?.attempts.map((a) => a.httpStatus),
      [500, 503, 200],
    );
  });

  test('gives up after the configured number of attempts', async () => {
    receiver.statuses.push(500, 500, 500, 500);
    await pay(ctx.app, pageRequest(ctx.account), {});
    for (let attempt = 2; attempt <= 3; attempt++) {
      await ctx.timers.waitForTimers(1);
      ctx.timers.advance(10_000);
      await receiver.waitFor(attempt);
    }
    await eventually(() => deliveries()[0]?.state === 'failed', 'delivery given up');
    assert.equal(deliveries()[0]?.attempts.length, 3);
    assert.deepEqual(ctx.timers.pendingDelays(), []);
  });

  test('counts a 302 answer as an acknowledgement', async () => {
    receiver.statuses.push(302);
    await pay(ctx.app, pageRequest(ctx.account), {});
    await eventually(() => deliveries()[0]?.state === 'delivered', 'delivery acknowledged');
    assert.deepEqual(
      deliveries()[0]?.attempts.map((a) => a.httpStatus),
      [302],
    );
  });

  test('logs a merchant that cannot be reached as an attempt without HTTP status', async () => {
    await ctx.app.inject({
      method: 'PUT',
      url: '/_sim/accounts/TestMerchant',
      payload: { directFeedbackUrl: 'http://127.0.0.1:1/down' },
    });
    await pay(ctx.app, pageRequest(ctx.account), {});
    await eventually(() => (deliveries()[0]?.attempts.length ?? 0) === 1, 'first attempt');
    assert.equal(deliveries()[0]?.attempts[0]?.httpStatus, null);
    assert.ok(deliveries()[0]?.attempts[0]?.error);
  });

  test('settles a pending payment later and sends the success as a Notification', async () => {
    const request = pageRequest(ctx.account);
    await pay(ctx.app, request, { card_holder_name: 'PENDING' });
    assert.equal((await receiver.waitFor(1))[0]?.fields.response_code, '19065');
    assert.ok(ctx.timers.pendingDelays().includes(60_000));
    ctx.timers.advance(60_000);
    const [notification] = await notifications.waitFor(1);
    assert.equal(notification?.fields.merchant_reference, request.merchant_reference);
    assert.equal(notification?.fields.response_code, '14000');
    assert.match(notification?.fields.authorization_code ?? '', /^\d{6}$/);
    assertSignedByResponsePhrase(notification?.fields ?? {}, ctx.account);

    const status = await ctx.app.inject({
      method: 'POST',
      url: '/FortAPI/paymentApi',
      payload: apiRequest(ctx.account, {
        query_command: 'CHECK_STATUS',
        merchant_reference: request.merchant_reference ?? '',
      }),
    });
    assert.equal((status.json() as Record<string, string>).transaction_code, '14000');
  });

  test('settles "ON HOLD DECLINED" later as a decline', async () => {
    await pay(ctx.app, pageRequest(ctx.account), { card_holder_name: 'on hold declined' });
    assert.equal((await receiver.waitFor(1))[0]?.fields.response_code, '20090');
    ctx.timers.advance(60_000);
    assert.equal((await notifications.waitFor(1))[0]?.fields.response_code, '13666');
  });

  test('close() cancels pending retries and settlements', async () => {
    receiver.statuses.push(500);
    await pay(ctx.app, pageRequest(ctx.account), { card_holder_name: 'PENDING' });
    await receiver.waitFor(1);
    await ctx.timers.waitForTimers(2);
    await ctx.sim.close();
    assert.deepEqual(ctx.timers.pendingDelays(), []);
  });
});
