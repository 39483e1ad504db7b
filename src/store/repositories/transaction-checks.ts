/**
 * Reconciliation bookkeeping (S8, S15): which transactions are due for a status check, and leases so
 * that, with several payport processes, each due transaction is checked by exactly one of them.
 */
import { addMilliseconds, requirePositiveInteger, toIso, toIsoOrNull } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';
import { toTransactionRecord, type TransactionRecord } from './transaction-records.js';

/** Options of {@link scheduleTransactionCheck}. */
export interface ScheduleCheckOptions {
  /** Keep an already scheduled check that is sooner than `at` (e.g. "check within a minute"). */
  keepEarlier?: boolean;
  /** Start the backoff schedule over (a new open state began). */
  resetAttempts?: boolean;
}

/** The outcome of one status check, recorded by {@link recordTransactionCheck}. */
export interface CheckResult {
  checkedAt: Date | string;
  /** When to check again; `null` stops checking. */
  nextCheckAt: Date | string | null;
}

/**
 * Leases up to `limit` transactions whose check is due at `now` for `leaseMs`, and returns them, soonest
 * due first. Final transactions (done, cancel) are never returned. On PostgreSQL the candidates are
 * selected `FOR UPDATE SKIP LOCKED`, so concurrent claimers never get the same row; on SQLite the single
 * UPDATE … RETURNING statement is atomic.
 */
export async function claimDueTransactionChecks(
  ctx: RepositoryContext,
  now: Date | string,
  limit: number,
  leaseMs: number,
): Promise<TransactionRecord[]> {
  requirePositiveInteger(limit, 'limit');
  requirePositiveInteger(leaseMs, 'leaseMs');
  const at = toIso(now, 'now');
  const leaseUntil = addMilliseconds(at, leaseMs);
  const rows = await ctx.db
    .with('due', (db) =>
      db
        .selectFrom('transactions')
        .select('id')
        .where('next_check_at', 'is not', null)
        .where('next_check_at', '<=', at)
        .where('state', 'not in', ['done', 'cancel'])
        .where((eb) => eb.or([eb('check_lease_until', 'is', null), eb('check_lease_until', '<=', at)]))
        .orderBy('next_check_at')
        .orderBy('id')
        .limit(limit)
        .$if(ctx.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .updateTable('transactions')
    .set({ check_lease_until: leaseUntil })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .returningAll()
    .execute();
  return rows
    .map(toTransactionRecord)
    .sort((a, b) => compare(a.nextCheckAt ?? '', b.nextCheckAt ?? '') || compare(a.id, b.id));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Schedules (or, with `at = null`, cancels) the next status check of one transaction. */
export async function scheduleTransactionCheck(
  ctx: RepositoryContext,
  id: string,
  at: Date | string | null,
  options: ScheduleCheckOptions = {},
): Promise<void> {
  const next = toIsoOrNull(at, 'nextCheckAt');
  await ctx.db
    .updateTable('transactions')
    .set((eb) => ({
      next_check_at:
        options.keepEarlier && next !== null
          ? eb
              .case()
              .when(eb.and([eb('next_check_at', 'is not', null), eb('next_check_at', '<', next)]))
              .then(eb.ref('next_check_at'))
              .else(next)
              .end()
          : next,
      ...(options.resetAttempts ? { check_attempts: 0 } : {}),
      updated_at: nowIso(ctx),
    }))
    .where('id', '=', id)
    .execute();
}

/** Records that a check ran: counts the attempt, sets the next one and gives the lease back. */
export async function recordTransactionCheck(
  ctx: RepositoryContext,
  id: string,
  result: CheckResult,
): Promise<void> {
  await ctx.db
    .updateTable('transactions')
    .set((eb) => ({
      last_check_at: toIso(result.checkedAt, 'checkedAt'),
      next_check_at: toIsoOrNull(result.nextCheckAt, 'nextCheckAt'),
      check_attempts: eb('check_attempts', '+', 1),
      check_lease_until: null,
      updated_at: nowIso(ctx),
    }))
    .where('id', '=', id)
    .execute();
}

/** Gives back the check leases of `ids` (graceful shutdown), so another process can check them at once. */
export async function releaseTransactionCheckLeases(
  ctx: RepositoryContext,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .updateTable('transactions')
    .set({ check_lease_until: null })
    .where('id', 'in', [...ids])
    .execute();
}
