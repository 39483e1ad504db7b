import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import type {
  EventEndpointRecord,
  Repositories,
  TransactionRecord,
} from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { createTestProvider, createTestTransaction } from '../support/store-fixtures.js';

const MINUTE = 60_000;

forEachDatabase('events repository', (db) => {
  const repos = (): Repositories => db.store.repos;
  const now = () => db.clock.now();
  const inMinutes = (minutes: number) => new Date(now().getTime() + minutes * MINUTE);

  async function endpoint(): Promise<EventEndpointRecord> {
    return repos().eventEndpoints.insert({ url: 'https://merchant.example/hooks', secretEnc: 'enc:secret' });
  }

  async function transaction(): Promise<TransactionRecord> {
    return createTestTransaction(repos(), await createTestProvider(repos()));
  }

  function enqueue(endpointId: string, transactionId: string | null, state: string) {
    return repos().events.insert({
      endpointId,
      transactionId,
      type: 'transaction.updated',
      payload: JSON.stringify({ type: 'transaction.updated', data: { transaction: { state } } }),
    });
  }

  /** Settles everything pending, so each test sees only its own events. */
  async function drain(): Promise<void> {
    const farFuture = inMinutes(365 * 24 * 60);
    for (;;) {
      const claimed = await repos().events.claimDue(farFuture, 100, MINUTE);
      if (claimed.length === 0) return;
      for (const event of claimed) await repos().events.markDelivered(event.id, now());
    }
  }

  const claimIds = async (limit = 50) =>
    (await repos().events.claimDue(now(), limit, MINUTE)).map((e) => e.id);

  test('enqueues an event as pending, due at once, with its exact payload', async () => {
    const ep = await endpoint();
    const tx = await transaction();
    const event = await enqueue(ep.id, tx.id, 'done');
    assert.equal(event.status, 'pending');
    assert.equal(event.attempts, 0);
    assert.equal(event.nextAttemptAt, now().toISOString());
    assert.equal(event.payload, '{"type":"transaction.updated","data":{"transaction":{"state":"done"}}}');
    assert.deepEqual(await repos().events.findById(event.id), event);
    await drain();
  });

  test('refuses a payload that is not JSON', async () => {
    const ep = await endpoint();
    await assert.rejects(
      repos().events.insert({ endpointId: ep.id, transactionId: null, type: 'x', payload: '{oops' }),
      ValidationError,
    );
  });

  test('claims due events with a lease and does not hand them out again while leased', async () => {
    await drain();
    const ep = await endpoint();
    const event = await enqueue(ep.id, (await transaction()).id, 'done');
    const [claimed] = await repos().events.claimDue(now(), 10, 5 * MINUTE);
    assert.equal(claimed?.id, event.id);
    assert.equal(claimed?.leaseUntil, inMinutes(5).toISOString());
    assert.deepEqual(await claimIds(), []);
    db.clock.advance(5 * MINUTE);
    assert.deepEqual(await claimIds(), [event.id]);
    await drain();
  });

  test('keeps the events of one transaction in order: a newer one waits while an older one is pending', async () => {
    await drain();
    const ep = await endpoint();
    const tx = await transaction();
    const first = await enqueue(ep.id, tx.id, 'pending');
    db.clock.advance(1);
    const second = await enqueue(ep.id, tx.id, 'done');
    assert.deepEqual(await claimIds(), [first.id]);
    await repos().events.markRetry(first.id, { error: 'HTTP 500', nextAttemptAt: inMinutes(10) });
    db.clock.advance(MINUTE);
    assert.deepEqual(await claimIds(), [], 'the newer event overtook an older one awaiting retry');
    db.clock.advance(10 * MINUTE);
    assert.deepEqual(await claimIds(), [first.id]);
    await repos().events.markDelivered(first.id, now());
    assert.deepEqual(await claimIds(), [second.id]);
    await drain();
  });

  test('orders events created in the same instant by id, and lets a given-up event release the next', async () => {
    await drain();
    const ep = await endpoint();
    const tx = await transaction();
    const a = await enqueue(ep.id, tx.id, 'pending');
    const b = await enqueue(ep.id, tx.id, 'done');
    const [older, newer] = [a, b].sort((x, y) => (x.id < y.id ? -1 : 1));
    assert.deepEqual(await claimIds(), [older!.id]);
    await repos().events.markFailed(older!.id, 'gave up after 3 days');
    assert.deepEqual(await claimIds(), [newer!.id]);
    await drain();
  });

  test('orders per endpoint and per transaction: other endpoints and transactions proceed independently', async () => {
    await drain();
    const [ep1, ep2] = [await endpoint(), await endpoint()];
    const [tx1, tx2] = [await transaction(), await transaction()];
    const a = await enqueue(ep1.id, tx1.id, 'pending');
    db.clock.advance(1);
    await enqueue(ep1.id, tx1.id, 'done');
    const c = await enqueue(ep2.id, tx1.id, 'pending');
    const d = await enqueue(ep1.id, tx2.id, 'pending');
    assert.deepEqual((await claimIds()).sort(), [a.id, c.id, d.id].sort());
    await drain();
  });

  test('delivers nothing to a paused endpoint until it is resumed', async () => {
    await drain();
    const ep = await endpoint();
    const event = await enqueue(ep.id, (await transaction()).id, 'done');
    await repos().eventEndpoints.setActive(ep.id, false);
    assert.deepEqual(await claimIds(), []);
    await repos().eventEndpoints.setActive(ep.id, true);
    assert.deepEqual(await claimIds(), [event.id]);
    await drain();
  });

  test('markDelivered and markRetry count attempts and record the outcome', async () => {
    await drain();
    const ep = await endpoint();
    const event = await enqueue(ep.id, null, 'done');
    await repos().events.claimDue(now(), 10, MINUTE);
    await repos().events.markRetry(event.id, { error: 'timeout', nextAttemptAt: inMinutes(2) });
    const retried = await repos().events.findById(event.id);
    assert.equal(retried?.attempts, 1);
    assert.equal(retried?.lastError, 'timeout');
    assert.equal(retried?.leaseUntil, null);
    assert.equal(retried?.nextAttemptAt, inMinutes(2).toISOString());
    await repos().events.markDelivered(event.id, now());
    const delivered = await repos().events.findById(event.id);
    assert.equal(delivered?.status, 'delivered');
    assert.equal(delivered?.attempts, 2);
    assert.equal(delivered?.deliveredAt, now().toISOString());
    assert.equal(delivered?.nextAttemptAt, null);
  });

  test('resend queues a delivered event again, due now', async () => {
    await drain();
    const ep = await endpoint();
    const event = await enqueue(ep.id, null, 'done');
    await drain();
    assert.equal(await repos().events.resend(event.id, now()), true);
    assert.deepEqual(await claimIds(), [event.id]);
    assert.equal(await repos().events.resend('missing', now()), false);
    await drain();
  });

  test('releaseLeases makes claimed events claimable at once (graceful shutdown)', async () => {
    await drain();
    const ep = await endpoint();
    const event = await enqueue(ep.id, null, 'done');
    await claimIds();
    await repos().events.releaseLeases([event.id]);
    assert.deepEqual(await claimIds(), [event.id]);
    await drain();
  });

  test('lists by transaction oldest first and by endpoint newest first with pages', async () => {
    const ep = await endpoint();
    const tx = await transaction();
    const created = [];
    for (const state of ['pending', 'authorized', 'done']) {
      db.clock.advance(1);
      created.push(await enqueue(ep.id, tx.id, state));
    }
    assert.deepEqual(
      (await repos().events.listByTransaction(tx.id)).map((e) => e.id),
      created.map((e) => e.id),
    );
    const firstPage = await repos().events.listByEndpoint(ep.id, { limit: 2 });
    assert.deepEqual(
      firstPage.items.map((e) => e.id),
      [created[2]!.id, created[1]!.id],
    );
    const secondPage = await repos().events.listByEndpoint(ep.id, { limit: 2, cursor: firstPage.nextCursor });
    assert.deepEqual(
      secondPage.items.map((e) => e.id),
      [created[0]!.id],
    );
    assert.equal(secondPage.nextCursor, null);
    await drain();
  });

  test('counts events per delivery state', async () => {
    await drain();
    const ep = await endpoint();
    const before = await repos().events.countByStatus();
    const event = await enqueue(ep.id, null, 'done');
    await repos().events.markFailed(event.id, 'gone');
    const afterCounts = await repos().events.countByStatus();
    assert.equal(afterCounts.failed, before.failed + 1);
    assert.equal(afterCounts.pending, before.pending);
  });

  test('records delivery attempts and deletes them with their endpoint', async () => {
    const ep = await endpoint();
    const event = await enqueue(ep.id, null, 'done');
    await repos().eventDeliveries.insert({
      eventId: event.id,
      attemptedAt: now(),
      httpStatus: 500,
      durationMs: 12.4,
    });
    db.clock.advance(1);
    await repos().eventDeliveries.insert({
      eventId: event.id,
      attemptedAt: now(),
      httpStatus: null,
      error: 'ECONNRESET',
      durationMs: 3,
    });
    const log = await repos().eventDeliveries.listByEvent(event.id);
    assert.deepEqual(
      log.map((d) => [d.httpStatus, d.error, d.durationMs]),
      [
        [500, null, 12],
        [null, 'ECONNRESET', 3],
      ],
    );
    assert.equal(await repos().eventEndpoints.delete(ep.id), true);
    assert.equal(await repos().events.findById(event.id), undefined);
    assert.deepEqual(await repos().eventDeliveries.listByEvent(event.id), []);
  });

  test('two workers claiming at once never get the same event', async () => {
    await drain();
    const ep = await endpoint();
    const expected: string[] = [];
    for (let i = 0; i < 30; i += 1)
      expected.push((await enqueue(ep.id, (await transaction()).id, 'done')).id);
    const other = db.openStore();
    const claimAll = async (repositories: Repositories) => {
      const mine: string[] = [];
      for (;;) {
        const claimed = await repositories.events.claimDue(now(), 3, 10 * MINUTE);
        if (claimed.length === 0) return mine;
        mine.push(...claimed.map((e) => e.id));
      }
    };
    const [first, second] = await Promise.all([claimAll(repos()), claimAll(other.repos)]);
    const all = [...first, ...second];
    assert.equal(new Set(all).size, all.length, 'an event was claimed twice');
    assert.deepEqual([...all].sort(), expected.sort());
  });
});

forEachDatabase('event endpoints repository', (db) => {
  test('creates active endpoints, lists them, and lists only active ones on request', async () => {
    const repos = db.store.repos;
    const a = await repos.eventEndpoints.insert({
      url: 'https://a.example/hook',
      description: 'ERP',
      secretEnc: 'enc:a',
    });
    db.clock.advance(1);
    const b = await repos.eventEndpoints.insert({
      url: 'https://b.example/hook',
      secretEnc: 'enc:b',
      active: false,
    });
    assert.equal(a.active, true);
    assert.equal(a.description, 'ERP');
    assert.deepEqual(await repos.eventEndpoints.findById(b.id), b);
    assert.deepEqual(
      (await repos.eventEndpoints.list()).map((e) => e.id),
      [a.id, b.id],
    );
    assert.deepEqual(
      (await repos.eventEndpoints.list({ activeOnly: true })).map((e) => e.id),
      [a.id],
    );
    assert.equal(await repos.eventEndpoints.delete('missing'), false);
  });
});

forEachDatabase('events repository: late workers', (db) => {
  test('a late retry or give-up from a worker whose lease expired never undoes a delivery', async () => {
    const repos = db.store.repos;
    const endpoint = await repos.eventEndpoints.insert({
      url: 'https://merchant.example.com/e',
      secretEnc: 'sealed',
    });
    const event = await repos.events.insert({
      endpointId: endpoint.id,
      transactionId: null,
      type: 't',
      payload: '{}',
    });
    await repos.events.markDelivered(event.id, db.clock.now());
    await repos.events.markRetry(event.id, { nextAttemptAt: db.clock.now(), error: 'late 503' });
    await repos.events.markFailed(event.id, 'late give-up');
    const after = await repos.events.findById(event.id);
    assert.equal(after?.status, 'delivered');
    assert.equal(after?.attempts, 1);
    assert.equal(after?.lastError, null);
  });
});
