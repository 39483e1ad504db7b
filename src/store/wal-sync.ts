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
import { open, type FileHandle } from 'node:fs/promises';

/** Returns a function that makes every commit made so far on `file` (a SQLite database in WAL mode) durable. */
export function walSync(file: string): () => Promise<void> {
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const sync = syncFile(file).finally(() => {
      if (running === sync) running = undefined;
    });
    running = sync;
    return sync;
  };
  return () => {
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
  };
}

async function syncFile(file: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(`${file}-wal`, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // No WAL (the file system refused WAL mode): the commit went to the database file itself.
    handle = await open(file, 'r');
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
