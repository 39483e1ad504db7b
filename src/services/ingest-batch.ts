/**
 * The statements that the messages of one group commit (group-commit.ts) can share, so a batch costs a
 * few statements plus one UPDATE per message instead of seven per message:
 * - the payments they name are read and locked in one statement, in reference order;
 * - provider records and the active event endpoints are read once per batch;
 * - their notifications and history entries, which nothing in the batch reads back, are appended
 *   together just before the commit (notifications first: history entries point at them).
 * Reading a table that has pending rows writes them first, and writing a locked payment drops its
 * prefetched copy, so the batch's own statements always see what it did. Everything stays inside the
 * one database transaction: a failed batch leaves nothing behind.
 */
import { newId } from '../crypto/random.js';
import type { Clock } from '../clock.js';
import type {
  EventEndpointRecord,
  HistoryEntry,
  NewHistoryEntry,
  NewNotification,
  NotificationOutcome,
  ProviderRecord,
  Repositories,
  TransactionRecord,
} from '../store/repositories/index.js';

/** One batch's view of the repositories, plus what it keeps for the end. */
export interface IngestBatch {
  /** Use these for every statement of the batch. */
  readonly repos: Repositories;
  /** Reads and locks the transactions with these references (served to `lockByReference` once each). */
  prelock(references: readonly string[]): Promise<void>;
  /** Records a message; written at {@link flush} (or before anything reads notifications). */
  recordNotification(input: NewNotification & { id: string }): void;
  /** Sets the outcome of a message recorded in this batch. */
  setNotificationOutcome(id: string, outcome: NotificationOutcome): Promise<void>;
  /** Writes the pending rows; call once, after the last message and before the commit. */
  flush(): Promise<void>;
}

type Methods<T> = { [K in keyof T]?: T[K] };

/**
 * A view of `inner` where `overrides` replace some methods and every other method first awaits
 * `before` (when given).
 */
function view<T extends object>(inner: T, overrides: Methods<T>, before?: (args: unknown[]) => unknown): T {
  return new Proxy(inner, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return overrides[prop as keyof T];
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!before) return method.bind(target);
      return async (...args: unknown[]) => {
        await before(args);
        return method.apply(target, args);
      };
    },
  });
}

/** Opens the batch view of a transaction's repositories. */
export function openIngestBatch(repos: Repositories, clock: Clock): IngestBatch {
  const notifications = new Map<string, NewNotification & { id: string }>();
  const history: (NewHistoryEntry & { id: string })[] = [];
  const lockedByReference = new Map<string, TransactionRecord>();
  const providers = new Map<string, ProviderRecord | undefined>();
  let activeEndpoints: EventEndpointRecord[] | undefined;

  const flushNotifications = async () => {
    if (notifications.size === 0) return;
    const rows = [...notifications.values()];
    notifications.clear();
    await repos.notifications.insertMany(rows);
  };
  const flushHistory = async () => {
    await flushNotifications();
    if (history.length === 0) return;
    const rows = history.splice(0);
    await repos.transactionHistory.insertMany(rows);
  };
  /** A write to a transaction makes its prefetched copy stale. */
  const forget = (args: unknown[]) => {
    const id = args[0];
    if (typeof id !== 'string') return;
    for (const [reference, tx] of lockedByReference) if (tx.id === id) lockedByReference.delete(reference);
  };

  const batchRepos: Repositories = {
    ...repos,
    notifications: view(repos.notifications, {}, flushNotifications),
    transactionHistory: view(
      repos.transactionHistory,
      {
        insert: (input: NewHistoryEntry): Promise<HistoryEntry> => {
          const entry = {
            ...input,
            id: newId(clock),
            createdAt:
              input.createdAt === undefined
                ? clock.now().toISOString()
                : typeof input.createdAt === 'string'
                  ? input.createdAt
                  : input.createdAt.toISOString(),
          };
          history.push(entry);
          return Promise.resolve({
            id: entry.id,
            transactionId: entry.transactionId,
            fromState: entry.fromState,
            toState: entry.toState,
            message: entry.message ?? null,
            channel: entry.channel,
            notificationId: entry.notificationId ?? null,
            createdAt: entry.createdAt,
          });
        },
      },
      flushHistory,
    ),
    transactions: view(
      repos.transactions,
      {
        lockByReference: async (reference: string) => {
          const prefetched = lockedByReference.get(reference);
          if (prefetched) {
            lockedByReference.delete(reference);
            return prefetched;
          }
          return repos.transactions.lockByReference(reference);
        },
      },
      forget,
    ),
    providers: view(
      repos.providers,
      {
        findById: async (id: string) => {
          if (!providers.has(id)) providers.set(id, await repos.providers.findById(id));
          return providers.get(id);
        },
      },
      () => providers.clear(),
    ),
    eventEndpoints: view(
      repos.eventEndpoints,
      {
        list: async (options: { activeOnly?: boolean } = {}) => {
          if (options.activeOnly !== true) return repos.eventEndpoints.list(options);
          activeEndpoints ??= await repos.eventEndpoints.list({ activeOnly: true });
          return [...activeEndpoints];
        },
      },
      () => (activeEndpoints = undefined),
    ),
  };

  return {
    repos: batchRepos,
    async prelock(references) {
      const wanted = [...new Set(references)].filter((r) => !lockedByReference.has(r));
      for (const tx of await repos.transactions.lockManyByReference(wanted))
        lockedByReference.set(tx.reference, tx);
    },
    recordNotification(input) {
      notifications.set(input.id, { ...input });
    },
    async setNotificationOutcome(id, outcome) {
      const pending = notifications.get(id);
      if (!pending) {
        await repos.notifications.setOutcome(id, outcome);
        return;
      }
      pending.outcome = outcome.outcome;
      if (outcome.detail !== undefined) pending.detail = outcome.detail;
      if (outcome.reference !== undefined) pending.reference = outcome.reference;
      if (outcome.transactionId !== undefined) pending.transactionId = outcome.transactionId;
    },
    flush: flushHistory,
  };
}
