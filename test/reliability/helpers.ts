/**
 * Support for the reliability suite (S15): real `payport start` processes on a database the test owns
 * (a SQLite directory or a throwaway PostgreSQL schema), a bounded concurrent sender, and cleanup that
 * kills every spawned process even when a test fails.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport } from '../../src/server.js';
import type { OpenDatabaseOptions } from '../../src/store/database.js';
import { createPostgresSchema, dropPostgresSchema } from '../../src/store/postgres-schemas.js';
import { TEST_SECRET, type TestPayport } from '../support/payport.js';

const root = new URL('../..', import.meta.url).pathname;

/** The secret `createTestPayport` uses: processes given it can open what the test seeded. */
export { TEST_SECRET };

/** A database that both the test (in-process) and spawned payport processes can open. */
export interface SharedDatabase {
  kind: 'sqlite' | 'postgres';
  /** Store options for the test's own stores and test payports. */
  location: OpenDatabaseOptions;
  /** Environment that points a payport process at it. */
  env: Record<string, string>;
  /** Drops the schema or deletes the directory. */
  cleanup(): Promise<void>;
}

/** A fresh SQLite data directory. */
export function sqliteDatabase(): SharedDatabase {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-reliability-'));
  return {
    kind: 'sqlite',
    location: { dataDir },
    env: { PAYPORT_DATA_DIR: dataDir },
    cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL schema; processes select it through the URL's `options=-c search_path=…`. */
export async function postgresDatabase(url: string): Promise<SharedDatabase> {
  const schema = `pp_rel_${randomBytes(6).toString('hex')}`;
  await createPostgresSchema(url, schema);
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-reliability-pg-'));
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return {
    kind: 'postgres',
    location: { url, dataDir, searchPath: schema, poolSize: 5 },
    env: { DATABASE_URL: withSchema.toString(), PAYPORT_DATA_DIR: dataDir },
    cleanup: async () => {
      await dropPostgresSchema(url, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A clock at the real current time, so what the test seeds is due for the processes' system clocks. */
export function clockAtNow(): ManualClock {
  return new ManualClock(new Date().toISOString());
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
  });
}

/** A spawned `payport start` process. */
export interface PayportProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGKILL: no shutdown code runs. Resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown); resolves with the exit code. */
  stop(): Promise<number | null>;
}

const spawned = new Set<ChildProcess>();
// A failed assertion or a crashed runner must not leave servers behind.
process.once('exit', () => {
  for (const child of spawned)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Starts `payport start` on `db` and waits (at most 30 s) until `/readyz` answers 200. */
export async function startPayportProcess(
  db: SharedDatabase,
  options: { port?: number; env?: Record<string, string> } = {},
): Promise<PayportProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [join(root, 'bin/payport.js'), 'start'], {
    cwd: db.location.dataDir,
    env: {
      ...process.env,
      DATABASE_URL: '',
      ...db.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PAYPORT_SECRET: TEST_SECRET,
      PAYPORT_ADMIN_PASSWORD: '',
      LOG_LEVEL: 'warn',
      // The tests' event receivers listen on loopback.
      PAYPORT_EVENT_ALLOW_PRIVATE: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`payport exited early (${child.exitCode}):\n${output}`);
    const ready = await fetch(`${url}/readyz`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`payport was not ready within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    url,
    output: () => output,
    async kill() {
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    async stop() {
      const done = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Kills every process this file spawned that is still running. */
export async function killAllProcesses(): Promise<void> {
  await Promise.all(
    [...spawned].map((child) => {
      const done = exited(child);
      child.kill('SIGKILL');
      return done;
    }),
  );
}

/** Runs `fn` over `items` with at most `concurrency` in flight; results in input order. */
export async function runConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** A deterministic shuffle (mulberry32), so a failing order can be replayed from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Posts a form-encoded APS message to `url`; resolves with the status, or the network error. */
export async function postMessage(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number } | { error: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams(fields).toString(),
    });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Polls `check` every 100 ms until it holds, failing after `timeoutMs` with `what`. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() >= deadline)
      assert.fail(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * An in-process payport listening on 127.0.0.1 (random port) without its background workers: on SQLite
 * their polls would each wait out the busy timeout of a locked database, stalling the whole test process.
 */
export async function startListeningPayport(database: Partial<OpenDatabaseOptions>): Promise<TestPayport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-listening-'));
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'https://shop.example.com',
    databaseUrl: database.url,
    dataDir,
    secret: TEST_SECRET,
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'silent',
  };
  const running = await startPayport(config, {
    logger: createLogger('silent'),
    clock,
    listen: true,
    workers: false,
    database: { ...database, clock },
  });
  return { running, services: running.context.services, clock, logs: [], close: () => running.close() };
}
