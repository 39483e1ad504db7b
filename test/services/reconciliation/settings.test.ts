/**
 * The reconciliation worker started by payport follows the `RECONCILE_*` settings (S8): each is read
 * from the environment by `loadConfig` and reaches the worker through `startPayport`. The provider's
 * status check is held open by the test, so the number of checks running at once shows the batch size
 * and the concurrency the worker was given.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { apsProvider } from '../../../src/providers/aps/index.js';
import { ProviderCallError } from '../../../src/providers/errors.js';
import type { PaymentProvider } from '../../../src/providers/provider.js';
import { startPayport, type RunningPayport } from '../../../src/server.js';
import { createPaymentTransaction } from '../../../src/services/checkout.js';
import { startReconciliation } from '../../../src/services/reconciliation/index.js';
import { forEachDatabase, type TestDatabase } from '../../support/databases.js';
import { seedApsProvider, TEST_SECRET } from '../../support/payport.js';
import { startOperationsHarness } from '../operations/harness.js';

/** A status check that waits until the test lets it fail, counting how many run at once. */
class HeldStatusChecks {
  running = 0;
  mostAtOnce = 0;
  readonly asked: string[] = [];
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));

  provider(): PaymentProvider {
    return {
      ...apsProvider,
      checkStatus: async (_account, target) => {
        this.asked.push(target.reference);
        this.running += 1;
        this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
        await this.released;
        this.running -= 1;
        // A check without an answer: the transaction stays open and is asked again later.
        throw new ProviderCallError('timeout', 'no answer in time', {
          retryable: true,
          outcomeUnknown: true,
        });
      },
    };
  }

  open(): void {
    this.release();
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Starts payport with its workers on `db`, configured from `env` as `payport start` would be. */
async function startWith(
  db: TestDatabase,
  env: Record<string, string>,
  checks: HeldStatusChecks,
): Promise<RunningPayport> {
  const config = loadConfig({
    env: { PAYPORT_SECRET: TEST_SECRET, PUBLIC_URL: 'https://shop.example.com', ...env },
    cwd: mkdtempSync(join(tmpdir(), 'payport-reconcile-settings-')),
  });
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  return startPayport(config, {
    logger: createLogger('warn', quiet),
    clock: db.clock,
    listen: false,
    workers: true,
    database: db.location,
    providers: { aps: checks.provider() },
  });
}

/** Five drafts, then time moves past their first check (15 minutes after creation). */
async function dueDrafts(running: RunningPayport, db: TestDatabase): Promise<string[]> {
  const services = running.context.services;
  const provider = await seedApsProvider(services);
  const references: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const tx = await createPaymentTransaction(services, {
      providerId: provider.id,
      paymentMethod: 'card',
      amountMinor: 1000 + i,
      currency: 'SAR',
      customer: { email: 'buyer@example.com' },
      channel: 'system',
    });
    references.push(tx.reference);
  }
  db.clock.advance(16 * 60_000);
  return references;
}

forEachDatabase('the reconciliation worker follows the RECONCILE_* settings', (db) => {
  describe('batch size, concurrency and interval', () => {
    test('leases RECONCILE_BATCH_SIZE transactions at a time, even when more checks could run at once', async () => {
      const checks = new HeldStatusChecks();
      const running = await startWith(
        db,
        { RECONCILE_INTERVAL_MS: '100', RECONCILE_BATCH_SIZE: '3', RECONCILE_CONCURRENCY: '8' },
        checks,
      );
      try {
        const references = await dueDrafts(running, db);
        // The default 10 s interval would not start a round within the wait.
        await until(() => checks.running === 3, 'the first batch of checks');
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(checks.mostAtOnce, 3, 'one batch is three transactions');
        checks.open();
        await until(() => checks.asked.length === 5, 'the next batch');
        assert.deepEqual([...checks.asked].sort(), [...references].sort());
        assert.equal(checks.mostAtOnce, 3);
      } finally {
        checks.open();
        await running.close();
      }
    });

    test('runs at most RECONCILE_CONCURRENCY checks at once within a batch', async () => {
      const checks = new HeldStatusChecks();
      const running = await startWith(
        db,
        { RECONCILE_INTERVAL_MS: '100', RECONCILE_BATCH_SIZE: '10', RECONCILE_CONCURRENCY: '2' },
        checks,
      );
      try {
        const references = await dueDrafts(running, db);
        await until(() => checks.running === 2, 'the first checks');
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(checks.mostAtOnce, 2);
        checks.open();
        await until(() => checks.asked.length === 5, 'every due draft to be checked');
        assert.deepEqual([...checks.asked].sort(), [...references].sort());
        assert.equal(checks.mostAtOnce, 2);
      } finally {
        checks.open();
        await running.close();
      }
    });
  });
});

forEachDatabase('the reconciliation schedule limits from RECONCILE_*', (db) => {
  test('RECONCILE_ABANDON_AFTER_HOURS=2 cancels a draft APS never saw after two hours, not 24', async () => {
    const h = await startOperationsHarness(db);
    const settings = loadConfig({
      env: { PAYPORT_SECRET: TEST_SECRET, RECONCILE_ABANDON_AFTER_HOURS: '2' },
      cwd: mkdtempSync(join(tmpdir(), 'payport-reconcile-settings-')),
    }).reconciliation;
    const worker = startReconciliation(h.pp.services, { ...settings, autoStart: false });
    try {
      const draft = await h.draft();
      h.pp.clock.advance(15 * 60_000);
      await worker.runOnce();
      assert.equal((await h.reload(draft)).state, 'draft', 'APS does not know it yet, but it is young');
      assert.equal(h.sentFor(draft.reference, 'CHECK_STATUS').length, 1);

      h.pp.clock.advance(2 * 60 * 60_000);
      await worker.runOnce();
      const abandoned = await h.reload(draft);
      assert.equal(abandoned.state, 'cancel');
      assert.match(abandoned.stateMessage ?? '', /does not know this payment 2 hours after it was created/);
    } finally {
      await worker.stop();
      await h.close();
    }
  });
});
