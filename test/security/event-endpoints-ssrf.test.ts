/**
 * Event endpoints cannot be aimed at payport's own network (S14 "Event endpoints (SSRF)"): literal
 * private, loopback, link-local, unspecified and IPv4-mapped addresses — in every spelling — and
 * `localhost` are refused with 422 when an endpoint is created; names are resolved and checked at
 * delivery, the connection goes to the checked address, and redirects are not followed. Only loopback
 * receivers of this test ever get traffic.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startEventDelivery } from '../../src/services/api/event-delivery.js';
import type { EventTargetPolicy, HostLookup } from '../../src/services/api/event-targets.js';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { paymentBody, startApiHarness, type ApiHarness } from '../http/api/helpers.js';

const REFUSED_SPELLINGS = [
  'http://127.0.0.1/hook',
  'http://127.0.0.1:8080/hook',
  'http://[::1]/hook',
  'http://2130706433/hook',
  'http://0x7f000001/hook',
  'http://0x7f.1/hook',
  'http://127.1/hook',
  'http://0177.0.0.1/hook',
  'http://017700000001/hook',
  'http://localhost/hook',
  'http://LOCALHOST./hook',
  'http://api.localhost/hook',
  'http://169.254.169.254/latest/meta-data/',
  'http://[fe80::1]/hook',
  'http://10.0.0.5/hook',
  'http://172.16.3.4/hook',
  'http://192.168.1.10/hook',
  'http://[fd00::1]/hook',
  'http://[fc00::5]/hook',
  'http://0.0.0.0/hook',
  'http://0/hook',
  'http://[::]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:7f00:1]/hook',
  'http://[::ffff:a00:1]/hook',
  'http://[::127.0.0.1]/hook',
  'http://[0:0:0:0:0:ffff:169.254.169.254]/hook',
];

interface Sink {
  url: string;
  port: number;
  hits: number;
  close(): Promise<void>;
}

async function sink(answer: (res: ServerResponse) => void): Promise<Sink> {
  const box = { hits: 0 } as Sink;
  const server: Server = createServer((req, res) => {
    box.hits += 1;
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  box.port = (server.address() as AddressInfo).port;
  box.url = `http://127.0.0.1:${box.port}/events`;
  box.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return box;
}

async function harness(eventTargets: EventTargetPolicy): Promise<ApiHarness> {
  return startApiHarness(undefined, { eventTargets });
}

async function endpointCount(api: ApiHarness): Promise<number> {
  return (await api.pp.services.store.repos.eventEndpoints.list()).length;
}

describe('event endpoints: addresses refused at creation', () => {
  let api: ApiHarness;
  before(async () => {
    api = await harness('public');
  });
  after(() => api.close());

  test('every spelling of a loopback, private, link-local, unspecified or mapped address is refused with 422', async () => {
    const before = await endpointCount(api);
    for (const url of REFUSED_SPELLINGS) {
      const res = await api.call('POST', '/api/v1/event-endpoints', { body: { url } });
      assert.equal(res.statusCode, 422, `${url}: ${res.statusCode} ${res.body}`);
      assert.match(res.json().detail ?? res.body, /publicly reachable|PAYPORT_EVENT_ALLOW_PRIVATE/, url);
    }
    assert.equal(await endpointCount(api), before, 'nothing stored');
  });

  test('a public address or name is accepted', async () => {
    for (const url of [
      'https://merchant.example.com/hooks',
      'https://93.184.215.14/hooks',
      'https://[2606:4700::1]/h',
    ]) {
      const res = await api.call('POST', '/api/v1/event-endpoints', { body: { url } });
      assert.equal(res.statusCode, 201, `${url}: ${res.body}`);
      await api.call('DELETE', `/api/v1/event-endpoints/${res.json().id}`);
    }
  });

  test('the service behind the back-office form refuses them too', async () => {
    const { createEventEndpoint } = await import('../../src/services/api/event-endpoints.js');
    await assert.rejects(
      createEventEndpoint(api.pp.services, { url: 'http://0x7f000001:3000/' }),
      /publicly reachable/,
    );
  });
});

describe('event endpoints: the policy can be lifted', () => {
  test('--demo allows loopback only; PAYPORT_EVENT_ALLOW_PRIVATE allows private networks too', async () => {
    const demo = await harness('loopback');
    const onPremises = await harness('private');
    try {
      for (const url of ['http://127.0.0.1:9/h', 'http://localhost:9/h', 'http://[::1]:9/h']) {
        assert.equal(
          (await demo.call('POST', '/api/v1/event-endpoints', { body: { url } })).statusCode,
          201,
          url,
        );
      }
      for (const url of ['http://10.0.0.5/h', 'http://169.254.169.254/', 'http://[fd00::1]/h']) {
        assert.equal(
          (await demo.call('POST', '/api/v1/event-endpoints', { body: { url } })).statusCode,
          422,
          url,
        );
        assert.equal(
          (await onPremises.call('POST', '/api/v1/event-endpoints', { body: { url } })).statusCode,
          201,
          url,
        );
      }
    } finally {
      await demo.close();
      await onPremises.close();
    }
  });
});

describe('event endpoints: names are checked when they are resolved, at delivery', () => {
  async function deliverOnce(api: ApiHarness, url: string, lookup: HostLookup) {
    const endpoint = (await api.call('POST', '/api/v1/event-endpoints', { body: { url } })).json();
    assert.ok(endpoint.id, JSON.stringify(endpoint));
    const created = await api.call('POST', '/api/v1/transactions', { body: paymentBody() });
    const tx = (await api.pp.services.store.repos.transactions.findByReference(created.json().reference))!;
    await api.pp.running.app.inject({
      method: 'POST',
      url: '/payment/aps/webhook',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody(signed(apsResponse(tx, {}))),
    });
    const worker = startEventDelivery(api.pp.services, { intervalMs: 3_600_000, lookup });
    try {
      await worker.runOnce();
    } finally {
      await worker.stop();
    }
    const [event] = (await api.pp.services.store.repos.events.listByTransaction(tx.id)).filter(
      (e) => e.endpointId === endpoint.id,
    );
    const [attempt] = await api.pp.services.store.repos.eventDeliveries.listByEvent(event!.id);
    await api.call('DELETE', `/api/v1/event-endpoints/${endpoint.id}`);
    return attempt!;
  }

  test('a name resolving to loopback, private or mixed addresses is not contacted', async () => {
    const api = await harness('public');
    const receiver = await sink((res) => res.writeHead(200).end());
    try {
      for (const answers of [
        ['127.0.0.1'],
        ['10.1.2.3'],
        ['93.184.215.14', '169.254.169.254'],
        ['::ffff:127.0.0.1'],
      ]) {
        const lookup: HostLookup = async () =>
          answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        const attempt = await deliverOnce(api, `http://events.shop.test:${receiver.port}/events`, lookup);
        assert.equal(attempt.httpStatus, null);
        assert.match(attempt.error ?? '', /not sent/);
      }
      assert.equal(receiver.hits, 0, 'no request reached the loopback receiver');
    } finally {
      await receiver.close();
      await api.close();
    }
  });

  test('the connection goes to the address that was checked, not to a second resolution', async () => {
    const api = await harness('loopback');
    const receiver = await sink((res) => res.writeHead(200).end());
    try {
      // The system resolver knows no such name: only a connection to the checked address can succeed.
      const lookup: HostLookup = async () => [{ address: '127.0.0.1', family: 4 }];
      const attempt = await deliverOnce(
        api,
        `http://payport-receiver.invalid:${receiver.port}/events`,
        lookup,
      );
      assert.equal(attempt.httpStatus, 200, attempt.error ?? '');
      assert.equal(receiver.hits, 1);
    } finally {
      await receiver.close();
      await api.close();
    }
  });

  test('redirects are not followed', async () => {
    const api = await harness('loopback');
    const target = await sink((res) => res.writeHead(200).end());
    const redirector = await sink((res) => res.writeHead(307, { location: target.url }).end());
    try {
      const attempt = await deliverOnce(api, redirector.url, async () => [
        { address: '127.0.0.1', family: 4 },
      ]);
      assert.equal(attempt.httpStatus, 307);
      assert.equal(redirector.hits, 1);
      assert.equal(target.hits, 0);
    } finally {
      await target.close();
      await redirector.close();
      await api.close();
    }
  });
});
