/**
 * Durable SQLite commits without blocking the event loop. With `synchronous=FULL`, SQLite fsyncs the
 * write-ahead log inside COMMIT, and better-sqlite3 runs COMMIT on the main thread: about 3 ms of a
 * blocked event loop per commit on a virtual disk, during which no request is read or answered. payport
 * runs SQLite with `synchronous=NORMAL` (the WAL is written at COMMIT and synced before every checkpoint)
 * and makes each commit durable itself: after COMMIT, before the caller resumes, the WAL file is
 * fdatasync'ed in libuv's thread pool. A transaction is therefore durable before anything learns that it
 * committed, exactly as with FULL, while the event loop keeps serving.
 *
 * Syncs coalesce: every commit that finished before a sync started is covered by it, so callers arriving
 * while one runs share the next one.
 */
import { closeSync, fdatasync, open } from 'node:fs';

/** Makes every commit made so far on a SQLite database durable; `close` releases its file. */
export interface WalSync {
  (): Promise<void>;
  close(): void;
}

/**
 * Returns a function that makes every commit made so far on `file` (a SQLite database in WAL mode)
 * durable. The WAL is opened once, on the first sync, and kept open: SQLite removes it only when its
 * last connection closes, and the store's connection lives as long as this.
 */
export function walSync(file: string): WalSync {
  let fd: Promise<number> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const syncOnce = async () => {
    fd ??= openWal(file);
    let descriptor: number;
    try {
      descriptor = await fd;
    } catch (error) {
      fd = undefined;
      throw error;
    }
    await new Promise<void>((resolve, reject) =>
      fdatasync(descriptor, (error) => (error ? reject(error) : resolve())),
    );
  };
  const start = (): Promise<void> => {
    const sync = syncOnce().finally(() => {
      if (running === sync) running = undefined;
    });
    running = sync;
    return sync;
  };
  const durable = (() => {
    if (!running) return start();
    // The running sync may have started before this caller's commit: wait for the one after it.
    next ??= running.then(
      () => {
        next = undefined;
        return start();
      },
      () => {
        next = undefined;
        return start();
      },
    );
    return next;
  }) as WalSync;
  durable.close = () => {
    void fd?.then(
      (descriptor) => closeSync(descriptor),
      () => {},
    );
    fd = undefined;
  };
  return durable;
}

function openFile(path: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(path, 'r', (error, descriptor) => (error ? reject(error) : resolve(descriptor))),
  );
}

async function openWal(file: string): Promise<number> {
  try {
    return await openFile(`${file}-wal`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // No WAL (the file system refused WAL mode): commits go to the database file itself.
    return openFile(file);
  }
}
