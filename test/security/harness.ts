/**
 * The security suites' payport: the whole app as `payport start` builds it (customer pages, APS entry
 * points, back office, API), a seeded APS provider with known credentials, signed-in admin and operator
 * clients, an API key, one open draft payment — and a snapshot of everything that a refused request
 * must leave untouched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ManualClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { ProviderConfig } from '../../src/domain/provider.js';
import type { AppOptions } from '../../src/http/app.js';
import { paymentPayUrl } from '../../src/http/public/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport, type RunningPayport } from '../../src/server.js';
import { API_SCOPES, createApiKey } from '../../src/services/api/api-keys.js';
import { addUser } from '../../src/services/auth/users.js';
import { createPaymentTransaction } from '../../src/services/checkout.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { AdminClient } from '../http/admin/helpers.js';
import { seedApsProvider } from '../support/payport.js';

/** Password of every user the harness creates. */
export const PASSWORD = 'correct horse battery staple';
/** Secret of the harness' configuration (token signing, encryption at rest). */
export const APP_SECRET = 'security-suite-secret-0123456789-abcdefghij';

/** Everything a refused request must not change. */
export interface StateSnapshot {
  counts: Record<string, number>;
  transactions: unknown[];
  providers: unknown[];
}

/** The running app and its actors. */
export interface SecurityApp {
  running: RunningPayport;
  app: FastifyInstance;
  services: ServiceContext;
  clock: ManualClock;
  /** Every log line written so far. */
  logs: string[];
  provider: ProviderConfig;
  admin: AdminClient;
  operator: AdminClient;
  apiKey: string;
  /** An open draft payment (card, 125.00 SAR). */
  draft: TransactionRecord;
  /** A signed `/payment/pay` path for 125.00 SAR. */
  payPath: string;
  /** A new client without cookies. */
  client(): AdminClient;
  /** `app.inject` with an optional API key. */
  inject(options: InjectOptions & { apiKey?: string }): Promise<LightMyRequestResponse>;
  /** Rows that refused requests must leave alone (notifications excluded: APS messages are recorded first). */
  snapshot(): Promise<StateSnapshot>;
  /** The number of stored notifications. */
  notificationCount(): Promise<number>;
  close(): Promise<void>;
}

const COUNTED_TABLES = [
  'providers',
  'transactions',
  'transaction_history',
  'payment_links',
  'users',
  'api_keys',
  'idempotency_keys',
  'event_endpoints',
  'events',
  'event_deliveries',
] as const;

/** Starts the app; `listen` binds 127.0.0.1 on a random port (for the simulator's callbacks). */
export async function startSecurityApp(
  options: { http?: AppOptions; listen?: boolean; publicUrl?: string } = {},
): Promise<SecurityApp & { address: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-security-test-'));
  const logs: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    publicUrl: options.publicUrl ?? 'https://shop.example.com',
    databaseUrl: undefined,
    dataDir,
    secret: APP_SECRET,
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'info',
  };
  const running = await startPayport(config, {
    listen: false,
    workers: false,
    logger,
    clock,
    ...(options.http && { http: options.http }),
  });
  const app = running.app;
  const address = options.listen ? await app.listen({ port: 0, host: '127.0.0.1' }) : config.publicUrl;
  if (!options.listen) await app.ready();
  const services = running.context.services;
  const provider = await seedApsProvider(services);
  await addUser(running.store, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
  await addUser(running.store, { email: 'ops@example.com', role: 'operator', password: PASSWORD });
  const admin = new AdminClient(app);
  await admin.signIn('admin@example.com', PASSWORD);
  const operator = new AdminClient(app);
  await operator.signIn('ops@example.com', PASSWORD);
  const apiKey = (await createApiKey(services, { name: 'security suite', scopes: [...API_SCOPES] })).key;
  const draft = await createPaymentTransaction(services, {
    providerId: provider.id,
    paymentMethod: 'card',
    amountMinor: 12500,
    currency: 'SAR',
    orderReference: 'INV/2026/0042',
    customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
    channel: 'system',
  });
  const payUrl = new URL(
    paymentPayUrl(services, {
      amount: '125.00',
      currency: 'SAR',
      reference: 'INV-7',
      email: 'buyer@example.com',
    }),
  );
  const db = running.store.db;

  return {
    running,
    app,
    services,
    clock,
    logs,
    provider,
    admin,
    operator,
    apiKey,
    draft,
    payPath: `${payUrl.pathname}${payUrl.search}`,
    address,
    client: () => new AdminClient(app),
    inject({ apiKey: key, ...request }) {
      const headers = { ...(request.headers ?? {}) };
      if (key !== undefined) headers.authorization = `Bearer ${key}`;
      return app.inject({ ...request, headers });
    },
    async snapshot() {
      const counts: Record<string, number> = {};
      for (const table of COUNTED_TABLES) {
        const row = await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        counts[table] = Number(row.n);
      }
      const transactions = await db
        .selectFrom('transactions')
        .select([
          'id',
          'state',
          'state_message',
          'provider_reference',
          'card_brand',
          'card_last4',
          'amount',
          'currency',
          'customer_email',
          'customer_name',
        ])
        .orderBy('id')
        .execute();
      const providers = await db.selectFrom('providers').selectAll().orderBy('id').execute();
      return { counts, transactions, providers };
    },
    async notificationCount() {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
