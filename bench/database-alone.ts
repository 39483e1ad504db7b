/**
 * Ingestion without HTTP, and the database alone executing the same statements (S16).
 *
 * 1. A fresh database is seeded and copied (SQLite: the file; PostgreSQL: `CREATE DATABASE … TEMPLATE`).
 * 2. payport's ingestion service runs in-process with 32 concurrent callers while every statement the
 *    drivers receive (transaction boundaries included) is recorded: better-sqlite3's statements, or each
 *    pg connection's queries.
 * 3. The recording is replayed on the copy with the bare driver — the same SQL, the same parameters, the
 *    same transactions, on as many connections as payport used — and timed. That is the floor the
 *    database sets; the ratio to it is payport's own overhead.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openDatabase, SQLITE_FILE_NAME, type OpenDatabaseOptions } from '../src/store/database.js';
import { benchServices, ingestBenchBody, seedBenchDatabase } from './fixtures.js';
import { percentile } from './harness.js';
import type { BenchTarget } from './scenarios.js';

/** One recorded statement. */
interface Statement {
  sql: string;
  params: unknown[];
}

/** payport's ingestion service driven in-process. */
export interface IngestionResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  /** Outcomes by name. */
  statuses: Record<string, number>;
}

/** What the two halves measured. */
export interface DatabaseAloneResult {
  /** payport's ingestion service, in-process, 32 concurrent callers. */
  ingestion: IngestionResult;
  /** The recorded statements replayed with the bare driver. */
  alone: { seconds: number; throughput: number; statements: number; transactions: number };
}

/** Records what better-sqlite3 executes, by connection, until the returned function is called. */
function recordSqlite(into: Map<object, Statement[]>): () => void {
  const probe = new BetterSqlite3(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  const originals = new Map<string, unknown>();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = proto[name] as (...args: unknown[]) => unknown;
    originals.set(name, original);
    proto[name] = function (this: { source: string; database: object }, ...args: unknown[]) {
      const list = into.get(this.database) ?? [];
      into.set(this.database, list);
      list.push({ sql: this.source, params: args });
      return original.apply(this, args);
    };
  }
  return () => {
    for (const [name, original] of originals) proto[name] = original;
  };
}

/** Records what every pg connection sends, by connection, until the returned function is called. */
function recordPostgres(into: Map<object, Statement[]>): () => void {
  const proto = pg.Client.prototype as unknown as Record<string, unknown>;
  const original = proto.query as (...args: unknown[]) => unknown;
  proto.query = function (this: object, text: unknown, values?: unknown) {
    // payport sends the batch's statements as named prepared statements: { name, text, values }.
    const config =
      typeof text === 'object' && text !== null ? (text as { text?: unknown; values?: unknown }) : undefined;
    const sql = config ? config.text : text;
    const params = config ? config.values : values;
    if (typeof sql === 'string') {
      const list = into.get(this) ?? [];
      into.set(this, list);
      list.push({ sql, params: Array.isArray(params) ? [...(params as unknown[])] : [] });
    }
    // eslint-disable-next-line prefer-rest-params
    return original.apply(this, arguments as unknown as unknown[]);
  };
  return () => {
    proto.query = original;
  };
}

/** Runs the ingestion service on `options` with 32 concurrent callers. */
async function runIngestion(options: OpenDatabaseOptions, bodies: string[]): Promise<IngestionResult> {
  const store = openDatabase({ ...options, poolSize: 20 });
  try {
    const ctx = benchServices(store);
    await store.ping();
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++]!;
          const t0 = process.hrtime.bigint();
          const outcome = await ingestBenchBody(ctx, body);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          statuses[outcome] = (statuses[outcome] ?? 0) + 1;
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      requests: bodies.length,
      seconds,
      throughput: bodies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      statuses,
    };
  } finally {
    await store.close();
  }
}

const isBegin = (sql: string) => /^\s*begin\b/i.test(sql);

/** Replays SQLite statements on `file` with better-sqlite3 and payport's connection settings. */
function replaySqlite(file: string, statements: Statement[]): number {
  const db = new BetterSqlite3(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const started = process.hrtime.bigint();
  for (const { sql, params } of statements) {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    if (statement.reader) statement.all(...params);
    else statement.run(...params);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return seconds;
}

/** Replays each recorded connection's queries on a connection of its own, all at once. */
async function replayPostgres(url: string, connections: Statement[][]): Promise<number> {
  const clients = await Promise.all(
    connections.map(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  try {
    const started = process.hrtime.bigint();
    await Promise.all(
      connections.map(async (statements, i) => {
        for (const { sql, params } of statements) await clients[i]!.query(sql, params);
      }),
    );
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** Ingestion without HTTP, then the same statements on the bare driver, on a fresh `target` database. */
export async function databaseAlone(target: BenchTarget, messages: number): Promise<DatabaseAloneResult> {
  const db = await target.fresh();
  try {
    const seeding = openDatabase({ ...db.options, poolSize: 2 });
    const { bodies } = await seedBenchDatabase(seeding, { stored: 10_000, messages, prefix: 'ALONE' });
    await seeding.close();
    const copy = await db.copy();
    try {
      const recorded = new Map<object, Statement[]>();
      const stop = target.name === 'SQLite' ? recordSqlite(recorded) : recordPostgres(recorded);
      let ingestion: IngestionResult;
      try {
        ingestion = await runIngestion(db.options, bodies);
      } finally {
        stop();
      }
      const connections = [...recorded.values()];
      const seconds =
        target.name === 'SQLite'
          ? replaySqlite(copy.sqliteFile!, connections.flat())
          : await replayPostgres(copy.url!, connections);
      const all = connections.flat();
      return {
        ingestion,
        alone: {
          seconds,
          throughput: messages / seconds,
          statements: all.length,
          transactions: all.filter((s) => isBegin(s.sql)).length,
        },
      };
    } finally {
      await copy.drop();
    }
  } finally {
    await db.drop();
  }
}

/** Copies a closed SQLite database file (payport closes it cleanly, so the WAL is checkpointed). */
export function copySqlite(dataDir: string): string {
  const copyDir = mkdtempSync(join(tmpdir(), 'payport-bench-copy-'));
  const file = join(copyDir, SQLITE_FILE_NAME);
  copyFileSync(join(dataDir, SQLITE_FILE_NAME), file);
  return file;
}
