/**
 * S15 on PostgreSQL with two real `payport start` processes on one database and nothing shared in memory:
 * return and webhook copies of each message split across both, reconciliation and event delivery running
 * on both. Each transaction changes state once, no transaction is checked twice in a round, no event is
 * delivered twice (let alone concurrently), nothing is lost.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventEndpoint } from '../../src/services/api/event-endpoints.js';
import { createPaymentTransaction, redirectFor } from '../../src/services/checkout.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { apsResponse, signed } from '../support/aps-messages.js';
import { TEST_DATABASE_URL } from '../support/databases.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../support/payport.js';
import { pay } from '../simulator/helpers.js';
import {
  clockAtNow,
  killAllProcesses,
  postgresDatabase,
  postMessage,
  runConcurrently,
  startPayportProcess,
  waitUntil,
  type PayportProcess,
  type SharedDatabase,
} from './helpers.js';

const MESSAGED = 40;
const RECONCILED = 30;

/** A local HTTP server that counts what it gets and how much of it overlaps, keyed by `keyOf`. */
async function countingServer(
  keyOf: (body: string) => string,
  answer: (body: string, path: string) => Promise<{ status: number; body: string }>,
) {
  const counts = new Map<string, number>();
  const inFlight = new Set<string>();
  let overlaps = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = keyOf(body);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (inFlight.has(key)) overlaps++;
      inFlight.add(key);
      void answer(body, req.url ?? '/').then((a) => {
        inFlight.delete(key);
        res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    overlaps: () => overlaps,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (!TEST_DATABASE_URL) {
  describe(
    'two payport processes on one PostgreSQL database',
    {
      skip: 'TEST_DATABASE_URL not set: several processes share a PostgreSQL database only',
    },
    () => {},
  );
} else {
  const url = TEST_DATABASE_URL;
  describe('two payport processes on one PostgreSQL database', () => {
    let db: SharedDatabase;
    let seeder: TestPayport;
    let sim: Simulator;
    let apsProxy: Awaited<ReturnType<typeof countingServer>>;
    let receiver: Awaited<ReturnType<typeof countingServer>>;
    let processes: PayportProcess[] = [];
    const messaged: TransactionRecord[] = [];
    const reconciled: TransactionRecord[] = [];
    let answers: { channel: string; status: number | string }[] = [];

    before(async () => {
      db = await postgresDatabase(url);
      sim = createSimulator({ logger: false });
      await sim.app.listen({ port: 0, host: '127.0.0.1' });
      const simUrl = `http://127.0.0.1:${(sim.app.server.address() as AddressInfo).port}`;
      await sim.app.inject({
        method: 'PUT',
        url: `/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`,
        payload: {
          accessCode: TEST_CREDENTIALS.accessCode,
          shaRequestPhrase: TEST_CREDENTIALS.shaRequestPhrase,
          shaResponsePhrase: TEST_CREDENTIALS.shaResponsePhrase,
          shaType: 'sha256',
          redirectionUrl: 'https://shop.example.com/payment/aps/return',
          directFeedbackUrl: '',
          notificationUrl: '',
        },
      });
      // payport's paymentApi calls pass through a counter on their way to the simulator.
      apsProxy = await countingServer(
        (body) => (JSON.parse(body) as { merchant_reference?: string }).merchant_reference ?? '',
        async (body, path) => {
          const res = await fetch(`${simUrl}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          return { status: res.status, body: await res.text() };
        },
      );
      receiver = await countingServer(
        (body) => (JSON.parse(body) as { id: string }).id,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return { status: 200, body: '{}' };
        },
      );

      seeder = await createTestPayport({
        database: db.location,
        clock: clockAtNow(),
        eventTargets: 'loopback',
      });
      const provider = await seedApsProvider(seeder.services, { customBaseUrl: apsProxy.url });
      await createEventEndpoint(seeder.services, { url: `${receiver.url}/events` });
      const create = (i: number) =>
        createPaymentTransaction(seeder.services, {
          providerId: provider.id,
          paymentMethod: 'card',
          amountMinor: 1_000 + i,
          currency: 'SAR',
          customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
          channel: 'system',
        });
      for (let i = 0; i < MESSAGED; i++) messaged.push(await create(i));
      // Paid at the provider, but payport never heard back: only a status check can settle these.
      for (let i = 0; i < RECONCILED; i++) {
        const tx = await create(MESSAGED + i);
        await pay(sim.app, (await redirectFor(seeder.services, tx)).fields, {});
        await seeder.services.store.repos.transactions.scheduleCheck(tx.id, new Date());
        reconciled.push(tx);
      }

      processes = await Promise.all([startPayportProcess(db), startPayportProcess(db)]);
      const sends = messaged.flatMap((tx) => {
        const fields = signed(apsResponse(tx));
        return [0, 1, 2, 3].map((copy) => ({
          fields,
          channel: copy % 2 === 0 ? 'return' : 'webhook',
          target: processes[copy < 2 ? copy : 3 - copy]!,
        }));
      });
      answers = await runConcurrently(sends, 16, async (s) => {
        const answer = await postMessage(`${s.target.url}/payment/aps/${s.channel}`, s.fields);
        return { channel: s.channel, status: 'status' in answer ? answer.status : answer.error };
      });

      const repos = seeder.services.store.repos;
      await waitUntil(
        async () => {
          for (const tx of [...messaged, ...reconciled]) {
            if ((await repos.transactions.findById(tx.id))?.state !== 'done') return false;
          }
          const counts = await repos.events.countByStatus();
          return counts.pending === 0 && counts.delivered === MESSAGED + RECONCILED;
        },
        'every transaction done and every event delivered',
        45_000,
      );
    });
    after(async () => {
      await killAllProcesses();
      await seeder?.close();
      await sim?.close();
      await apsProxy?.close();
      await receiver?.close();
      await db?.cleanup();
    });

    test('both processes accept return and webhook messages: 303 and 200, never 5xx', () => {
      for (const a of answers) assert.equal(a.status, a.channel === 'return' ? 303 : 200);
    });

    test('each transaction changes state exactly once, whichever process got which copy', async () => {
      const repos = seeder.services.store.repos;
      for (const tx of messaged) {
        const changes = (await repos.transactionHistory.listByTransaction(tx.id)).filter((h) => h.fromState);
        assert.deepEqual(
          changes.map((h) => `${h.fromState}→${h.toState}`),
          ['draft→done'],
          tx.reference,
        );
      }
    });

    test('reconciliation on both processes checks each due transaction once and settles it', async () => {
      const repos = seeder.services.store.repos;
      for (const tx of reconciled) {
        assert.equal(apsProxy.counts.get(tx.reference), 1, `status checks of ${tx.reference}`);
        const changes = (await repos.transactionHistory.listByTransaction(tx.id)).filter((h) => h.fromState);
        assert.deepEqual(
          changes.map((h) => `${h.fromState}→${h.toState} ${h.channel}`),
          ['draft→done status_check'],
          tx.reference,
        );
      }
      assert.equal(apsProxy.overlaps(), 0);
    });

    test('nobody asks the provider about transactions that were not due', () => {
      for (const tx of messaged) assert.equal(apsProxy.counts.get(tx.reference), undefined, tx.reference);
    });

    test('event delivery on both processes delivers each event exactly once, never concurrently', () => {
      assert.equal(receiver.counts.size, MESSAGED + RECONCILED);
      for (const [id, count] of receiver.counts) assert.equal(count, 1, id);
      assert.equal(receiver.overlaps(), 0);
    });

    test('both processes shut down gracefully on SIGTERM', async () => {
      const codes = await Promise.all(processes.map((p) => p.stop()));
      assert.deepEqual(codes, [0, 0]);
    });
  });
}
