/**
 * S15 "nothing acknowledged is ever lost": a real `payport start` process is killed with SIGKILL in the
 * middle of a load of webhook messages. After a restart on the same database, every message it answered
 * 2xx is there and applied; every other one, sent again as APS' retries would, is applied exactly once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPaymentTransaction } from '../../src/services/checkout.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { apsResponse, signed } from '../support/aps-messages.js';
import { TEST_DATABASE_URL } from '../support/databases.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../support/payport.js';
import {
  clockAtNow,
  killAllProcesses,
  postMessage,
  postgresDatabase,
  runConcurrently,
  sqliteDatabase,
  startPayportProcess,
  type PayportProcess,
  type SharedDatabase,
} from './helpers.js';

const TRANSACTIONS = 240;
const CONCURRENCY = 16;
/** Answers received before the kill. */
const KILL_AFTER = 60;

type Answer = { status: number } | { error: string };

function defineKillSuite(kind: 'sqlite' | 'postgres', open: () => Promise<SharedDatabase>): void {
  describe(`kill -9 in the middle of a load [${kind}]`, () => {
    let db: SharedDatabase;
    let seeder: TestPayport;
    let transactions: TransactionRecord[] = [];
    let messages: Record<string, string>[] = [];
    let answers: Answer[] = [];
    let restarted: PayportProcess;
    let resent: Answer[] = [];

    const acknowledged = (a: Answer | undefined) => a !== undefined && 'status' in a && a.status === 200;

    before(async () => {
      db = await open();
      seeder = await createTestPayport({ database: db.location, clock: clockAtNow() });
      const provider = await seedApsProvider(seeder.services);
      transactions = await runConcurrently(
        Array.from({ length: TRANSACTIONS }, (_, i) => i),
        8,
        () =>
          createPaymentTransaction(seeder.services, {
            providerId: provider.id,
            paymentMethod: 'card',
            amountMinor: 25_000,
            currency: 'SAR',
            customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
            channel: 'system',
          }),
      );
      messages = transactions.map((tx) => signed(apsResponse(tx)));

      const first = await startPayportProcess(db);
      answers = new Array<Answer>(messages.length);
      let answered = 0;
      let killing: Promise<void> | undefined;
      await runConcurrently(messages, CONCURRENCY, async (fields, i) => {
        if (killing) return; // the server is gone: the rest were never sent
        const answer = await postMessage(`${first.url}/payment/aps/webhook`, fields);
        answers[i] = answer;
        if ('status' in answer && ++answered === KILL_AFTER) killing = first.kill();
      });
      await killing;

      restarted = await startPayportProcess(db);
      // APS retries whatever it did not see acknowledged.
      resent = await runConcurrently(messages, CONCURRENCY, (fields, i) =>
        acknowledged(answers[i])
          ? Promise.resolve<Answer>({ status: 0 })
          : postMessage(`${restarted.url}/payment/aps/webhook`, fields),
      );
    });
    after(async () => {
      await killAllProcesses();
      await seeder?.close();
      await db?.cleanup();
    });

    test('the process was killed while messages were still in flight', () => {
      const ok = answers.filter(acknowledged).length;
      assert.ok(ok >= KILL_AFTER, `${ok} acknowledged`);
      assert.ok(ok < messages.length, 'some messages were not acknowledged before the kill');
    });

    test('every message answered 200 before the kill is recorded and applied', async () => {
      const repos = seeder.services.store.repos;
      for (const [i, tx] of transactions.entries()) {
        if (!acknowledged(answers[i])) continue;
        const notifications = await repos.notifications.listByTransaction(tx.id);
        assert.ok(
          notifications.some((n) => n.outcome === 'applied' && n.channel === 'webhook'),
          `${tx.reference}: its acknowledged message is in the notification log`,
        );
        assert.equal((await repos.transactions.findById(tx.id))?.state, 'done', tx.reference);
      }
    });

    test('the restarted process acknowledges every message sent again', () => {
      for (const [i, answer] of resent.entries()) {
        if (acknowledged(answers[i])) continue;
        assert.deepEqual(answer, { status: 200 }, transactions[i]!.reference);
      }
    });

    test('every transaction ends done with exactly one state change', async () => {
      const repos = seeder.services.store.repos;
      for (const tx of transactions) {
        assert.equal((await repos.transactions.findById(tx.id))?.state, 'done', tx.reference);
        const changes = (await repos.transactionHistory.listByTransaction(tx.id)).filter(
          (h) => h.fromState !== null,
        );
        assert.deepEqual(
          changes.map((h) => `${h.fromState}→${h.toState}`),
          ['draft→done'],
          tx.reference,
        );
      }
    });

    test('a message committed but not answered before the kill is a harmless duplicate when sent again', async () => {
      const repos = seeder.services.store.repos;
      for (const [i, tx] of transactions.entries()) {
        if (acknowledged(answers[i])) continue;
        const outcomes = (await repos.notifications.listByTransaction(tx.id)).map((n) => n.outcome);
        assert.equal(outcomes.filter((o) => o === 'applied').length, 1, `${tx.reference}: ${outcomes}`);
        assert.ok(
          outcomes.every((o) => o === 'applied' || o === 'duplicate'),
          `${tx.reference}: ${outcomes}`,
        );
      }
    });

    test('the restarted process shuts down gracefully on SIGTERM', async () => {
      assert.equal(await restarted.stop(), 0);
    });
  });
}

defineKillSuite('sqlite', async () => sqliteDatabase());
if (TEST_DATABASE_URL) {
  const url = TEST_DATABASE_URL;
  defineKillSuite('postgres', () => postgresDatabase(url));
} else {
  describe('kill -9 in the middle of a load [postgres]', { skip: 'TEST_DATABASE_URL not set' }, () => {});
}
