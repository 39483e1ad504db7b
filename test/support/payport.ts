/**
 * A payport app for tests: built in-process on a fresh database (SQLite, or the PostgreSQL schema of a
 * `forEachDatabase` block), with a manual clock and an APS provider seeded with known credentials.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ManualClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { newProviderConfig, type ProviderConfig } from '../../src/domain/provider.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport, type RunningPayport, type StartOptions } from '../../src/server.js';
import type { ServiceContext } from '../../src/services/context.js';
import { toProviderPatch } from '../../src/services/provider-accounts.js';
import type { OpenDatabaseOptions } from '../../src/store/database.js';

/** Credentials of the seeded APS provider. */
export const TEST_CREDENTIALS = {
  merchantIdentifier: 'TestMerchant01',
  accessCode: 'AccessCode1234567890',
  shaRequestPhrase: 'request-phrase-$ecret',
  shaResponsePhrase: 'response-phrase-$ecret',
} as const;

/** The payport secret of every test payport. */
export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/** A running test payport plus what tests need to reach into it. */
export interface TestPayport {
  running: RunningPayport;
  services: ServiceContext;
  clock: ManualClock;
  /** Every log line written, for secret scans. */
  logs: string[];
  close(): Promise<void>;
}

/** Options of {@link createTestPayport}. */
export interface TestPayportOptions extends Pick<StartOptions, 'providers'> {
  database?: Partial<OpenDatabaseOptions>;
  publicUrl?: string;
  clock?: ManualClock;
  listen?: boolean;
  /** Which addresses event endpoints may reach (tests with receivers on loopback allow `loopback`). */
  eventTargets?: Config['eventTargets'];
}

/** Builds a payport app on a fresh SQLite directory (or the given database). */
export async function createTestPayport(options: TestPayportOptions = {}): Promise<TestPayport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-app-test-'));
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    publicUrl: options.publicUrl ?? 'https://shop.example.com',
    databaseUrl: options.database?.url,
    dataDir,
    secret: TEST_SECRET,
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'info',
    ...(options.eventTargets && { eventTargets: options.eventTargets }),
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const clock = options.clock ?? new ManualClock('2026-03-01T10:00:00.000Z');
  const running = await startPayport(config, {
    logger: createLogger('info', sink),
    clock,
    listen: options.listen ?? false,
    database: { ...options.database, clock },
    ...(options.providers && { providers: options.providers }),
  });
  return { running, services: running.context.services, clock, logs, close: () => running.close() };
}

/** Stores an APS provider (Test state, published, card + local methods) and returns it. */
export async function seedApsProvider(
  services: ServiceContext,
  overrides: Partial<ProviderConfig> = {},
): Promise<ProviderConfig> {
  const record = await services.store.repos.providers.insert({
    code: 'aps',
    name: overrides.name ?? 'Amazon Payment Services',
  });
  const config = newProviderConfig({
    id: record.id,
    name: 'Amazon Payment Services',
    state: 'test',
    isPublished: true,
    ...TEST_CREDENTIALS,
    shaType: 'sha256',
    paymentMethods: ['card', 'mada', 'knet'],
    ...overrides,
  });
  await services.store.repos.providers.update(record.id, toProviderPatch(config, services.secretBox));
  return config;
}
