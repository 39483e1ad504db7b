/**
 * The reconciliation settings (S8): how often the worker looks for due status checks, how many it
 * leases and runs at once, and the limits of the backoff schedule. Each is a whole number in a stated
 * range, so a typo stops payport at start instead of, say, checking nothing or hammering APS.
 */
import { DEFAULT_SCHEDULE, type ReconciliationSchedule } from './domain/reconciliation-schedule.js';
import { ConfigError } from './errors.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the reconciliation worker is started with. */
export interface ReconciliationSettings {
  intervalMs: number;
  batchSize: number;
  concurrency: number;
  leaseMs: number;
  schedule: ReconciliationSchedule;
}

/** One `RECONCILE_*` setting: its default and the range it must stay in. */
interface Setting {
  name: string;
  fallback: number;
  min: number;
  max: number;
  unit: string;
}

/**
 * The settings and their bounds. The lease must outlast a batch's provider calls (their time limit is
 * tens of seconds), and abandonment must come after the first check of a draft (15 minutes).
 */
const SETTINGS = {
  intervalMs: { name: 'RECONCILE_INTERVAL_MS', fallback: 10_000, min: 100, max: DAY, unit: 'milliseconds' },
  batchSize: { name: 'RECONCILE_BATCH_SIZE', fallback: 20, min: 1, max: 1000, unit: 'transactions' },
  concurrency: { name: 'RECONCILE_CONCURRENCY', fallback: 4, min: 1, max: 64, unit: 'checks' },
  leaseMs: { name: 'RECONCILE_LEASE_MS', fallback: 5 * MINUTE, min: MINUTE, max: DAY, unit: 'milliseconds' },
  pendingDays: { name: 'RECONCILE_PENDING_DAYS', fallback: 4, min: 0, max: 90, unit: 'days' },
  abandonAfterHours: {
    name: 'RECONCILE_ABANDON_AFTER_HOURS',
    fallback: 24,
    min: 1,
    max: 24 * 90,
    unit: 'hours',
  },
} satisfies Record<string, Setting>;

function parseWhole(raw: string | undefined, setting: Setting): number {
  const value = raw?.trim() ?? '';
  if (value === '') return setting.fallback;
  const number = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= setting.min && number <= setting.max)) {
    throw new ConfigError(
      setting.name,
      `must be a whole number of ${setting.unit} from ${setting.min} to ${setting.max}, got "${value}"`,
    );
  }
  return number;
}

/** The checks of a pending transaction before its daily ones (15 s, 1 min, 3 min, 1 h; S8). */
const PENDING_FIRST_OFFSETS_MS = DEFAULT_SCHEDULE.pendingOffsetsMs.filter((offset) => offset < DAY);

/** The schedule with `pendingDays` daily checks of pending transactions and drafts abandoned after `abandonAfterHours`. */
export function reconciliationSchedule(
  pendingDays: number,
  abandonAfterHours: number,
): ReconciliationSchedule {
  const daily = Array.from({ length: pendingDays }, (_, day) => (day + 1) * DAY);
  return Object.freeze({
    ...DEFAULT_SCHEDULE,
    pendingOffsetsMs: Object.freeze([...PENDING_FIRST_OFFSETS_MS, ...daily]),
    draftAbandonAfterMs: abandonAfterHours * HOUR,
  });
}

/** Reads the `RECONCILE_*` settings from raw settings; a ConfigError names the first invalid one. */
export function parseReconciliationSettings(raw: Record<string, string | undefined>): ReconciliationSettings {
  const read = (setting: Setting) => parseWhole(raw[setting.name], setting);
  return {
    intervalMs: read(SETTINGS.intervalMs),
    batchSize: read(SETTINGS.batchSize),
    concurrency: read(SETTINGS.concurrency),
    leaseMs: read(SETTINGS.leaseMs),
    schedule: reconciliationSchedule(read(SETTINGS.pendingDays), read(SETTINGS.abandonAfterHours)),
  };
}
