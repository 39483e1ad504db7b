/**
 * `npm run bench:profile [-- postgres] [api]`: runs the webhook load of `npm run bench` (or, with `api`,
 * the load of `POST /api/v1/transactions`) against a payport
 * server started with `--cpu-prof`, then prints where the server's main thread spent its time — the 30
 * functions with the most self time and the 30 with the most inclusive time. The `.cpuprofile` file is
 * kept (its path is printed) for Chrome DevTools. PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/store/database.js';
import { BENCH_SECRET, seedBenchDatabase } from './fixtures.js';
import {
  createBenchDatabase,
  ensureBuilt,
  freePort,
  root,
  runLoad,
  startChild,
  payportNodeFlags,
  stopChild,
} from './harness.js';
import { ensureWrk } from './wrk.js';
import { API_BODY } from './api-create.js';
import { createApiKey } from '../src/services/api/api-keys.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

ensureWrk();
await ensureBuilt();
const usePostgres = process.argv.includes('postgres');
const useApi = process.argv.includes('api');
const pgUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const profileDir = mkdtempSync(join(tmpdir(), 'payport-profile-'));
const dataDir = mkdtempSync(join(tmpdir(), 'payport-profile-db-'));
const pg = usePostgres ? await createBenchDatabase(pgUrl) : undefined;
if (usePostgres && !pg) throw new Error(`PostgreSQL at ${pgUrl} is not reachable`);

try {
  const store = openDatabase({ dataDir, ...(pg && { url: pg.url }) });
  const { bodies } = await seedBenchDatabase(store, { stored: 10_000, messages: 100_000, prefix: 'BENCH' });
  const key = useApi ? (await createApiKey({ store }, { name: 'profile' })).key : '';
  await store.close();
  const port = await freePort();
  const child = await startChild(
    [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
      ...payportNodeFlags(),
      join(root, 'bin/payport.js'),
      'start',
    ],
    {
      PAYPORT_DATA_DIR: dataDir,
      ...(pg && { DATABASE_URL: pg.url }),
      PORT: String(port),
      PAYPORT_SECRET: BENCH_SECRET,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
  );
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const result = useApi
    ? await runLoad(`http://127.0.0.1:${port}/api/v1/transactions`, [API_BODY], {
        seconds,
        contentType: 'application/json',
        headers: [`Authorization: Bearer ${key}`],
        serverPid: child.pid!,
      })
    : await runLoad(`http://127.0.0.1:${port}/payment/aps/webhook`, bodies, {
        seconds,
        serverPid: child.pid!,
      });
  await stopChild(child);
  console.log(
    `${useApi ? 'POST /api/v1/transactions' : 'webhook'} on ${usePostgres ? 'PostgreSQL' : 'SQLite'}: ${Math.round(result.throughput)} req/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, server CPU ${result.cpuMsPerRequest?.toFixed(3)} ms a request`,
  );
  // The main thread's profile is the largest file.
  const file = readdirSync(profileDir)
    .map((name) => join(profileDir, name))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  report(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  console.log(`\nprofile: ${file}`);
} finally {
  await pg?.drop();
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/.*node_modules\//, '').replace(`file://${root}`, '');
  return `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
}

function report(profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const samples = new Map<number, number>();
  for (const id of profile.samples) samples.set(id, (samples.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, count] of samples) {
    total += count;
    const own = label(byId.get(id)!);
    self.set(own, (self.get(own) ?? 0) + count);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + count);
    }
  }
  const top = (title: string, table: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, count] of [...table]
      .filter(([name]) => !name.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30))
      console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}`);
  };
  top('self time (share of all samples, idle included)', self);
  top('inclusive time', inclusive);
}
