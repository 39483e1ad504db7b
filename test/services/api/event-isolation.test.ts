/**
 * One endpoint's trouble stays its own (S14 "Isolation"): a black-holed endpoint (it accepts the
 * connection and never answers) holds only its own delivery slots, so a healthy endpoint beside it gets
 * its events at once; an endpoint that keeps failing is left alone by the circuit breaker.
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startEventDelivery } from '../../../src/services/api/event-delivery.js';
import { apsResponse, formBody, signed } from '../../support/aps-messages.js';
import { paymentBody, startApiHarness, type ApiHarness } from '../../http/api/helpers.js';
import { startReceiver, type Receiver } from './receiver.js';

async function blackHole(): Promise<{ url: string; connections: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const box = { url: '', connections: 0, close: async (): Promise<void> => undefined };
  const server = createServer((socket) => {
    box.connections += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  box.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  box.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return box;
}

describe('event delivery isolation', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApiHarness(undefined, { eventTargets: 'loopback' });
  });
  after(() => api.close());

  async function paidPayments(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const created = await api.call('POST', '/api/v1/transactions', { body: paymentBody() });
      const tx = (await api.pp.services.store.repos.transactions.findByReference(created.json().reference))!;
      const res = await api.pp.running.app.inject({
        method: 'POST',
        url: '/payment/aps/webhook',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody(signed(apsResponse(tx))),
      });
      assert.equal(res.statusCode, 200);
    }
  }

  async function endpoint(url: string): Promise<string> {
    const res = await api.call('POST', '/api/v1/event-endpoints', { body: { url } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id;
  }

  test('a black-holed endpoint next to a healthy one: the healthy one gets its 60 events while the other hangs', async () => {
    const hole = await blackHole();
    const healthy: Receiver = await startReceiver();
    const holeId = await endpoint(hole.url);
    const healthyId = await endpoint(healthy.url);
    await paidPayments(60);
    // Each black-holed delivery hangs for the whole answer time limit: 60 s here.
    const worker = startEventDelivery(api.pp.services, {
      intervalMs: 20,
      timeoutMs: 60_000,
      leaseMs: 150_000,
    });
    try {
      const deadline = Date.now() + 30_000; // a safety net, half the time one black-holed delivery hangs
      while (healthy.received.length < 60 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      assert.equal(
        healthy.received.length,
        60,
        'every healthy event arrived while the black hole still hung',
      );
      assert.ok(hole.connections <= 5, `${hole.connections} connections to the black hole at once (limit 5)`);
    } finally {
      await hole.close();
      await worker.stop();
      await healthy.close();
      await api.call('DELETE', `/api/v1/event-endpoints/${holeId}`);
      await api.call('DELETE', `/api/v1/event-endpoints/${healthyId}`);
    }
  });

  test('an endpoint failing five times in a row is left alone; its other events wait, none are lost', async () => {
    const closed = await startReceiver();
    await closed.close();
    const closedId = await endpoint(closed.url);
    await paidPayments(10);
    // The worker polls on its own as well (every 5 ms, and at once when a delivery ends): the first
    // failures must not let it start more than the five that open the circuit.
    const worker = startEventDelivery(api.pp.services, { intervalMs: 5, perEndpoint: 5 });
    try {
      await worker.runOnce();
      await worker.runOnce();
      await new Promise((r) => setTimeout(r, 400));
      await worker.runOnce();
    } finally {
      await worker.stop();
    }
    const events = await api.pp.services.store.repos.events.listByEndpoint(closedId, { limit: 100 });
    const attempted = events.items.filter((e) => e.attempts > 0);
    assert.equal(attempted.length, 5, 'five failures, then the circuit opened');
    assert.equal(events.items.length, 10);
    assert.ok(events.items.every((e) => e.status === 'pending'));
    await api.call('DELETE', `/api/v1/event-endpoints/${closedId}`);
  });
});
