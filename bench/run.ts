/**
 * `npm run bench` (S16): webhook ingestion against a bare Node server and the database alone, on SQLite
 * and PostgreSQL; signature verification against raw hashing; page render latency; webhook latency with
 * 10 k and 1 M stored transactions; server memory under load. Every figure is taken in this one run and
 * reported as a ratio to its baseline; the tables are printed and written to docs/performance.md.
 * Sizes: BENCH_MESSAGES per load run (3000), BENCH_LARGE (1000000); PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { root, type LoadResult } from './harness.js';
import { renderLatency } from './render.js';
import { databaseAlone } from './database-alone.js';
import {
  bareNode,
  postgresTarget,
  signatureThroughput,
  sqliteTarget,
  webhook,
  WEBHOOK_RUNS,
  type BenchTarget,
} from './scenarios.js';

const messages = Number(process.env.BENCH_MESSAGES ?? 3000);
const largeCount = Number(process.env.BENCH_LARGE ?? 1_000_000);
const pgUrl =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

const fmt = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (n: number) => `${fmt(n * 100, 0)} %`;
const lines: string[] = [];
const out = (line = '') => {
  lines.push(line);
  console.log(line);
};

function check(result: LoadResult & { runs?: LoadResult[] }, expected: string): void {
  for (const run of result.runs ?? [result]) {
    const ok = run.statuses[expected] ?? 0;
    if (ok !== run.requests)
      throw new Error(`expected every answer to be ${expected}: ${JSON.stringify(run.statuses)}`);
  }
}

out('# payport performance');
out();
out(
  `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}.`,
);
out(
  `Each load run posts ${messages} genuine signed APS success messages for distinct transactions, once each, over 32 keep-alive connections from a separate process; every message is committed durably before its answer (SQLite WAL with synchronous=FULL; PostgreSQL default fsync). Each webhook figure is the median of ${WEBHOOK_RUNS} load runs against one server (each run for transactions of its own); the bare server is the best of 3.`,
);
out();

const targets: BenchTarget[] = [sqliteTarget];
const pg = await postgresTarget(pgUrl);
if (pg) targets.push(pg);
else out(`PostgreSQL at ${pgUrl.replace(/\/\/[^@]*@/, '//')} was not reachable: its rows are missing.`);

const { bodies } = await (async () => {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { openDatabase } = await import('../src/store/database.js');
  const { seedBenchDatabase } = await import('./fixtures.js');
  const store = openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'payport-bench-bodies-')) });
  try {
    return await seedBenchDatabase(store, { stored: messages, messages, prefix: 'BENCH' });
  } finally {
    await store.close();
  }
})();
// The baseline is the best of three runs: the machine's noise can only lower payport's ratios.
const bareRuns: LoadResult[] = [];
for (let i = 0; i < 3; i++) {
  const run = await bareNode(bodies);
  check(run, '200');
  bareRuns.push(run);
}
const bare = bareRuns.reduce((best, run) => (run.throughput > best.throughput ? run : best));

out('## Webhook ingestion (S16)');
out();
out(
  '| store | throughput (req/s) | p50 (ms) | p99 (ms) | vs bare Node.js server | vs ingestion without HTTP | vs the database alone | peak RSS (MB) |',
);
out('|---|---|---|---|---|---|---|---|');
out(
  `| bare Node.js server (baseline, best of ${bareRuns.length}: ${bareRuns.map((r) => fmt(r.throughput, 0)).join(' / ')} req/s) | ${fmt(bare.throughput, 0)} | ${fmt(bare.p50, 2)} | ${fmt(bare.p99, 2)} | 100 % | — | — | — |`,
);
const small: Record<string, LoadResult & { rssMb: number }> = {};
const large: Record<string, LoadResult> = {};
const aloneRows: string[] = [];
for (const target of targets) {
  const hook = await webhook(target, 10_000, messages);
  check(hook, '200');
  small[target.name] = hook;
  const { ingestion, alone } = await databaseAlone(target, messages);
  if ((ingestion.statuses.applied ?? 0) !== messages)
    throw new Error(`ingestion without HTTP: ${JSON.stringify(ingestion.statuses)}`);
  aloneRows.push(
    `| ${target.name} | ${fmt(ingestion.throughput, 0)} | ${fmt(ingestion.p99, 2)} | ${fmt(alone.throughput, 0)} | ${fmt(alone.statements / messages, 2)} | ${fmt(messages / alone.transactions, 1)} | ${pct(ingestion.throughput / alone.throughput)} |`,
  );
  out(
    `| ${target.name} (runs: ${hook.runs.map((r) => fmt(r.throughput, 0)).join(' / ')} req/s) | ${fmt(hook.throughput, 0)} | ${fmt(hook.p50, 2)} | ${fmt(hook.p99, 2)} | ${pct(hook.throughput / bare.throughput)} | ${pct(hook.throughput / ingestion.throughput)} | ${pct(hook.throughput / alone.throughput)} | ${fmt(hook.rssMb, 0)} |`,
  );
}
out();
out(
  '| store | ingestion without HTTP (msg/s) | its p99 (ms) | the database alone (msg/s) | statements per message | messages per transaction | ingestion vs database alone |',
);
out('|---|---|---|---|---|---|---|');
for (const row of aloneRows) out(row);
out();
out(
  '"Ingestion without HTTP" runs the same ingestion service (record the message, lock the transaction, verify, apply the state change, write its history, commit) in-process with 32 concurrent callers. "The database alone" replays every statement that run sent to the driver (the same SQL, parameters and transactions, on as many connections) with the bare driver on a copy of the database taken before the run: the floor the database sets.',
);
out();

out('## Webhook latency with many stored transactions (S16)');
out();
out('| store | stored transactions | throughput (req/s) | p50 (ms) | p99 (ms) | p99 vs 10 k |');
out('|---|---|---|---|---|---|');
for (const target of targets) {
  const base = small[target.name]!;
  out(
    `| ${target.name} | 10,000 | ${fmt(base.throughput, 0)} | ${fmt(base.p50, 2)} | ${fmt(base.p99, 2)} | 1.00 × |`,
  );
  const big = await webhook(target, largeCount, messages);
  check(big, '200');
  large[target.name] = big;
  out(
    `| ${target.name} | ${largeCount.toLocaleString('en-US')} | ${fmt(big.throughput, 0)} | ${fmt(big.p50, 2)} | ${fmt(big.p99, 2)} | ${fmt(big.p99 / base.p99, 2)} × (seeding${target.name === 'PostgreSQL' ? ' and VACUUM ANALYZE' : ''} took ${fmt(big.seedSeconds, 0)} s) |`,
  );
}
out();

out('## Signature verification (S16)');
out();
const sig = signatureThroughput(200_000);
out('| operation | per second | ratio |');
out('|---|---|---|');
out(`| SHA-256 of the same signing string with node:crypto (baseline) | ${fmt(sig.raw, 0)} | 100 % |`);
out(
  `| payport verifySignature (sort, build the string, hash, constant-time compare) | ${fmt(sig.verify, 0)} | ${pct(sig.verify / sig.raw)} |`,
);
out();

out('## Page render latency (S16)');
out();
const render = await renderLatency(400);
out('| page | p50 (ms) | p99 (ms) |');
out('|---|---|---|');
for (const row of render) out(`| ${row.name} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} |`);
out();
out(
  "Render latency is measured in-process (Fastify inject), so it is the server-side time to build the page, including the database reads and, for the redirect form, the draft transaction's commit.",
);

out();
out('## Against the targets of issue #9 (this run)');
out();
out('| target | measured | verdict |');
out('|---|---|---|');
const verdict = (ok: boolean) => (ok ? 'met' : 'not met');
for (const [name, share] of [
  ['SQLite', 0.25],
  ['PostgreSQL', 0.2],
] as const) {
  const r = small[name];
  if (!r) continue;
  const ratio = r.throughput / bare.throughput;
  out(
    `| ${name} webhook ≥ ${pct(share)} of the bare server, p99 ≤ 50 ms | ${pct(ratio)}, p99 ${fmt(r.p99, 0)} ms | ${verdict(ratio >= share && r.p99 <= 50)} |`,
  );
}
for (const target of targets) {
  const r = small[target.name]!;
  const big = large[target.name]!;
  out(
    `| ${target.name}: p99 at ${largeCount.toLocaleString('en-US')} stored ≤ 1.5 × p99 at 10 k | ${fmt(big.p99 / r.p99, 2)} × | ${verdict(big.p99 / r.p99 <= 1.5)} |`,
  );
  out(
    `| ${target.name}: server RSS under the webhook load < 200 MB | ${fmt(r.rssMb, 0)} MB | ${verdict(r.rssMb < 200)} |`,
  );
}
out();
out(readFileSync(join(root, 'bench/analysis.md'), 'utf8').trimEnd());
writeFileSync(join(root, 'docs/performance.md'), `${lines.join('\n')}\n`);
console.log('\nwritten to docs/performance.md');
