/**
 * The reconciliation worker (S8, S15): every `intervalMs` it leases the transactions due for a status
 * check (payments `draft`/`pending`, children `pending`; `SKIP LOCKED` on PostgreSQL, so with several
 * processes each is checked by one of them), asks the provider, applies the answer through ingestion,
 * and schedules the next check on the backoff schedule. A failed check is never a failed payment: the
 * transaction stays open and is asked again. Drafts the provider still does not know after 24 hours
 * (`RECONCILE_ABANDON_AFTER_HOURS`) are cancelled as abandoned.
 */
import {
  DEFAULT_SCHEDULE,
  isAbandonedDraft,
  nextCheckAt,
  type ReconciliationSchedule,
} from '../../domain/reconciliation-schedule.js';
import { PayportError } from '../../errors.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { changeState } from '../state-changes.js';
import { checkTransactionStatus, type StatusCheckResult } from './check-status.js';

/** Settings of the worker; every one has a default. */
export interface ReconciliationOptions {
  /** Pause between two rounds (default 10 s). */
  intervalMs?: number;
  /** Transactions leased per claim (default 20). */
  batchSize?: number;
  /** How long a claim holds its transactions; must outlast a batch's provider calls (default 5 min). */
  leaseMs?: number;
  /** Checks run at once within a batch (default 4). */
  concurrency?: number;
  schedule?: ReconciliationSchedule;
  /** Start the timer (default true); false leaves rounds to `runOnce` (tests, one-shot commands). */
  autoStart?: boolean;
}

/** A running worker. */
export interface ReconciliationWorker {
  /** Stops the timer, aborts provider calls in flight and gives their leases back. */
  stop(): Promise<void>;
  /** Runs one round now (after any round in progress); resolves with the number of transactions checked. */
  runOnce(): Promise<number>;
  /**
   * Asks the provider about the payment `reference` in the background, at once (one check at a time per
   * payment; a request made while one runs is served by that one).
   */
  checkSoon(reference: string): void;
}

/** Shortest pause before asking about the same transaction again, whatever the schedule says. */
const MIN_SPACING_MS = 15_000;

/** Starts the reconciliation worker of `ctx`. */
export function startReconciliation(
  ctx: ServiceContext,
  options: ReconciliationOptions = {},
): ReconciliationWorker {
  const intervalMs = options.intervalMs ?? 10_000;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const schedule = options.schedule ?? DEFAULT_SCHEDULE;
  const abort = new AbortController();
  const inFlight = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<number> = Promise.resolve(0);

  const checkOne = async (tx: TransactionRecord): Promise<void> => {
    inFlight.add(tx.id);
    try {
      await reconcileTransaction(ctx, tx, schedule, abort.signal);
    } catch (err) {
      if (abort.signal.aborted) return;
      ctx.logger.error({ err, reference: tx.reference }, 'reconciliation of a transaction failed');
    } finally {
      inFlight.delete(tx.id);
    }
  };

  const drain = async (): Promise<number> => {
    let checked = 0;
    let due = 0;
    for (;;) {
      if (stopped) break;
      const claimed = await ctx.store.repos.transactions.claimDueForCheck(
        ctx.clock.now(),
        batchSize,
        leaseMs,
      );
      due += claimed.length;
      ctx.metrics.reconciliationBacklog.set(due - checked);
      for (let i = 0; i < claimed.length; i += concurrency) {
        if (stopped) break;
        await Promise.all(claimed.slice(i, i + concurrency).map(checkOne));
        checked += Math.min(concurrency, claimed.length - i);
        ctx.metrics.reconciliationBacklog.set(due - checked);
      }
      if (claimed.length < batchSize) break;
    }
    ctx.metrics.reconciliationBacklog.set(0);
    return checked;
  };

  const runOnce = (): Promise<number> => {
    round = round.catch(() => 0).then(drain);
    return round;
  };

  const scheduleNextRound = (): void => {
    if (stopped || options.autoStart === false) return;
    timer = setTimeout(() => {
      runOnce()
        .catch((err: unknown) => ctx.logger.error({ err }, 'reconciliation round failed'))
        .finally(scheduleNextRound);
    }, intervalMs);
    timer.unref();
  };
  scheduleNextRound();

  const asked = new Set<string>();
  const soon = new Set<Promise<void>>();
  const checkSoon = (reference: string): void => {
    if (stopped || asked.has(reference)) return;
    asked.add(reference);
    const run = async () => {
      const tx = await ctx.store.repos.transactions.findByReference(reference);
      if (tx) await checkTransactionStatus(ctx, tx, { signal: abort.signal });
    };
    const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(run)
      .catch((err: unknown) => {
        if (!abort.signal.aborted) {
          ctx.logger.warn(
            { reference, err: err instanceof PayportError ? err.message : err },
            'status check asked by an ambiguous message failed; reconciliation will ask again',
          );
        }
      })
      .finally(() => {
        asked.delete(reference);
        soon.delete(done);
      });
    soon.add(done);
  };

  return {
    runOnce,
    checkSoon,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      abort.abort();
      const leased = [...inFlight];
      await round.catch(() => 0);
      await Promise.all([...soon]);
      await ctx.store.repos.transactions.releaseCheckLeases([...leased, ...inFlight]).catch(() => undefined);
    },
  };
}

/** Checks one leased transaction, applies the answer and records the check with the next one due. */
export async function reconcileTransaction(
  ctx: ServiceContext,
  tx: TransactionRecord,
  schedule: ReconciliationSchedule = DEFAULT_SCHEDULE,
  signal?: AbortSignal,
): Promise<StatusCheckResult | undefined> {
  let result: StatusCheckResult | undefined;
  try {
    result = await checkTransactionStatus(ctx, tx, signal ? { signal } : {});
    ctx.metrics.statusChecks.labels(result.outcome).inc();
  } catch (err) {
    if (signal?.aborted) throw err;
    ctx.metrics.statusChecks.labels('failed').inc();
    // Expected failures (timeout, 5xx, bad answer, disabled provider) are one line; anything else in full.
    ctx.logger.warn(
      { reference: tx.reference, err: err instanceof PayportError ? err.message : err },
      'status check failed; the transaction stays open',
    );
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.store.transaction(async (repos) => {
    if (tx.sourceTransactionId) await repos.transactions.lockById(tx.sourceTransactionId);
    let fresh = await repos.transactions.lockById(tx.id);
    if (!fresh) return;
    if (
      fresh.state === 'draft' &&
      result?.unknownAtProvider &&
      isAbandonedDraft(new Date(fresh.createdAt), now, schedule)
    ) {
      const change = await changeState(repos, fresh, 'cancel', {
        message: `Abandoned: the provider still does not know this payment ${hoursOf(schedule.draftAbandonAfterMs)} after it was created`,
        channel: 'status_check',
        notificationId: result.notificationId,
        at,
      });
      fresh = change.transaction;
      if (change.kind === 'applied') ctx.metrics.statusChecks.labels('abandoned').inc();
    }
    const attempts = fresh.checkAttempts + 1;
    let next = followingCheck(fresh, attempts, now, schedule);
    if (
      next === null &&
      fresh.state === 'pending' &&
      fresh.sourceTransactionId &&
      result &&
      !result.stillOpen
    ) {
      // Days of successful checks and the provider's totals never showed it: it did not happen.
      const change = await changeState(repos, fresh, 'error', {
        message: `The provider never confirmed this ${fresh.operation} after ${attempts} status checks`,
        channel: 'status_check',
        notificationId: result.notificationId,
        at,
      });
      fresh = change.transaction;
      next = null;
    }
    await repos.transactions.recordCheck(fresh.id, { checkedAt: now, nextCheckAt: next });
  });
  return result;
}

/** When to ask about `tx` next, given the checks made so far; null when checking stops. */
function followingCheck(
  tx: TransactionRecord,
  attempts: number,
  now: Date,
  schedule: ReconciliationSchedule,
): Date | null {
  if (tx.state === 'draft') {
    const created = new Date(tx.createdAt);
    // Past the abandonment age, a draft the provider could not be asked about is asked hourly.
    if (isAbandonedDraft(created, now, schedule)) return new Date(now.getTime() + schedule.draftIntervalMs);
    const at = nextCheckAt('draft', created, attempts, now, schedule);
    return at && new Date(Math.max(at.getTime(), now.getTime() + MIN_SPACING_MS));
  }
  if (tx.state === 'pending') {
    const at = nextCheckAt('pending', new Date(tx.lastStateChange), attempts, now, schedule);
    return at && new Date(Math.max(at.getTime(), now.getTime() + MIN_SPACING_MS));
  }
  return null;
}

/** A duration as people say it in a message: `24 hours`, `1 hour`, `90 minutes`. */
function hoursOf(ms: number): string {
  const hours = ms / 3_600_000;
  if (Number.isInteger(hours)) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.round(ms / 60_000)} minutes`;
}
