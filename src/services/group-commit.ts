/**
 * Group commit: units of work that arrive while a database transaction is committing are run together
 * in the next one, so one durable commit (one fsync) serves many of them. Nothing is resolved before its
 * transaction has committed. No delay is added: a lone unit runs at once in its own transaction.
 *
 * If a batch fails for a reason other than the database being unavailable, every unit of it is run
 * again in a transaction of its own, so one bad unit cannot take its neighbours down with it.
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
        const batch = this.queue.splice(0, this.options.maxBatch);
        await this.runBatch(batch);
        // Let the requests that arrived meanwhile be read before taking the next batch.
        if (this.queue.length < this.options.maxBatch) await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running--;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private async runBatch(batch: Pending<I, O>[]): Promise<void> {
    if (batch.length === 1) return this.runAlone(batch[0]!);
    batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let results: O[];
    try {
      results = await this.store.transaction((repos) =>
        this.work(
          repos,
          batch.map((unit) => unit.item),
        ),
      );
    } catch (err) {
      if (err instanceof Unavailable) {
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
