/**
 * When to ask the provider about a transaction whose outcome is open (S8; Kill Bill's janitor is the
 * model): `pending` at 15 s, 1 min, 3 min, 1 h after it became pending, then daily for 4 days; `draft`
 * from 15 minutes after creation, then hourly, until it is abandoned after 24 hours.
 */
import type { TransactionState } from './transaction-state.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The reconciliation schedule; every figure can be configured. */
export interface ReconciliationSchedule {
  /** Offsets from the moment a transaction became pending. */
  pendingOffsetsMs: readonly number[];
  /** First check of a draft after its creation. */
  draftFirstCheckMs: number;
  /** Interval between later checks of a draft. */
  draftIntervalMs: number;
  /** A draft the provider still does not know after this long is abandoned (cancelled). */
  draftAbandonAfterMs: number;
}

/** The schedule of SPEC S8. */
export const DEFAULT_SCHEDULE: ReconciliationSchedule = Object.freeze({
  pendingOffsetsMs: Object.freeze([15 * SECOND, MINUTE, 3 * MINUTE, HOUR, DAY, 2 * DAY, 3 * DAY, 4 * DAY]),
  draftFirstCheckMs: 15 * MINUTE,
  draftIntervalMs: HOUR,
  draftAbandonAfterMs: DAY,
});

/**
 * The time of check number `attempts + 1` (attempts already made), or null when no check should follow.
 * `since` is when the transaction entered its state (pending) or was created (draft).
 */
export function nextCheckAt(
  state: TransactionState,
  since: Date,
  attempts: number,
  now: Date,
  schedule: ReconciliationSchedule = DEFAULT_SCHEDULE,
): Date | null {
  if (state === 'pending') {
    const offset = schedule.pendingOffsetsMs[attempts];
    if (offset === undefined) return null;
    return new Date(Math.max(since.getTime() + offset, now.getTime()));
  }
  if (state === 'draft') {
    const at = since.getTime() + schedule.draftFirstCheckMs + attempts * schedule.draftIntervalMs;
    const last = since.getTime() + schedule.draftAbandonAfterMs;
    return new Date(Math.max(Math.min(at, last), now.getTime()));
  }
  return null;
}

/** True when a draft is old enough to be abandoned if the provider does not know it. */
export function isAbandonedDraft(
  createdAt: Date,
  now: Date,
  schedule: ReconciliationSchedule = DEFAULT_SCHEDULE,
): boolean {
  return now.getTime() - createdAt.getTime() >= schedule.draftAbandonAfterMs;
}
