/** The benchmark scenarios of SPEC S16; each returns plain figures that run.ts turns into tables. */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signingString, verifySignature } from '../src/providers/aps/signature.js';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabaseOptions } from '../src/store/database.js';
import { copySqlite } from './database-alone.js';
import { BENCH_SECRET, seedBenchDatabase } from './fixtures.js';
import {
  createBenchDatabase,
  freePort,
  peakRssMb,
  root,
  runLoad,
  startChild,
  stopChild,
  type LoadResult,
} from './harness.js';

/** A database to run a scenario on. */
export interface BenchTarget {
  name: 'SQLite' | 'PostgreSQL';
  /** A fresh, empty database each call. */
  fresh(): Promise<FreshDatabase>;
}

/** A database for one scenario. */
export interface FreshDatabase {
  options: OpenDatabaseOptions;
  env: NodeJS.ProcessEnv;
  /** A copy of the database as it is now (it must be closed): a SQLite file or a PostgreSQL URL. */
  copy(): Promise<{ sqliteFile?: string; url?: string; drop(): Promise<void> }>;
  drop(): Promise<void>;
}

/** SQLite in a fresh data directory. */
export const sqliteTarget: BenchTarget = {
  name: 'SQLite',
  async fresh() {
    const dataDir = mkdtempSync(join(tmpdir(), 'payport-bench-db-'));
    return {
      options: { dataDir },
      env: { PAYPORT_DATA_DIR: dataDir },
      copy: async () => ({ sqliteFile: copySqlite(dataDir), drop: async () => {} }),
      drop: async () => {},
    };
  },
};

/** PostgreSQL in a fresh database, or undefined when it cannot be reached. */
export async function postgresTarget(baseUrl: string): Promise<BenchTarget | undefined> {
  const probe = await createBenchDatabase(baseUrl);
  if (!probe) return undefined;
  await probe.drop();
  return {
    name: 'PostgreSQL',
    async fresh() {
      const db = (await createBenchDatabase(baseUrl))!;
      const dataDir = mkdtempSync(join(tmpdir(), 'payport-bench-pg-'));
      return {
        options: { url: db.url, dataDir, poolSize: 20 },
        env: { DATABASE_URL: db.url, PAYPORT_DATA_DIR: dataDir },
        copy: async () => (await createBenchDatabase(baseUrl, db.name))!,
        drop: () => db.drop(),
      };
    },
  };
}

/** The bare Node.js server answering the same requests. */
export async function bareNode(bodies: string[]): Promise<LoadResult> {
  const port = await freePort();
  const child = await startChild(
    ['--import', 'tsx', join(root, 'bench/bare-server.ts')],
    { PORT: String(port) },
    async () => {
      const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '' });
      return res.ok;
    },
  );
  try {
    return await runLoad(`http://127.0.0.1:${port}/payment/aps/webhook`, bodies);
  } finally {
    await stopChild(child);
  }
}

/** Load runs per webhook figure; the median run (by throughput) is reported. */
export const WEBHOOK_RUNS = 3;

/**
 * payport's webhook, durable, in its own process: {@link WEBHOOK_RUNS} load runs of `messages` messages,
 * each for transactions of its own, against one server; reports the median run and the server's peak
 * RSS over all of them.
 */
export async function webhook(
  target: BenchTarget,
  stored: number,
  messages: number,
): Promise<LoadResult & { rssMb: number; seedSeconds: number; runs: LoadResult[] }> {
  const db = await target.fresh();
  try {
    const seedStart = Date.now();
    const store = openDatabase({ ...db.options, poolSize: 2 });
    const { bodies } = await seedBenchDatabase(store, {
      stored: Math.max(stored, messages * WEBHOOK_RUNS),
      messages: messages * WEBHOOK_RUNS,
      prefix: 'BENCH',
    });
    // What an operator does after a bulk load, and what autovacuum would otherwise do during the run.
    if (target.name === 'PostgreSQL') await sql`vacuum analyze`.execute(store.db);
    await store.close();
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const port = await freePort();
    const child = await startChild(
      [join(root, 'bin/payport.js'), 'start'],
      {
        ...db.env,
        PORT: String(port),
        PAYPORT_SECRET: BENCH_SECRET,
        LOG_LEVEL: 'warn',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
      },
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
    );
    try {
      const runs: LoadResult[] = [];
      for (let run = 0; run < WEBHOOK_RUNS; run++) {
        const slice = bodies.slice(run * messages, (run + 1) * messages);
        runs.push(await runLoad(`http://127.0.0.1:${port}/payment/aps/webhook`, slice));
      }
      const median = [...runs].sort((a, b) => a.throughput - b.throughput)[Math.floor(runs.length / 2)]!;
      return { ...median, runs, rssMb: peakRssMb(child.pid!), seedSeconds };
    } finally {
      await stopChild(child);
    }
  } finally {
    await db.drop();
  }
}

/** Signature verifications per second against hashing the same bytes with node:crypto directly. */
export function signatureThroughput(iterations: number): { verify: number; raw: number } {
  const fields: Record<string, string> = {
    command: 'PURCHASE',
    access_code: 'BenchAccessCode12345',
    merchant_identifier: 'BenchMerchant',
    merchant_reference: 'BENCH-00000001',
    amount: '10000',
    currency: 'SAR',
    language: 'en',
    customer_email: 'customer@example.com',
    fort_id: '169996210006464984',
    status: '14',
    response_code: '14000',
    response_message: 'Success',
  };
  const text = signingString(fields, 'bench-response-phrase');
  fields.signature = createHash('sha256').update(text).digest('hex');
  const time = (fn: () => void) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    return iterations / (Number(process.hrtime.bigint() - t0) / 1e9);
  };
  time(() => verifySignature(fields, 'bench-response-phrase', 'sha256'));
  const verify = time(() => verifySignature(fields, 'bench-response-phrase', 'sha256'));
  const raw = time(() => createHash('sha256').update(text, 'utf8').digest('hex'));
  return { verify, raw };
}
