import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { transactionUpdatedEventSchema } from '../../../src/http/api/response-schemas.js';
import { startEventDelivery, type EventDeliveryWorker } from '../../../src/services/api/event-delivery.js';
import { verifyEventSignature } from '../../../src/services/api/event-signature.js';
import { apsResponse, formBody, signed } from '../../support/aps-messages.js';
import { forEachDatabase } from '../../support/databases.js';
import { createTestPayport } from '../../support/payport.js';
import { ensureApiRoutes, paymentBody, startApiHarness, type ApiHarness } from '../../http/api/helpers.js';
import { startReceiver, type Receiver } from './receiver.js';

const HOUR = 60 * 60 * 1000;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

forEachDatabase('event delivery (S12)', (db) => {
  let api: ApiHarness;
  let receiver: Receiver;
  let secret: string;
  let endpointId: string;
  let worker: EventDeliveryWorker;

  before(async () => {
    api = await startApiHarness(db, { eventTargets: 'loopback' });
    receiver = await startReceiver();
    const created = (
      await api.call('POST', '/api/v1/event-endpoints', { body: { url: receiver.url } })
    ).json();
    secret = created.secret;
    endpointId = created.id;
    worker = startEventDelivery(api.pp.services, { intervalMs: 10 * HOUR, random: () => 0.5 });
  });
  after(async () => {
    await worker.stop();
    await receiver.close();
    await api.close();
  });

  /** Runs the worker until a pass attempts nothing (bounded, since each pass is a batch). */
  async function drain(w: EventDeliveryWorker = worker): Promise<void> {
    for (let i = 0; i < 20 && (await w.runOnce()) > 0; i += 1);
  }

  async function createPayment(): Promise<string> {
    const res = await api.call('POST', '/api/v1/transactions', { body: paymentBody() });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().reference;
  }

  async function notify(
    pp: ApiHarness['pp'],
    reference: string,
    fields: Record<string, string> = {},
  ): Promise<void> {
    const tx = (await pp.services.store.repos.transactions.findByReference(reference))!;
    const res = await pp.running.app.inject({
      method: 'POST',
      url: '/payment/aps/webhook',
      headers: FORM,
      payload: formBody(signed(apsResponse(tx, fields))),
    });
    assert.equal(res.statusCode, 200, res.body);
  }

  const pending = { status: '19', response_code: '19000', response_message: 'Transaction pending' };

  function eventsFor(reference: string) {
    return receiver.received
      .filter((r) => r.status === 200)
      .map((r) => ({ ...r, event: transactionUpdatedEventSchema.parse(JSON.parse(r.body)) }))
      .filter((r) => r.event.data.transaction.reference === reference);
  }

  test('a full payment reaches the receiver as one signed transaction.updated per state change, in order', async () => {
    const reference = await createPayment();
    // Time moves between the changes: events of one instant are ordered by id (see the report on ties).
    await notify(api.pp, reference, pending);
    api.pp.clock.advance(1000);
    await notify(api.pp, reference);
    await notify(api.pp, reference); // a duplicate notification changes nothing and sends nothing
    await drain();
    const got = eventsFor(reference);
    assert.deepEqual(
      got.map((r) => r.event.data.transaction.state),
      ['pending', 'done'],
    );
    assert.equal(new Set(got.map((r) => r.event.id)).size, 2);
    for (const r of got) {
      assert.equal(r.event.type, 'transaction.updated');
      assert.equal(r.headers['content-type'], 'application/json');
      const header = String(r.headers['payport-signature']);
      assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.deepEqual(verifyEventSignature(header, r.body, secret, { now: api.pp.clock.now() }).valid, true);
      assert.equal(
        verifyEventSignature(header, r.body, 'whsec_wrong', { now: api.pp.clock.now() }).valid,
        false,
      );
    }
    const done = got[1]!.event.data.transaction;
    assert.equal(done.amount, '1111.11');
    assert.equal(done.amount_minor, 111111);
    assert.deepEqual(
      done.history.map((h) => h.to_state),
      ['draft', 'pending', 'done'],
    );
  });

  test('an event reaches a receiver that was down for a while, after backoff, with every attempt logged', async () => {
    const reference = await createPayment();
    receiver.status = 503;
    await notify(api.pp, reference);
    await drain();
    const tx = (await api.pp.services.store.repos.transactions.findByReference(reference))!;
    const [event] = await api.pp.services.store.repos.events.listByTransaction(tx.id);
    assert.ok(event);
    let stored = (await api.pp.services.store.repos.events.findById(event.id))!;
    assert.equal(stored.status, 'pending');
    assert.equal(stored.attempts, 1);
    assert.ok(Date.parse(stored.nextAttemptAt!) > api.pp.clock.now().getTime(), 'the retry waits');
    assert.equal(await worker.runOnce(), 0, 'nothing is due before the backoff ends');

    for (let i = 0; i < 3; i += 1) {
      api.pp.clock.advance(HOUR);
      await drain();
    }
    assert.equal(eventsFor(reference).length, 0);
    receiver.status = 200;
    api.pp.clock.advance(6 * HOUR);
    await drain();
    assert.equal(eventsFor(reference).length, 1);
    stored = (await api.pp.services.store.repos.events.findById(event.id))!;
    assert.equal(stored.status, 'delivered');
    const log = await api.pp.services.store.repos.eventDeliveries.listByEvent(event.id);
    assert.equal(log.length, stored.attempts);
    assert.ok(log.length >= 3);
    assert.deepEqual(
      log.map((d) => d.httpStatus),
      [...log.slice(0, -1).map(() => 503), 200],
    );
  });

  test('after a payport restart, a new process on the same database delivers what the old one enqueued', async () => {
    const first = await createTestPayport({
      database: db.location,
      clock: api.pp.clock,
      eventTargets: 'loopback',
    });
    await ensureApiRoutes(first);
    const reference = await createPayment();
    await notify(first, reference);
    await first.close();

    const second = await createTestPayport({
      database: db.location,
      clock: api.pp.clock,
      eventTargets: 'loopback',
    });
    const restarted = startEventDelivery(second.services, { intervalMs: 10 * HOUR });
    try {
      await drain(restarted);
    } finally {
      await restarted.stop();
      await second.close();
    }
    const got = eventsFor(reference);
    assert.equal(got.length, 1);
    assert.equal(got[0]!.event.data.transaction.state, 'done');
  });

  test('an event is given up after three days of failures', async () => {
    const reference = await createPayment();
    receiver.status = 500;
    await notify(api.pp, reference);
    const tx = (await api.pp.services.store.repos.transactions.findByReference(reference))!;
    const [event] = await api.pp.services.store.repos.events.listByTransaction(tx.id);
    const giveUpAt = Date.parse(event!.createdAt) + 3 * 24 * HOUR;
    for (let i = 0; i < 40; i += 1) {
      await drain();
      if ((await api.pp.services.store.repos.events.findById(event!.id))!.status !== 'pending') break;
      api.pp.clock.advance(4 * HOUR);
    }
    receiver.status = 200;
    const stored = (await api.pp.services.store.repos.events.findById(event!.id))!;
    assert.equal(stored.status, 'failed');
    assert.match(stored.lastError ?? '', /HTTP 500/);
    const log = await api.pp.services.store.repos.eventDeliveries.listByEvent(event!.id);
    assert.ok(log.length > 5, `${log.length} attempts`);
    assert.ok(log.every((d) => Date.parse(d.attemptedAt) <= giveUpAt));
    assert.equal(
      Date.parse(log[log.length - 1]!.attemptedAt),
      giveUpAt,
      'the last attempt is at the end of the window',
    );
  });

  test('two workers running at once deliver every event exactly once', async () => {
    const references: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const reference = await createPayment();
      await notify(api.pp, reference);
      references.push(reference);
    }
    const other = startEventDelivery(api.pp.services, { intervalMs: 10 * HOUR, batchSize: 2 });
    const mine = startEventDelivery(api.pp.services, { intervalMs: 10 * HOUR, batchSize: 2 });
    try {
      for (let i = 0; i < 6; i += 1) await Promise.all([other.runOnce(), mine.runOnce()]);
    } finally {
      await other.stop();
      await mine.stop();
    }
    for (const reference of references) assert.equal(eventsFor(reference).length, 1, reference);
  });

  test('an unreachable endpoint is logged with no HTTP status and retried', async () => {
    const closed = await startReceiver();
    await closed.close();
    const res = await api.call('POST', '/api/v1/event-endpoints', { body: { url: closed.url } });
    const unreachableId = res.json().id as string;
    // The receiver failed for days in the test before: let its circuit breaker's cool-down pass.
    api.pp.clock.advance(HOUR);
    const reference = await createPayment();
    await notify(api.pp, reference);
    await drain();
    const tx = (await api.pp.services.store.repos.transactions.findByReference(reference))!;
    const events = await api.pp.services.store.repos.events.listByTransaction(tx.id);
    const toClosed = events.find((e) => e.endpointId === unreachableId)!;
    const toReceiver = events.find((e) => e.endpointId === endpointId)!;
    assert.equal(toReceiver.status, 'delivered');
    assert.equal(toClosed.status, 'pending');
    const [attempt] = await api.pp.services.store.repos.eventDeliveries.listByEvent(toClosed.id);
    assert.equal(attempt!.httpStatus, null);
    assert.match(attempt!.error ?? '', /could not reach the endpoint/);
    await api.call('DELETE', `/api/v1/event-endpoints/${unreachableId}`);
  });
});
