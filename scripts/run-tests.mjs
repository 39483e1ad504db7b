#!/usr/bin/env node
// Runs every *.test.ts file under src/ and test/ with Node's test runner (through tsx), with the
// whole-suite secret scan (test/support/secret-watch.ts) preloaded into every test file's process.
// Usage: node scripts/run-tests.mjs [path-filter ...]
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const files = [...collect(join(root, 'src'), []), ...collect(join(root, 'test'), [])]
  .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
  .sort();

if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

if (!process.env.TEST_DATABASE_URL) {
  console.log(
    'note: TEST_DATABASE_URL is not set; the PostgreSQL variants of the store tests are skipped ' +
      '(set TEST_DATABASE_URL=postgres://user@host:5432/db to run them).',
  );
}

const concurrency = process.env.TEST_CONCURRENCY ?? '2';
// Each test file's process appends what its secret scan saw here; the total is printed at the end.
const statsDir = mkdtempSync(join(tmpdir(), 'payport-secret-watch-'));
const statsFile = join(statsDir, 'counts.jsonl');
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--import',
    './test/support/secret-watch.ts',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    ...files,
  ],
  {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'test', PAYPORT_SECRET_WATCH_STATS: statsFile },
  },
);

// The reporter's output is passed through as it comes; its totals are kept for the last line.
const totals = { pass: 0, fail: 0 };
let pending = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const total = /^ℹ (pass|fail) (\d+)\s*$/.exec(line);
    if (total) totals[total[1]] = Number(total[2]);
  }
});

function secretScanSummary() {
  let lines = [];
  try {
    lines = readFileSync(statsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    // No test file got as far as writing its counts.
  }
  rmSync(statsDir, { recursive: true, force: true });
  const sum = (key) => lines.reduce((total, entry) => total + entry[key], 0);
  return (
    `secret scan: ${sum('answers')} answers, ${sum('logLines')} log lines and ${sum('childLines')} ` +
    `lines of child-process output scanned in ${lines.length} of ${files.length} test files; ` +
    `${sum('findings')} secret(s) found where they must not be (each fails its test, or its file)`
  );
}

child.on('close', (code, signal) => {
  console.log(secretScanSummary());
  // A plain summary as the very last line, for CI.
  const failed = signal || code !== 0 ? Math.max(totals.fail, 1) : totals.fail;
  console.log(`${totals.pass} passed, ${failed} failed`);
  process.exit(signal ? 1 : (code ?? 1));
});
