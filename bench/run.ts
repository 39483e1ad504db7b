/**
 * `npm run bench` (S16): every figure of S16 in one run, each as a ratio to its baseline taken in the
 * same run — webhook ingestion against a bare Node.js server, the minimal durable "floor" server and the
 * database alone (SQLite and PostgreSQL); `POST /api/v1/transactions`; signature verification against
 * raw hashing; page render latency; webhook latency with 10 k and 1 M stored transactions; the server's
 * memory under load. The load generator is wrk (bench/wrk.ts). The tables are printed and written to
 * docs/performance.md.
 *
 * `npm run bench -- --smoke` (or BENCH_SMOKE=1) is the short run CI makes: every figure is produced,
 * tiny and meaningless, and nothing is written unless BENCH_OUT names a file. No threshold fails a run.
 * Sizes: BENCH_SECONDS per load run (5), BENCH_LARGE stored transactions (1000000).
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { apiCreate } from './api-create.js';
import { databaseAlone } from './database-alone.js';
import { ensureBuilt, root } from './harness.js';
import { renderLatency } from './render.js';
import {
  postgresTarget,
  signatureThroughput,
  sqliteTarget,
  webhookAtSizes,
  webhookSideBySide,
  type BenchSizes,
  type BenchTarget,
} from './scenarios.js';
import { ensureWrk, LOAD_CPUS, SERVER_CPUS, type LoadResult } from './wrk.js';

const smoke = process.argv.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const sizes: BenchSizes = smoke
  ? { seconds: 1, runs: 1, bodies: 3000 }
  : { seconds: Number(process.env.BENCH_SECONDS ?? 5), runs: 3, bodies: 60_000 };
const largeCount = Number(process.env.BENCH_LARGE ?? (smoke ? 20_000 : 1_000_000));
const aloneMessages = smoke ? 300 : 3000;
const outFile = process.env.BENCH_OUT ?? (smoke ? undefined : join(root, 'docs/performance.md'));
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
const cpu = (r: LoadResult) => (r.cpuMsPerRequest === undefined ? '—' : fmt(r.cpuMsPerRequest, 3));
const runsOf = (r: { runs: LoadResult[] }) => r.runs.map((x) => fmt(x.throughput, 0)).join(' / ');

/** Every answer of a load run was a success (wrk counts 4xx/5xx and socket errors). */
function check(name: string, result: LoadResult & { runs?: LoadResult[] }): void {
  for (const run of result.runs ?? [result])
    if (run.errors > 0) throw new Error(`${name}: ${run.errors} of ${run.requests} answers were errors`);
}

ensureWrk();
await ensureBuilt();
const wrkVersion =
  spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() ?? 'wrk';

out('# payport performance');
out();
out(
  `Measured by \`npm run bench\`${smoke ? ' (smoke run: figures without meaning)' : ''} on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node.js ${process.version}, load from ${wrkVersion.split(' [')[0]}.`,
);
out(
  `The load generator is wrk with one thread and 32 keep-alive connections${LOAD_CPUS ? `, pinned to core ${LOAD_CPUS} while every measured server runs on core${SERVER_CPUS!.includes('-') ? 's' : ''} ${SERVER_CPUS} (\`taskset\`)` : ' (not pinned: taskset or a second core is missing)'}. Each load run lasts ${sizes.seconds} s and posts genuine signed APS success messages, each for a transaction of its own; every message is committed durably before its answer (SQLite WAL: the floor with synchronous=FULL, payport with its WAL fdatasync'ed before the caller resumes; PostgreSQL default fsync). Each figure is the median of ${sizes.runs} load runs against one server (each run for transactions of its own), after a warm-up run of the same length that is not counted; the bare server is the best of ${sizes.runs}. The first table's servers are measured side by side: all of them are started first, and after their warm-up runs the load runs go round them (bare, floor, payport on each store, bare, …), so the machine's changes of speed fall on every server alike.`,
);
out();

const targets: BenchTarget[] = [sqliteTarget];
const pg = await postgresTarget(pgUrl);
if (pg) targets.push(pg);
else out(`PostgreSQL at ${pgUrl.replace(/\/\/[^@]*@/, '//')} was not reachable: its rows are missing.`);

const side = await webhookSideBySide(targets, sizes);
const { bare, floor } = side;
check('bare server', bare);
check('floor server', floor);

out('## Webhook ingestion (S16)');
out();
out(
  '| server | throughput (req/s) | p50 (ms) | p99 (ms) | vs bare Node.js server | vs the floor | vs the database alone | server CPU per request (ms) | peak RSS (MB) |',
);
out('|---|---|---|---|---|---|---|---|---|');
out(
  `| bare Node.js server (baseline, best of ${bare.runs.length}: ${runsOf(bare)} req/s) | ${fmt(bare.throughput, 0)} | ${fmt(bare.p50, 2)} | ${fmt(bare.p99, 2)} | 100 % | — | — | ${cpu(bare)} | — |`,
);
out(
  `| the floor: form, SHA-256, one SQLite commit per event-loop turn (runs: ${runsOf(floor)}) | ${fmt(floor.throughput, 0)} | ${fmt(floor.p50, 2)} | ${fmt(floor.p99, 2)} | ${pct(floor.throughput / bare.throughput)} | 100 % | — | ${cpu(floor)} | — |`,
);
const small: Record<string, LoadResult & { rssMb: number }> = {};
/** p99 with many stored transactions over p99 with 10 k, per store (measured side by side). */
const p99Growth: Record<string, number> = {};
const api: Record<string, LoadResult & { runs: LoadResult[] }> = {};
const aloneRows: string[] = [];
const notes: string[] = [];
for (const target of targets) {
  const hook = side.payport[target.name]!;
  check(`${target.name} webhook`, hook);
  if (hook.runs.some((r) => r.wrapped)) notes.push(`${target.name}: a load run sent some messages twice.`);
  small[target.name] = hook;
  const { ingestion, alone } = await databaseAlone(target, aloneMessages);
  if ((ingestion.statuses.applied ?? 0) !== aloneMessages)
    throw new Error(`ingestion without HTTP: ${JSON.stringify(ingestion.statuses)}`);
  aloneRows.push(
    `| ${target.name} | ${fmt(ingestion.throughput, 0)} | ${fmt(ingestion.p99, 2)} | ${fmt(alone.throughput, 0)} | ${fmt(alone.statements / aloneMessages, 2)} | ${fmt(aloneMessages / alone.transactions, 1)} | ${pct(ingestion.throughput / alone.throughput)} |`,
  );
  out(
    `| payport on ${target.name} (runs: ${runsOf(hook)}) | ${fmt(hook.throughput, 0)} | ${fmt(hook.p50, 2)} | ${fmt(hook.p99, 2)} | ${pct(hook.throughput / bare.throughput)} | ${pct(hook.throughput / floor.throughput)} | ${pct(hook.throughput / alone.throughput)} | ${cpu(hook)} | ${fmt(hook.rssMb, 1)} |`,
  );
}
out();
for (const note of notes) out(note);
if (notes.length > 0) out();
out(
  '| store | ingestion without HTTP (msg/s) | its p99 (ms) | the database alone (msg/s) | statements per message | messages per transaction | ingestion vs database alone |',
);
out('|---|---|---|---|---|---|---|');
for (const row of aloneRows) out(row);
out();
out(
  `"Ingestion without HTTP" runs the same ingestion service (record the message, lock the transaction, verify, apply the state change, write its history, commit) in-process with 32 concurrent callers, ${aloneMessages} messages. "The database alone" replays every statement that run sent to the driver (the same SQL, parameters and transactions, on as many connections) with the bare driver on a copy of the database taken before the run: the floor the database sets. "The floor" is bench/floor-server.ts: the least a durable webhook can do, in Node.js with better-sqlite3.`,
);
out();

out('## Merchant API: `POST /api/v1/transactions` (S16)');
out();
out(
  '| store | throughput (req/s) | p50 (ms) | p99 (ms) | vs bare Node.js server | server CPU per request (ms) |',
);
out('|---|---|---|---|---|---|');
for (const target of targets) {
  const created = await apiCreate(target, sizes);
  check(`${target.name} API`, created);
  api[target.name] = created;
  out(
    `| ${target.name} (runs: ${runsOf(created)}) | ${fmt(created.throughput, 0)} | ${fmt(created.p50, 2)} | ${fmt(created.p99, 2)} | ${pct(created.throughput / bare.throughput)} | ${cpu(created)} |`,
  );
}
out();
out(
  'Each request creates a draft transaction (the provider chosen, a reference of its own, committed) and answers it with its signed redirect form, authenticated with an API key.',
);
out();

out('## Webhook latency with many stored transactions (S16)');
out();
out('| store | stored transactions | throughput (req/s) | p50 (ms) | p99 (ms) | p99 vs 10 k |');
out('|---|---|---|---|---|---|');
for (const target of targets) {
  const [base, big] = await webhookAtSizes(target, [10_000, largeCount], sizes);
  check(`${target.name} webhook, 10 k stored`, base);
  check(`${target.name} webhook, many stored`, big);
  p99Growth[target.name] = big.p99 / base.p99;
  out(
    `| ${target.name} | 10,000 | ${fmt(base.throughput, 0)} | ${fmt(base.p50, 2)} | ${fmt(base.p99, 2)} | 1.00 × (runs: ${runsOf(base)}) |`,
  );
  out(
    `| ${target.name} | ${largeCount.toLocaleString('en-US')} | ${fmt(big.throughput, 0)} | ${fmt(big.p50, 2)} | ${fmt(big.p99, 2)} | ${fmt(big.p99 / base.p99, 2)} × (runs: ${runsOf(big)}; seeding with SQL${target.name === 'PostgreSQL' ? ' and VACUUM ANALYZE' : ''}: ${fmt(big.seedSeconds, 0)} s) |`,
  );
}
out();
out(
  `The two sizes are measured side by side: both servers run at once, each gets its warm-up run, then the load runs alternate between them (10 k, ${largeCount.toLocaleString('en-US')}, 10 k, …), so a machine that speeds up or slows down during the bench does so for both. The 10 k server here is another server than the first table's.`,
);
out();

out('## Signature verification (S16)');
out();
const sig = signatureThroughput(smoke ? 20_000 : 200_000);
const oneShotShare =
  sig.oneShot === undefined ? '' : ` (${pct(sig.verify / sig.oneShot)} of the one-shot hash)`;
out('| operation | per second | ratio |');
out('|---|---|---|');
out(
  `| SHA-256 of the same signing string with node:crypto's \`createHash\` (baseline) | ${fmt(sig.raw, 0)} | 100 % |`,
);
if (sig.oneShot !== undefined)
  out(
    `| SHA-256 of the same signing string with node:crypto's one-shot \`hash\` (what verification uses) | ${fmt(sig.oneShot, 0)} | ${pct(sig.oneShot / sig.raw)} |`,
  );
out(
  `| payport verifySignature (sort, build the string, hash, constant-time compare) | ${fmt(sig.verify, 0)} | ${pct(sig.verify / sig.raw)}${oneShotShare} |`,
);
out();

out('## Page render latency (S16)');
out();
const render = await renderLatency(smoke ? 30 : 400);
out('| page | p50 (ms) | p99 (ms) |');
out('|---|---|---|');
for (const row of render) out(`| ${row.name} | ${fmt(row.p50, 2)} | ${fmt(row.p99, 2)} |`);
out();
out(
  "Render latency is measured in-process (Fastify inject), so it is the server-side time to build the page, including the database reads and, for the redirect form, the draft transaction's commit.",
);

out();
out('## Against the targets of S16 (this run)');
out();
out('| target | measured | verdict |');
out('|---|---|---|');
const verdict = (ok: boolean, short: string) => (ok ? 'met' : `not met: ${short}`);
for (const [name, share, p99] of [
  ['SQLite', 0.2, 30],
  ['PostgreSQL', 0.12, 40],
] as const) {
  const r = small[name];
  if (!r) continue;
  const ratio = r.throughput / bare.throughput;
  const misses = [
    ...(ratio < share ? [`${fmt((share - ratio) * 100, 1)} points short`] : []),
    ...(r.p99 > p99 ? [`p99 ${fmt(r.p99 - p99, 0)} ms over`] : []),
  ];
  out(
    `| ${name} webhook ≥ ${pct(share)} of the bare server, p99 ≤ ${p99} ms | ${pct(ratio)}, p99 ${fmt(r.p99, 0)} ms | ${verdict(misses.length === 0, misses.join(', '))} |`,
  );
}
const sqliteApi = api.SQLite!;
out(
  `| SQLite \`POST /api/v1/transactions\` ≥ 1,500/s | ${fmt(sqliteApi.throughput, 0)}/s | ${verdict(sqliteApi.throughput >= 1500, `${fmt((1 - sqliteApi.throughput / 1500) * 100, 0)} % short`)} |`,
);
out(
  `| signature verification ≥ 60 % of raw hashing | ${pct(sig.verify / sig.raw)} of \`createHash\`${oneShotShare} | ${verdict(sig.verify / sig.raw >= 0.6, `${fmt((0.6 - sig.verify / sig.raw) * 100, 0)} points short`)} |`,
);
for (const target of targets) {
  const r = small[target.name]!;
  const growth = p99Growth[target.name]!;
  out(
    `| ${target.name}: p99 at ${largeCount.toLocaleString('en-US')} stored ≤ 1.5 × p99 at 10 k | ${fmt(growth, 2)} × | ${verdict(growth <= 1.5, `${fmt(growth - 1.5, 2)} × over`)} |`,
  );
  out(
    `| ${target.name}: server RSS under the webhook load < 150 MB | ${fmt(r.rssMb, 1)} MB | ${verdict(r.rssMb < 150, `${fmt(r.rssMb - 150, 1)} MB over`)} |`,
  );
}
out();
out(readFileSync(join(root, 'bench/analysis.md'), 'utf8').trimEnd());
if (outFile) {
  writeFileSync(outFile, `${lines.join('\n')}\n`);
  console.log(`\nwritten to ${outFile}`);
}
