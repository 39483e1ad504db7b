/** The benchmark scenarios of SPEC S16; each returns plain figures that run.ts turns into tables. */
import { createHash, hash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signingString, verifySignature } from '../src/providers/aps/signature.js';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabaseOptions, type Store } from '../src/store/database.js';
import { copySqlite } from './database-alone.js';
import { BENCH_RESPONSE_PHRASE, BENCH_SECRET, seedBenchDatabase, signedBodies } from './fixtures.js';
import {
  createBenchDatabase,
  freePort,
  payportNodeFlags,
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

/** How long and how big the load runs are (the smoke run of CI makes them tiny). */
export interface BenchSizes {
  /** Seconds of each load run. */
  seconds: number;
  /** Load runs per webhook figure; the median run (by throughput) is reported. */
  runs: number;
  /** Distinct signed messages prepared per load run (more than the run can send). */
  bodies: number;
}

/** A Node.js server of bench/ on the server's cores, ready when `probe` answers. */
async function benchServer(file: string, env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const child = await startChild(
    ['--import', 'tsx', join(root, 'bench', file)],
    { ...env, PORT: String(port) },
    async () => {
      await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '' });
      return true;
    },
  );
  return { port, child };
}

/**
 * Runs a PostgreSQL CHECKPOINT when the bench's role may (a superuser or `pg_checkpoint`); a role that
 * may not leaves the checkpoint to PostgreSQL's own schedule, as before.
 */
async function checkpoint(store: Store): Promise<void> {
  try {
    await sql`checkpoint`.execute(store.db);
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') throw error;
  }
}

/** A server of the first table: where its webhook is, its process, and the bodies of each load run. */
interface ComparedServer {
  url: string;
  pid: number;
  /** The messages of load run `run` (run `runs` is the warm-up). */
  slice(run: number): string[];
  stop(): Promise<void>;
}

/** The messages of load run `run` among `bodies` (run `sizes.runs` is the warm-up). */
function runSlice(bodies: readonly string[], sizes: BenchSizes, run: number): string[] {
  return bodies.slice(run * sizes.bodies, (run + 1) * sizes.bodies);
}

/** The bare Node.js server: it answers any body, so every run posts the same ones. */
async function startBare(bodies: string[]): Promise<ComparedServer> {
  const { port, child } = await benchServer('bare-server.ts', {});
  return {
    url: `http://127.0.0.1:${port}/payment/aps/webhook`,
    pid: child.pid!,
    slice: () => bodies,
    stop: () => stopChild(child),
  };
}

/** The floor of S16 (bench/floor-server.ts), each run for transactions of its own. */
async function startFloor(sizes: BenchSizes): Promise<ComparedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'payport-bench-floor-'));
  const { bodies } = await signedBodies('FLOOR', sizes.bodies * (sizes.runs + 1));
  const { port, child } = await benchServer('floor-server.ts', {
    FLOOR_DB: join(dir, 'floor.db'),
    FLOOR_PREFIX: 'FLOOR',
    FLOOR_STORED: String(sizes.bodies * (sizes.runs + 1)),
    FLOOR_PHRASE: BENCH_RESPONSE_PHRASE,
  });
  return {
    url: `http://127.0.0.1:${port}/payment/aps/webhook`,
    pid: child.pid!,
    slice: (run) => runSlice(bodies, sizes, run),
    stop: () => stopChild(child),
  };
}

/** A payport server (`payportServer`) as a server of a side-by-side comparison. */
function comparedPayport(server: PayportServer, sizes: BenchSizes): ComparedServer {
  return {
    url: `${server.url}/payment/aps/webhook`,
    pid: server.pid,
    slice: (run) => runSlice(server.bodies, sizes, run),
    stop: () => server.stop(),
  };
}

/**
 * Measures `servers` side by side: each gets its warm-up run (not counted: what is measured is a server
 * that has run — JIT-compiled code, warm caches — as in production; the first run of a cold server was
 * always the slowest), then the load runs go round them, so whatever the machine does meanwhile falls on
 * all of them alike. Returns each server's runs, in the order of `servers`.
 */
async function roundRobin(servers: readonly ComparedServer[], sizes: BenchSizes): Promise<LoadResult[][]> {
  for (const server of servers)
    await runLoad(server.url, server.slice(sizes.runs), { seconds: sizes.seconds });
  const runs: LoadResult[][] = servers.map(() => []);
  for (let run = 0; run < sizes.runs; run++)
    for (const [i, server] of servers.entries())
      runs[i]!.push(
        await runLoad(server.url, server.slice(run), { seconds: sizes.seconds, serverPid: server.pid }),
      );
  return runs;
}

/** What {@link webhookSideBySide} measured of one server: its median run (best, for the bare server). */
export type ComparedRun = LoadResult & { runs: LoadResult[] };

/** The first table of S16's webhook figures, every server measured side by side. */
export interface SideBySide {
  /** The bare Node.js server: its best run. */
  bare: ComparedRun;
  /** The floor: its median run. */
  floor: ComparedRun;
  /** payport on each target (by name), 10,000 stored: its median run, peak RSS and seeding time. */
  payport: Record<string, ComparedRun & { rssMb: number; seedSeconds: number }>;
}

/**
 * The webhook load on the bare Node.js server, the floor and payport on each target, side by side: every
 * server is started first (payport's on a seeded store of 10,000 transactions), each gets its warm-up
 * run, then the load runs go round the servers — bare, floor, payport on SQLite, on PostgreSQL, bare … —
 * so a machine that speeds up or slows down during the bench does so for all of them, and the ratios
 * compare servers measured under the same conditions (S16: "figures as ratios taken in one run").
 * Every server is pinned to the same core (wrk.ts) and idles while another is measured.
 */
export async function webhookSideBySide(
  targets: readonly BenchTarget[],
  sizes: BenchSizes,
): Promise<SideBySide> {
  const servers: ComparedServer[] = [];
  const payports: PayportServer[] = [];
  try {
    servers.push(await startBare(signedBodies('BARE', Math.min(sizes.bodies, 10_000)).bodies));
    servers.push(await startFloor(sizes));
    for (const target of targets) {
      const server = await payportServer(target, 10_000, sizes.bodies * (sizes.runs + 1));
      payports.push(server);
      servers.push(comparedPayport(server, sizes));
    }
    const [bareRuns, floorRuns, ...payportRuns] = await roundRobin(servers, sizes);
    const payport: SideBySide['payport'] = {};
    targets.forEach((target, t) => {
      const runs = payportRuns[t]!;
      payport[target.name] = {
        ...medianRun(runs),
        runs,
        rssMb: peakRssMb(payports[t]!.pid),
        seedSeconds: payports[t]!.seedSeconds,
      };
    });
    const best = bareRuns!.reduce((a, b) => (b.throughput > a.throughput ? b : a));
    return {
      bare: { ...best, runs: bareRuns! },
      floor: { ...medianRun(floorRuns!), runs: floorRuns! },
      payport,
    };
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** The run of median throughput among `runs` (the figure every table reports for a server). */
export function medianRun(runs: readonly LoadResult[]): LoadResult {
  return [...runs].sort((a, b) => a.throughput - b.throughput)[Math.floor(runs.length / 2)]!;
}

/** A running payport server of the bench (see {@link payportServer}). */
export interface PayportServer {
  url: string;
  /** Signed webhook bodies, one per seeded draft. */
  bodies: string[];
  seedSeconds: number;
  pid: number;
  db: FreshDatabase;
  stop(): Promise<void>;
}

/** A payport server (`payport start`) on a seeded `target` database, stopped by `stop()`. */
export async function payportServer(
  target: BenchTarget,
  stored: number,
  messages: number,
  /** Runs on the seeded store before the server starts (e.g. to create an API key). */
  prepare?: (store: Store) => Promise<void>,
): Promise<PayportServer> {
  const db = await target.fresh();
  const seedStart = Date.now();
  const store = openDatabase({ ...db.options, poolSize: 2 });
  const { bodies } = await seedBenchDatabase(store, {
    stored,
    messages,
    prefix: 'BENCH',
  });
  await prepare?.(store);
  if (target.name === 'PostgreSQL') {
    // What an operator does after a bulk load, and what autovacuum would otherwise do during the run.
    await sql`vacuum analyze`.execute(store.db);
    // The seeding's writes reach the data files now, not in a checkpoint that the seeding's WAL would
    // start during the measured runs (PostgreSQL: "checkpoints are occurring too frequently"), when
    // every page's first change is logged whole and the commits wait on that extra WAL.
    await checkpoint(store);
  }
  await store.close();
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const port = await freePort();
  const child = await startChild(
    [...payportNodeFlags(), join(root, 'bin/payport.js'), 'start'],
    {
      ...db.env,
      PORT: String(port),
      PAYPORT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
  );
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    seedSeconds,
    pid: child.pid!,
    db,
    async stop() {
      await stopChild(child);
      await db.drop();
    },
  };
}

/** One store size of {@link webhookAtSizes}: the median run of its server and all its runs. */
export type SizedRun = LoadResult & { seedSeconds: number; runs: LoadResult[] };

/**
 * The webhook at two store sizes, side by side: both servers are started (each on a store of its own
 * size), each gets its warm-up run, then the load runs alternate between them — small, large, small,
 * large … — so whatever the machine does meanwhile (it keeps getting faster for a minute or more after
 * the bench starts, and a shared machine slows down at any time) falls on both sizes alike, and the
 * ratio of their latencies is the store's size and nothing else.
 */
export async function webhookAtSizes(
  target: BenchTarget,
  stored: readonly [number, number],
  sizes: BenchSizes,
): Promise<[SizedRun, SizedRun]> {
  const servers: PayportServer[] = [];
  try {
    for (const count of stored)
      servers.push(await payportServer(target, count, sizes.bodies * (sizes.runs + 1)));
    const runs = await roundRobin(
      servers.map((server) => comparedPayport(server, sizes)),
      sizes,
    );
    const sized = (i: number): SizedRun => ({
      ...medianRun(runs[i]!),
      seedSeconds: servers[i]!.seedSeconds,
      runs: runs[i]!,
    });
    return [sized(0), sized(1)];
  } finally {
    for (const server of servers) await server.stop();
  }
}

/**
 * Signature verifications per second against hashing the same bytes with node:crypto directly: with
 * `createHash(…).update(…).digest('hex')` (the baseline of every round) and, where this Node.js has it
 * (20.12 and later), with the one-shot `hash`, which verification itself uses: the second ratio is what
 * verification adds to the hash it makes.
 */
export function signatureThroughput(iterations: number): {
  verify: number;
  raw: number;
  oneShot?: number;
} {
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
  const oneShot = typeof hash === 'function' ? time(() => hash('sha256', text, 'hex')) : undefined;
  return { verify, raw, oneShot };
}
