/**
 * Group commit: units of work that arrive while a database transaction is committing are run together
 * in the next one, so one durable commit (one fsync) serves many of them. Nothing is resolved before its
 * transaction has committed. No delay is added: a lone unit runs at once in its own transaction.
 *
 * If a batch fails for a reason other than the database being unavailable, every unit of it is run
 * again in a transaction of its own, so one bad unit cannot take its neighbours down with it.
 *
 * On SQLite, which has one connection, a batch takes its units only once its transaction holds the
 * connection: the second batch in flight waits behind the first, and takes everything that queued
 * while it waited instead of what was there when it started waiting (under the webhook load, batches of
 * 13–15 messages instead of 11 and about 6 % less CPU a message: docs/performance.md). On PostgreSQL
 * every batch has a connection of its own at once and takes its units when it starts.
 */
import { Unavailable } from '../errors.js';
import type { Store } from '../store/database.js';
import type { Repositories } from '../store/repositories/index.js';

/** Options of {@link GroupCommit}. */
export interface GroupCommitOptions {
  /** Most units in one transaction. */
  maxBatch: number;
  /** Transactions in flight at once (1 on SQLite, which has one writer anyway). */
  parallel: number;
}

/** Thrown inside a transaction that found nothing left to do: it is rolled back, nothing to sync. */
const NOTHING_QUEUED = new Error('nothing queued');

interface Pending<I, O> {
  item: I;
  key: string;
  resolve(value: O): void;
  reject(reason: unknown): void;
}

/** Runs `work` for submitted items, batching those that queue up into shared transactions. */
export class GroupCommit<I, O> {
  private readonly queue: Pending<I, O>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly store: Store,
    /** Runs the units of one transaction, in order; returns one result per unit. */
    private readonly work: (repos: Repositories, items: readonly I[]) => Promise<O[]>,
    /** Orders the units of a batch, so concurrent batches take row locks in one global order. */
    private readonly keyOf: (item: I) => string,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Runs `item` and resolves with its result once its transaction has committed. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, key: this.keyOf(item), resolve, reject });
      this.schedule();
    });
  }

  /**
   * Starts a drain after the current I/O phase: every request that arrived in it is queued by then. (With
   * SQLite the whole transaction runs in microtasks, so starting at once would always batch one unit.)
   */
  private schedule(): void {
    if (this.scheduled || this.running >= this.options.parallel) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running++;
    try {
      while (this.queue.length > 0) {
        await this.runBatch();
        // Let the requests that arrived meanwhile be read before taking the next batch.
        if (this.queue.length < this.options.maxBatch) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running--;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** The units of the next transaction: as many as are queued, up to the batch size, in key order. */
  private take(): Pending<I, O>[] {
    const batch = this.queue.splice(0, this.options.maxBatch);
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return batch;
  }

  private async runBatch(): Promise<void> {
    const takeOnConnection = this.store.dialect === 'sqlite';
    let batch = takeOnConnection ? [] : this.take();
    let taken = !takeOnConnection;
    let results: O[];
    try {
      results = await this.store.transaction((repos) => {
        if (!taken) {
          batch = this.take();
          taken = true;
        }
        // Another batch took them while this one waited for the connection.
        if (batch.length === 0) throw NOTHING_QUEUED;
        return this.work(
          repos,
          batch.map((unit) => unit.item),
        );
      });
    } catch (err) {
      if (err === NOTHING_QUEUED) return;
      // The transaction failed before its batch was taken (no connection): the queued units fail with it.
      if (!taken) batch = this.take();
      if (err instanceof Unavailable || batch.length === 1) {
        for (const unit of batch) unit.reject(err);
        return;
      }
      for (const unit of batch) await this.runAlone(unit);
      return;
    }
    batch.forEach((unit, i) => unit.resolve(results[i] as O));
  }

  private async runAlone(unit: Pending<I, O>): Promise<void> {
    try {
      const [result] = await this.store.transaction((repos) => this.work(repos, [unit.item]));
      unit.resolve(result as O);
    } catch (err) {
      unit.reject(err);
    }
  }
}
