import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { verifySignature } from '../../src/providers/aps/signature.js';
import type { Faults } from '../../src/simulator/index.js';
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

describe('fault injection', () => {
  let receiver: Receiver;
  let ctx: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    receiver = await startReceiver();
    ctx = await setup({ directFeedbackUrl: receiver.url });
  });
  afterEach(async () => {
    await ctx.sim.close();
    await receiver.close();
  });

  async function setFaults(faults: Partial<Faults>): Promise<void> {
    const response = await ctx.app.inject({ method: 'PUT', url: '/_sim/faults', payload: faults });
    assert.equal(response.statusCode, 200, response.body);
  }

  test('PUT /_sim/faults replaces the whole set and GET shows it', async () => {
    await setFaults({ feedbackCopies: 2, corruptSignature: ['feedback'] });
    await setFaults({ dropBrowserReturn: true });
    const faults = (await ctx.app.inject({ url: '/_sim/faults' })).json() as { faults: Faults };
    assert.equal(faults.faults.dropBrowserReturn, true);
    assert.equal(faults.faults.feedbackCopies, 1);
    assert.deepEqual(faults.faults.corruptSignature, []);
  });

  test('PUT /_sim/faults refuses unknown settings and bad values, naming each', async () => {
    const response = await ctx.app.inject({
      method: 'PUT',
      url: '/_sim/faults',
      payload: { feedbackCopies: 0, paymentApiFailStatus: 404, chaos: true },
    });
    assert.equal(response.statusCode, 400);
    const fields = (response.json() as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    assert.deepEqual(fields.sort(), ['chaos', 'feedbackCopies', 'paymentApiFailStatus']);
  });

  test('delays the feedback by the configured time', async () => {
    await setFaults({ feedbackDelayMs: 45_000 });
    await pay(ctx.app, pageRequest(ctx.account), {});
    await ctx.timers.waitForTimers(1);
    assert.deepEqual(ctx.timers.pendingDelays(), [45_000]);
    assert.equal(receiver.received.length, 0);
    ctx.timers.advance(45_000);
    assert.equal((await receiver.waitFor(1))[0]?.fields.response_code, '14000');
  });

  test('sends each feedback N times', async () => {
    await setFaults({ feedbackCopies: 3 });
    await pay(ctx.app, pageRequest(ctx.account), {});
    const received = await receiver.waitFor(3);
    assert.equal(new Set(received.map((r) => r.body)).size, 1, 'the copies are identical');
    assert.equal(ctx.sim.state.deliveries.length, 3);
  });

  test('delivers the feedback before answering the browser when reordering', async () => {
    await setFaults({ feedbackBeforeReturn: true });
    const { page } = await pay(ctx.app, pageRequest(ctx.account), {});
    assert.equal(receiver.received.length, 1, 'feedback arrived before the return page was sent');
    assert.equal(formOf(page.body).fields.response_code, '14000');
  });

  test('drops the browser return: the customer sees "payment processed", the feedback still goes', async () => {
    await setFaults({ dropBrowserReturn: true });
    const { page } = await pay(ctx.app, pageRequest(ctx.account), {});
    assert.match(page.body, /Your payment has been processed/);
    assert.doesNotMatch(page.body, /<form/);
    assert.equal((await receiver.waitFor(1))[0]?.fields.response_code, '14000');
  });

  test('corrupts the signature of the browser return only', async () => {
    await setFaults({ corruptSignature: ['return'] });
    const { page } = await pay(ctx.app, pageRequest(ctx.account), {});
    const fields = formOf(page.body).fields;
    assert.equal(verifySignature(fields, ctx.account.shaResponsePhrase).valid, false);
    assertSignedByResponsePhrase((await receiver.waitFor(1))[0]?.fields ?? {}, ctx.account);
  });

  test('corrupts the signature of the feedback', async () => {
    await setFaults({ corruptSignature: ['feedback'] });
    await pay(ctx.app, pageRequest(ctx.account), {});
    const [feedback] = await receiver.waitFor(1);
    assert.equal(verifySignature(feedback?.fields ?? {}, ctx.account.shaResponsePhrase).valid, false);
  });

  test('corrupts the signature of paymentApi answers', async () => {
    await setFaults({ corruptSignature: ['payment_api'] });
    const body = apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: 'x' });
    const response = await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
    const fields = response.json() as Record<string, string>;
    assert.equal(fields.response_code, '12036');
    assert.equal(verifySignature(fields, ctx.account.shaResponsePhrase).valid, false);
  });

  test('switches the feedback format for every account', async () => {
    await setFaults({ feedbackFormat: 'json' });
    await pay(ctx.app, pageRequest(ctx.account), {});
    const [feedback] = await receiver.waitFor(1);
    assert.equal(feedback?.contentType, 'application/json');
    assertSignedByResponsePhrase(feedback?.fields ?? {}, ctx.account);
  });

  test('makes paymentApi slower than a client timeout', async () => {
    await setFaults({ paymentApiDelayMs: 120_000 });
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const body = JSON.stringify(
      apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: 'x' }),
    );
    const post = (signal?: AbortSignal) =>
      fetch(`${address}/FortAPI/paymentApi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal,
      });
    await assert.rejects(post(AbortSignal.timeout(200)), { name: 'TimeoutError' });
    const patient = post();
    await ctx.timers.waitForTimers(2);
    assert.deepEqual(ctx.timers.pendingDelays(), [120_000, 120_000]);
    ctx.timers.advance(120_000);
    const answer = (await (await patient).json()) as Record<string, string>;
    assert.equal(answer.response_code, '12036');
    ctx.app.server.closeAllConnections(); // the aborted client's keep-alive socket would delay close()
  });

  test('makes paymentApi answer with a 5xx status', async () => {
    await setFaults({ paymentApiFailStatus: 503 });
    const body = apiRequest(ctx.account, { query_command: 'CHECK_STATUS', merchant_reference: 'x' });
    const response = await ctx.app.inject({ method: 'POST', url: '/FortAPI/paymentApi', payload: body });
    assert.equal(response.statusCode, 503);
  });
});
