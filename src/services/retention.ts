/**
 * The retention policy (S14): unverified provider messages (bad signature, unknown reference) and
 * abandoned drafts are kept 30 days, spent form tokens until they expire. Run by `payport prune` and,
 * once a day, by every running payport.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/database.js';

/** How long unverified messages and abandoned drafts are kept. */
export const RETENTION_DAYS = 30;
const DAY_MS = 24 * 3600_000;
const BATCH = 1000;

/** How many rows one run deleted. */
export interface RetentionResult {
  notifications: number;
  drafts: number;
  spentTokens: number;
}

async function drain(step: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await step();
    total += deleted;
    if (deleted < BATCH) return total;
  }
}

/** Applies the retention policy at the clock's now; returns what it deleted. */
export async function applyRetention(
  store: Store,
  clock: Clock,
  days = RETENTION_DAYS,
): Promise<RetentionResult> {
  const now = clock.now();
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const repos = store.repos;
  return {
    notifications: await drain(() => repos.notifications.pruneUnverified(cutoff, BATCH)),
    drafts: await drain(() => store.transaction((trx) => trx.retention.pruneDrafts(cutoff, BATCH))),
    spentTokens: await repos.retention.pruneSpentTokens(now),
  };
}

/** Runs the policy once a day in the background (first run after an hour); `stop` ends it. */
export function startRetention(store: Store, clock: Clock, logger: Logger): { stop(): void } {
  const run = () =>
    applyRetention(store, clock).then(
      (result) => logger.info({ ...result }, 'retention policy applied'),
      (err: unknown) => logger.warn({ err }, 'retention policy run failed; next try tomorrow'),
    );
  const first = setTimeout(() => void run(), 3600_000);
  const daily = setInterval(() => void run(), DAY_MS);
  first.unref();
  daily.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(daily);
    },
  };
}
