/**
 * SQLite checkpoints off the event loop. SQLite copies the write-ahead log back into the database file
 * (a checkpoint) inside the COMMIT that crosses its threshold, and better-sqlite3 runs COMMIT on the main
 * thread: under the webhook load one commit in ten paid for it, 9 ms on average and up to 22 ms, with
 * two fsyncs, while no request was read or answered (docs/performance.md). The store therefore turns
 * SQLite's automatic checkpoints off on its connection and runs them in a worker thread with a
 * connection of its own.
 *
 * A checkpoint is due once enough commits have gone by since the last one; from then on the store's
 * connection is handed to nobody new, the checkpoint starts as soon as the connection is free, and it
 * finishes with nothing written behind it, so the next write starts the log from its beginning again
 * (with a write running alongside, the log could grow for ever under steady load). The event loop keeps serving meanwhile. A checkpoint moves only committed,
 * already durable frames, and SQLite syncs the log before and the database after it: durability is
 * unchanged. If the worker cannot run, the connection gets SQLite's automatic checkpoints back.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Runs checkpoints of one SQLite database in a worker thread. */
export interface WalCheckpointer {
  /** Before a connection is taken: while a checkpoint is due or running, the promise of its end. */
  gate(): Promise<void> | undefined;
  /** A connection was taken (after {@link gate}). */
  enter(): void;
  /** A connection was handed back: a due checkpoint starts once none is in use. */
  leave(): void;
  /** Called after each durable commit; makes a checkpoint due after enough of them. */
  committed(): void;
  /** Resolves once the worker is ready (or could not start): tests. */
  started(): Promise<void>;
  /** Runs a checkpoint now and resolves when it is done (tests). */
  checkpoint(): Promise<CheckpointResult>;
  /** Stops the worker; safe to call twice. */
  close(): Promise<void>;
}

/** What `PRAGMA wal_checkpoint(PASSIVE)` answered. */
export interface CheckpointResult {
  /** 1 when another checkpoint ran. */
  busy: number;
  /** Frames in the log. */
  log: number;
  /** Frames copied into the database file. */
  checkpointed: number;
}

/** When a checkpoint is due, and whom to tell when the worker fails. */
export interface CheckpointOptions {
  /** Commits since the last checkpoint that make the next one due. */
  everyCommits: number;
  /** Told when the worker fails (the caller gives its connection automatic checkpoints back). */
  onFailure(error: Error): void;
}

/**
 * 16 commits of ingestion batches are about 1,500 pages of log (SQLite's own threshold is 1,000 pages):
 * few enough that a checkpoint takes a few milliseconds, enough that it pays for its two fsyncs. A store
 * that commits less than that before it closes never starts the worker (closing checkpoints anyway).
 */
export const CHECKPOINT_EVERY_COMMITS = 16;

/** The worker: one connection, one PASSIVE checkpoint per message (plain CommonJS, run with `eval`). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  // A checkpoint copies frames through its own buffer: this connection needs no page cache to speak of.
  db.pragma('cache_size = -64');
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ startup: true, ok: false, message: String((error && error.message) || error) });
}
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (db) db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, result });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

/** What the worker posts: that it is ready (or could not start), or a checkpoint's answer. */
interface WorkerReply {
  ready?: boolean;
  startup?: boolean;
  ok?: boolean;
  result?: CheckpointResult;
  message?: string;
}

/**
 * A checkpointer for the SQLite database `file` (in WAL mode). Its worker starts halfway to the first
 * checkpoint, and a checkpoint falls due only once the worker is ready: the store never waits for a
 * thread to start. A store that commits less than that never starts it.
 */
export function walCheckpointer(file: string, options: CheckpointOptions): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | undefined;
  let failed = false;
  let closed = false;
  let commits = 0;
  let current: Promise<CheckpointResult> | undefined;
  let answer: ((reply: WorkerReply) => void) | undefined;
  let ready = false;
  let whenReady: (() => void) | undefined;
  const readiness = new Promise<void>((resolve) => (whenReady = resolve));

  const fail = (error: Error) => {
    if (failed) return;
    failed = true;
    due = false;
    void worker?.terminate();
    worker = undefined;
    options.onFailure(error);
  };
  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver },
      // Plain CommonJS: none of the parent's loaders or flags (under tsx they would slow its start).
      execArgv: [],
      // It allocates next to nothing in JavaScript: small heaps keep its share of the RSS small.
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    started.unref();
    started.on('message', (reply: WorkerReply) => {
      if (reply.ready) {
        ready = true;
        whenReady?.();
        if (commits >= options.everyCommits) makeDue();
      } else if (reply.startup) {
        fail(new Error(reply.message ?? 'the checkpoint worker could not start'));
        whenReady?.();
      } else answer?.(reply);
    });
    started.on('error', (error) => {
      fail(error);
      whenReady?.();
      answer?.({ ok: false, message: error.message });
    });
    started.on('exit', (code) => {
      if (worker === started && !closed) fail(new Error(`the checkpoint worker exited with code ${code}`));
      answer?.({ ok: false, message: 'the checkpoint worker stopped' });
    });
    return started;
  };
  // Due: enough commits; the checkpoint starts when no connection is in use (one taken before it was due
  // may still be writing), and nobody takes one until it has finished.
  let due = false;
  let inUse = 0;
  let idle: { promise: Promise<void>; resolve(): void } | undefined;
  const waitIdle = (): Promise<void> => {
    if (!idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      idle = { promise, resolve };
    }
    return idle.promise;
  };
  const wakeWaiters = () => {
    const waiting = idle;
    idle = undefined;
    waiting?.resolve();
  };
  const run = (): Promise<CheckpointResult> => {
    if (current) return current;
    commits = 0;
    if (failed || closed) {
      wakeWaiters();
      return Promise.resolve({ busy: 0, log: 0, checkpointed: 0 });
    }
    worker ??= start();
    const target = worker;
    current = new Promise<CheckpointResult>((resolve) => {
      answer = (reply) => {
        answer = undefined;
        target.unref();
        current = undefined;
        if (reply.ok !== true && !closed) fail(new Error(reply.message ?? 'checkpoint failed'));
        wakeWaiters();
        resolve(reply.result ?? { busy: 0, log: 0, checkpointed: 0 });
      };
      // Kept alive only while a checkpoint is asked for: an idle worker never holds the process open.
      target.ref();
      target.postMessage('checkpoint');
    });
    return current;
  };
  const makeDue = () => {
    if (failed || closed || due || current) return;
    due = true;
    startWhenIdle();
  };
  const startWhenIdle = () => {
    if (!due || inUse > 0 || current) return;
    due = false;
    void run();
  };

  return {
    gate: () => (due || current ? waitIdle() : undefined),
    enter() {
      inUse++;
    },
    leave() {
      inUse--;
      startWhenIdle();
    },
    committed() {
      if (failed || closed || due || current) return;
      commits++;
      if (!worker && commits >= Math.ceil(options.everyCommits / 2)) worker = start();
      if (commits >= options.everyCommits && ready) makeDue();
    },
    started: () => readiness,
    checkpoint: run,
    async close() {
      if (closed) return;
      await current;
      closed = true;
      due = false;
      wakeWaiters();
      const stopping = worker;
      worker = undefined;
      if (!stopping) return;
      const exited = new Promise((resolve) => stopping.once('exit', resolve));
      stopping.ref();
      stopping.postMessage('close');
      await exited;
    },
  };
}
