/**
 * The pieces of `npm run bench` (S16), without timing anything: the seeded database and its signed
 * messages are what payport ingests, and wrk posts the prepared bodies and reports figures. (The whole
 * smoke run, `npm run bench -- --smoke`, takes longer than a test should.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { benchServices, ingestBenchBody, seedBenchDatabase } from '../../bench/fixtures.js';
import { runLoad } from '../../bench/wrk.js';
import { openDatabase } from '../../src/store/database.js';

test('the seeded store holds paid payments with their notification and history, and drafts that the prepared messages pay once each', async () => {
  const store = openDatabase({ dataDir: mkdtempSync(join(tmpdir(), 'payport-bench-test-')) });
  try {
    const { bodies, references } = await seedBenchDatabase(store, { stored: 200, messages: 5, prefix: 'T' });
    const count = async (query: string) =>
      Number((await sql.raw<{ n: number }>(query).execute(store.db)).rows[0]?.n);
    assert.equal(
      await count('select count(*) as n from transactions'),
      207,
      '200 paid, 5 drafts, 2 templates',
    );
    assert.equal(await count("select count(*) as n from transactions where state = 'done'"), 201);
    // Every paid payment has its own notification and history, linked as ingestion links them.
    assert.equal(
      await count(
        "select count(*) as n from notifications n join transactions t on t.id = n.transaction_id and t.reference = n.reference where t.state = 'done'",
      ),
      201,
    );
    assert.equal(
      await count(
        "select count(distinct h.transaction_id) as n from transaction_history h join notifications n on n.id = h.notification_id and n.transaction_id = h.transaction_id where h.to_state = 'done'",
      ),
      201,
    );
    assert.equal(
      await count("select count(distinct provider_reference) as n from transactions where state = 'done'"),
      201,
    );
    assert.equal(new Set(references).size, 5);
    const ctx = benchServices(store);
    const outcomes = await Promise.all(bodies.map((body) => ingestBenchBody(ctx, body)));
    assert.deepEqual(outcomes, Array(5).fill('applied'));
    for (const reference of references)
      assert.equal((await store.repos.transactions.findByReference(reference))?.state, 'done');
  } finally {
    await store.close();
  }
});

const hasWrk = spawnSync('wrk', ['--version']).error === undefined;

test(
  'wrk posts the prepared bodies in turn and reports throughput, latency and errors',
  { skip: !hasWrk && 'wrk is not installed' },
  async () => {
    const seen = new Set<string>();
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.add(`${req.headers['content-type']} ${req.headers['x-bench']} ${body}`);
        res.writeHead(body === 'c=3' ? 500 : 200, { 'content-length': '0' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const result = await runLoad(`http://127.0.0.1:${port}/payment/aps/webhook`, ['a=1', 'b=2', 'c=3'], {
        seconds: 1,
        connections: 2,
        contentType: 'text/plain',
        headers: ['X-Bench: yes'],
        serverPid: process.pid,
      });
      assert.deepEqual([...seen].sort(), ['text/plain yes a=1', 'text/plain yes b=2', 'text/plain yes c=3']);
      assert.ok(result.requests >= 3 && result.throughput > 0, JSON.stringify(result));
      assert.ok(result.p99 >= result.p50 && result.p50 > 0);
      assert.ok(result.errors > 0 && result.errors < result.requests, 'the 500s are counted as errors');
      assert.equal(result.wrapped, true);
      assert.ok((result.cpuMsPerRequest ?? -1) >= 0);
    } finally {
      server.close();
    }
  },
);

test('the bench and npm start run the server with the Node.js flags of the payport command', async () => {
  const { payportNodeFlags, root } = await import('../../bench/harness.js');
  const flags = payportNodeFlags();
  assert.deepEqual(flags, ['--max-semi-space-size=4', '--single-threaded-gc', '--heap-growing-percent=20']);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  assert.equal(pkg.scripts.start, `node ${flags.join(' ')} bin/payport.js start --demo`);
  // The `#!` line runs: the command answers through env -S with its flags.
  const run = spawnSync(join(root, 'bin/payport.js'), ['--help'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Usage: payport <command>/);
});
