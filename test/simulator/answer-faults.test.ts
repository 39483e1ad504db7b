import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { Delivery, Faults, SimTransaction } from '../../src/simulator/index.js';
import {
  apiRequest,
  assertSignedByResponsePhrase,
  eventually,
  pageRequest,
  pay,
  postForm,
  setup,
  startReceiver,
  type Receiver,
} from './helpers.js';

describe('lost paymentApi answers and held Notifications', () => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  let notifications: Receiver;
  let direct: Receiver;
  beforeEach(async () => {
    notifications = await startReceiver();
    direct = await startReceiver();
    ctx = await setup({ notificationUrl: notifications.url, directFeedbackUrl: direct.url });
  });
  afterEach(async () => {
    await ctx.sim.close();
    await notifications.close();
    await direct.close();
  });

  async function setFaults(faults: Partial<Faults>): Promise<void> {
    const response = await ctx.app.inject({ method: 'PUT', url: '/_sim/faults', payload: faults });
    assert.equal(response.statusCode, 200, response.body);
  }

  async function authorization(): Promise<string> {
    const request = pageRequest(ctx.account, { command: 'AUTHORIZATION', amount: '10000' });
    await pay(ctx.app, request, {});
    await direct.waitFor(direct.received.length + 1);
    return request.merchant_reference ?? '';
  }

  const post = (params: Record<string, string>) =>
    ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: apiRequest(ctx.account, params) });
  const capture = (reference: string, amount: string) =>
    post({ command: 'CAPTURE', merchant_reference: reference, amount, currency: 'SAR' });

  async function books(reference: string): Promise<SimTransaction> {
    const response = await ctx.app.inject({ url: `/_sim/transactions/${reference}` });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { transaction: SimTransaction }).transaction;
  }

  async function release(body?: unknown) {
    return ctx.app.inject({
      method: 'POST',
      url: '/_sim/deliveries/release',
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
  }

  const notificationsOf = (reference: string) =>
    ctx.sim.state.deliveries.filter((d) => d.channel === 'notification' && d.merchantReference === reference);

  test('a lost answer: the capture is booked and notified, the merchant only gets a plain 502', async () => {
    const reference = await authorization();
    await setFaults({ paymentApiLoseAnswerStatus: 502 });
    const response = await capture(reference, '6000');
    assert.equal(response.statusCode, 502);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    assert.doesNotMatch(response.body, /response_code/);
    assert.equal((await books(reference)).capturedAmount, 6000);
    const [notification] = await notifications.waitFor(1);
    assert.equal(notification?.fields.command, 'CAPTURE');
    assert.equal(notification?.fields.response_code, '04000');
    assert.equal(notification?.fields.amount, '6000');
    assertSignedByResponsePhrase(notification?.fields ?? {}, ctx.account);
  });

  test('a lost answer still lets CHECK_STATUS through, and a refused command changes nothing', async () => {
    const reference = await authorization();
    await setFaults({ paymentApiLoseAnswerStatus: 504 });
    assert.equal((await capture(reference, '20000')).statusCode, 504, 'refusals are lost too');
    const status = await post({ query_command: 'CHECK_STATUS', merchant_reference: reference });
    assert.equal(status.statusCode, 200);
    const fields = status.json() as Record<string, string>;
    assert.equal(fields.captured_amount, '0');
    assert.equal(fields.transaction_code, '02000');
    assert.equal(notificationsOf(reference).length, 0, 'nothing to notify');
  });

  test('a REFUND whose answer was lost, retried with its maintenance_reference, refunds once', async () => {
    const reference = await authorization();
    await capture(reference, '10000');
    await setFaults({ paymentApiLoseAnswerStatus: 502 });
    const refund = () =>
      post({
        command: 'REFUND',
        merchant_reference: reference,
        amount: '4000',
        currency: 'SAR',
        maintenance_reference: 'RF-LOST',
      });
    assert.equal((await refund()).statusCode, 502);
    await setFaults({});
    const retried = await refund();
    assert.equal(retried.statusCode, 200);
    assert.equal((retried.json() as Record<string, string>).response_code, '06000');
    assert.equal((await books(reference)).refundedAmount, 4000);
    await eventually(() => notificationsOf(reference).length === 2, 'capture and refund notified');
  });

  test('paymentApiFailStatus wins over a lost answer: nothing is processed', async () => {
    const reference = await authorization();
    await setFaults({ paymentApiFailStatus: 500, paymentApiLoseAnswerStatus: 502 });
    assert.equal((await capture(reference, '100')).statusCode, 500);
    assert.equal((await books(reference)).capturedAmount, 0);
  });

  test('PUT /_sim/faults validates the new settings', async () => {
    const response = await ctx.app.inject({
      method: 'PUT',
      url: '/_sim/faults',
      payload: { paymentApiLoseAnswerStatus: 200, holdNotifications: 'maybe' },
    });
    assert.equal(response.statusCode, 400);
    const fields = (response.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    assert.deepEqual(fields.sort(), ['holdNotifications', 'paymentApiLoseAnswerStatus']);
    await setFaults({ paymentApiLoseAnswerStatus: 599, holdNotifications: true });
    assert.equal(ctx.sim.state.faults.paymentApiLoseAnswerStatus, 599);
    assert.equal(ctx.sim.state.faults.holdNotifications, true);
  });

  test('holds Notifications (not the Direct Transaction Feedback) and releases them newest first', async () => {
    await setFaults({ holdNotifications: true });
    const reference = await authorization(); // its Direct Transaction Feedback arrived
    for (const amount of ['1000', '2000', '3000']) {
      assert.equal((await capture(reference, amount)).statusCode, 200);
    }
    const held = notificationsOf(reference);
    assert.deepEqual(
      held.map((d) => [d.state, d.payload.amount, d.attempts.length]),
      [
        ['held', '1000', 0],
        ['held', '2000', 0],
        ['held', '3000', 0],
      ],
    );
    const listed = await ctx.app.inject({ url: `/_sim/deliveries?merchant_reference=${reference}` });
    assert.deepEqual(
      (listed.json() as { deliveries: Delivery[] }).deliveries.map((d) => d.state),
      ['delivered', 'held', 'held', 'held'],
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(notifications.received.length, 0);

    const response = await release({ merchant_reference: reference, order: 'reverse' });
    assert.equal(response.statusCode, 200, response.body);
    const { released } = response.json() as { released: Delivery[] };
    assert.deepEqual(
      released.map((d) => [d.payload.amount, d.state]),
      [
        ['3000', 'delivered'],
        ['2000', 'delivered'],
        ['1000', 'delivered'],
      ],
    );
    assert.deepEqual(
      notifications.received.map((r) => r.fields.amount),
      ['3000', '2000', '1000'],
      'received in release order, before the answer',
    );
    assert.equal((await release()).json().released.length, 0, 'nothing left to release');
  });

  test("releases one order's Notifications only, or chosen ids in the given order", async () => {
    await setFaults({ holdNotifications: true });
    const first = await authorization();
    const second = await authorization();
    await capture(first, '100');
    await capture(second, '200');
    await capture(second, '300');
    const one = await release({ merchant_reference: first });
    assert.deepEqual(
      (one.json() as { released: Delivery[] }).released.map((d) => d.merchantReference),
      [first],
    );
    assert.deepEqual(
      notificationsOf(second).map((d) => d.state),
      ['held', 'held'],
    );
    const ids = notificationsOf(second).map((d) => d.id);
    const chosen = await release({ ids: [ids[1], ids[0]] });
    assert.equal(chosen.statusCode, 200, chosen.body);
    assert.deepEqual(
      notifications.received.map((r) => r.fields.amount),
      ['100', '300', '200'],
    );
    const again = await release({ ids: [ids[0]] });
    assert.equal(again.statusCode, 409, 'already released');
    assert.equal((await release({ ids: ['nope'] })).statusCode, 404);
  });

  test('clearing the fault does not release what is held; new Notifications go out at once', async () => {
    await setFaults({ holdNotifications: true });
    const reference = await authorization();
    await capture(reference, '100');
    await setFaults({});
    await capture(reference, '200');
    await eventually(() => notificationsOf(reference)[1]?.state === 'delivered', 'the new one delivered');
    assert.deepEqual(
      notificationsOf(reference).map((d) => [d.payload.amount, d.state]),
      [
        ['100', 'held'],
        ['200', 'delivered'],
      ],
    );
  });

  test('refuses bad release input, naming the field, and releases nothing', async () => {
    await setFaults({ holdNotifications: true });
    const reference = await authorization();
    await capture(reference, '100');
    for (const body of [
      { order: 'sideways' },
      { merchant_reference: 7 },
      { ids: [] },
      { ids: ['x'], merchant_reference: reference },
      { colour: 'red' },
    ]) {
      const response = await release(body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      const field = Object.keys(body).find((k) => k !== 'merchant_reference') ?? 'merchant_reference';
      assert.ok(
        (response.json() as { fields: Array<{ field: string }> }).fields.some((f) => f.field === field),
        response.body,
      );
    }
    const id = notificationsOf(reference)[0]?.id ?? '';
    const twice = await release({ ids: [id, id] });
    assert.equal(twice.statusCode, 400);
    assert.equal((twice.json() as { fields: Array<{ field: string }> }).fields[0]?.field, 'ids');
    assert.deepEqual(
      notificationsOf(reference).map((d) => d.state),
      ['held'],
    );
  });
  test('the dashboard sets both faults and releases held Notifications from the delivery log', async () => {
    const saved = await postForm(ctx.app, '/dashboard/faults', {
      holdNotifications: 'true',
      paymentApiLoseAnswerStatus: '502',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(ctx.sim.state.faults.holdNotifications, true);
    assert.equal(ctx.sim.state.faults.paymentApiLoseAnswerStatus, 502);
    const form = (await ctx.app.inject({ url: '/dashboard/faults' })).body;
    assert.match(form, /name="holdNotifications" value="true" checked/);
    assert.match(form, /name="paymentApiLoseAnswerStatus" min="500" value="502"/);

    const reference = await authorization();
    assert.equal((await capture(reference, '100')).statusCode, 502);
    const log = await ctx.app.inject({ url: '/dashboard/deliveries' });
    assert.match(log.body, /1 Notification is held/);
    const released = await postForm(ctx.app, '/dashboard/deliveries/release', {});
    assert.equal(released.statusCode, 303);
    assert.deepEqual(
      notifications.received.map((r) => r.fields.amount),
      ['100'],
    );
    assert.doesNotMatch((await ctx.app.inject({ url: '/dashboard/deliveries' })).body, /is held/);
  });
});
