/**
 * Operations and reconciliation against the real APS simulator: the simulator listens on 127.0.0.1
 * (manual timers, so slow answers and pending settlements move only when a test says so), its
 * Notifications go to a local receiver (so tests decide whether, when and how often payport gets
 * them), and payport's APS provider has a short client timeout and counts every paymentApi request.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createApsProvider } from '../../../src/providers/aps/index.js';
import { createPaymentTransaction, redirectFor } from '../../../src/services/checkout.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import type { TestDatabase } from '../../support/databases.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../../support/payport.js';
import { formOf, ManualTimers, pay, startReceiver, type Receiver } from '../../simulator/helpers.js';

/** One paymentApi request payport sent. */
export interface SentRequest {
  command: string;
  reference: string;
  body: Record<string, string>;
}

/**
 * Client timeout of payport's APS provider in these tests: long enough for a loaded machine to answer in
 * time. Slow answers never come until a test moves the simulator's manual timers, so whether a call
 * times out is decided by the test, not by the machine's speed.
 */
export const CLIENT_TIMEOUT_MS = 1_500;
/** Delay before the simulator settles a pending payment (manual timers). */
export const PENDING_RESOLUTION_MS = 5_000;

/** A payport and a simulator wired together. */
export interface OperationsHarness {
  pp: TestPayport;
  sim: Simulator;
  simUrl: string;
  timers: ManualTimers;
  receiver: Receiver;
  providerId: string;
  sent: SentRequest[];
  /** The paymentApi requests about `reference` with `command`. */
  sentFor(reference: string, command?: string): SentRequest[];
  /** A payment paid on the hosted page with `holder` as card holder, its return applied. */
  payment(options?: { amountMinor?: number; holder?: string }): Promise<TransactionRecord>;
  /** A draft payment that never reached the provider. */
  draft(amountMinor?: number): Promise<TransactionRecord>;
  reload(tx: TransactionRecord): Promise<TransactionRecord>;
  children(tx: TransactionRecord): Promise<TransactionRecord[]>;
  /** The simulator's ledger of one order. */
  ledger(reference: string): Promise<SimBooks>;
  /**
   * The next `count` maintenance requests reach the simulator, which processes them, but their answers
   * are lost on the way back (payport sees HTTP 502).
   */
  loseAnswers(count: number): void;
  faults(faults: Record<string, unknown>): Promise<void>;
  /** The Notifications received so far about `reference`. */
  notificationsFor(reference: string): Record<string, string>[];
  /** Waits until `count` Notifications with `command` about `reference` were received; returns them. */
  waitForNotifications(reference: string, command: string, count: number): Promise<Record<string, string>[]>;
  close(): Promise<void>;
}

/** An order's books at the simulator. */
export interface SimBooks {
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  voided: boolean;
}

/** Starts a harness on `db`; `captureManually` makes payments authorizations (S9 manual capture). */
export async function startOperationsHarness(
  db: TestDatabase,
  options: { captureManually?: boolean } = {},
): Promise<OperationsHarness> {
  const timers = new ManualTimers();
  const sim = createSimulator({
    timers,
    feedbackRetry: { attempts: 1, intervalMs: 1_000 },
    pendingResolutionMs: PENDING_RESOLUTION_MS,
    logger: false,
  });
  await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const simUrl = `http://127.0.0.1:${(sim.app.server.address() as AddressInfo).port}`;
  const receiver = await startReceiver();
  const configured = await sim.app.inject({
    method: 'PUT',
    url: `/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`,
    payload: {
      accessCode: TEST_CREDENTIALS.accessCode,
      shaRequestPhrase: TEST_CREDENTIALS.shaRequestPhrase,
      shaResponsePhrase: TEST_CREDENTIALS.shaResponsePhrase,
      shaType: 'sha256',
      redirectionUrl: 'https://shop.example.com/payment/aps/return',
      directFeedbackUrl: '',
      notificationUrl: receiver.url,
    },
  });
  assert.ok(configured.statusCode < 300, configured.body);

  const sent: SentRequest[] = [];
  let answersToLose = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, string>;
    const command = body.query_command ?? body.command ?? '';
    sent.push({ command, reference: body.merchant_reference ?? '', body });
    const response = await fetch(input, init);
    if (answersToLose > 0 && command !== 'CHECK_STATUS') {
      answersToLose -= 1;
      await response.arrayBuffer();
      return new Response('bad gateway', { status: 502 });
    }
    return response;
  };
  const pp = await createTestPayport({
    database: db.location,
    providers: { aps: createApsProvider({ fetch: countingFetch, timeoutMs: CLIENT_TIMEOUT_MS }) },
  });
  const provider = await seedApsProvider(pp.services, {
    customBaseUrl: simUrl,
    captureManually: options.captureManually ?? false,
  });
  const ctx = pp.services;

  const draft = (amountMinor = 10_000) =>
    createPaymentTransaction(ctx, {
      providerId: provider.id,
      paymentMethod: 'card',
      amountMinor,
      currency: 'SAR',
      customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
      channel: 'system',
    });

  const harness: OperationsHarness = {
    pp,
    sim,
    simUrl,
    timers,
    receiver,
    providerId: provider.id,
    sent,
    sentFor: (reference, command) =>
      sent.filter((s) => s.reference === reference && (command === undefined || s.command === command)),
    draft,
    async payment({ amountMinor = 10_000, holder = 'Jane Doe' } = {}) {
      const tx = await draft(amountMinor);
      const form = await redirectFor(ctx, tx);
      const { page } = await pay(sim.app, form.fields, { card_holder_name: holder });
      const returned = formOf(page.body).fields;
      const result = await ingestMessage(ctx, { providerCode: 'aps', channel: 'return', fields: returned });
      assert.equal(result.outcome, 'applied', `return of ${tx.reference}: ${result.outcome}`);
      return harness.reload(tx);
    },
    async reload(tx) {
      const fresh = await ctx.store.repos.transactions.findById(tx.id);
      assert.ok(fresh, `transaction ${tx.reference} exists`);
      return fresh;
    },
    children: (tx) => ctx.store.repos.transactions.listChildren(tx.id),
    async ledger(reference) {
      const res = await sim.app.inject({ method: 'GET', url: `/_sim/transactions/${reference}` });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { transaction: SimBooks }).transaction;
    },
    loseAnswers(count) {
      answersToLose = count;
    },
    async faults(faults) {
      const res = await sim.app.inject({ method: 'PUT', url: '/_sim/faults', payload: faults });
      assert.ok(res.statusCode < 300, res.body);
    },
    notificationsFor: (reference) =>
      receiver.received.map((r) => r.fields).filter((f) => f.merchant_reference === reference),
    async waitForNotifications(reference, command, count) {
      const matching = () => harness.notificationsFor(reference).filter((f) => f.command === command);
      while (matching().length < count) await receiver.waitFor(receiver.received.length + 1);
      return matching();
    },
    async close() {
      await pp.close();
      await sim.close();
      await receiver.close();
    },
  };
  return harness;
}

/** A second payport process on the same database and provider as `h` (another worker), counting its requests. */
export async function startSecondPayport(
  db: TestDatabase,
  h: OperationsHarness,
): Promise<{
  pp: TestPayport;
  sentFor(reference: string, command?: string): SentRequest[];
  close(): Promise<void>;
}> {
  const sent: SentRequest[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, string>;
    sent.push({
      command: body.query_command ?? body.command ?? '',
      reference: body.merchant_reference ?? '',
      body,
    });
    return fetch(input, init);
  };
  const pp = await createTestPayport({
    database: db.location,
    clock: h.pp.clock,
    providers: { aps: createApsProvider({ fetch: countingFetch, timeoutMs: CLIENT_TIMEOUT_MS }) },
  });
  return {
    pp,
    sentFor: (reference, command) =>
      sent.filter((s) => s.reference === reference && (command === undefined || s.command === command)),
    close: () => pp.close(),
  };
}
