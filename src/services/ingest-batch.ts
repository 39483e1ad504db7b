/**
 * The statements that the messages of one group commit (group-commit.ts) can share, so a batch costs a
 * handful of statements whatever its size, instead of seven per message:
 * - the payments they name are read and locked in one statement, in reference order;
 * - provider records and the active event endpoints are read once per batch, and the card sides of
 *   the locked payments (S18: is a card to be saved?) in one statement with them;
 * - the state changes of rows the batch holds locked are computed in memory and stored together in
 *   one UPDATE; their notifications and history entries are appended together (notifications first:
 *   history entries point at them), just before the commit, and so are the receipts they queue (S21).
 * Reading a table that has pending writes writes them first, and any other write to a locked row drops
 * the batch's copy of it, so the batch's own statements always see what it did. Everything stays inside
 * the one database transaction: a failed batch leaves nothing behind.
 */
import type {
  EventEndpointRecord,
  HistoryEntry,
  NewHistoryEntry,
  NewNotification,
  NewReceipt,
  NotificationOutcome,
  ProviderRecord,
  Repositories,
  StateChange,
  TransactionCardRecord,
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
export function openIngestBatch(repos: Repositories): IngestBatch {
  const notifications = new Map<string, NewNotification & { id: string }>();
  const history: HistoryEntry[] = [];
  const lockedByReference = new Map<string, TransactionRecord>();
  /** Rows this transaction holds locked, as they are now (pending state changes included). */
  const locked = new Map<string, TransactionRecord>();
  const stateChanges = new Map<string, TransactionRecord>();
  const providers = new Map<string, ProviderRecord | undefined>();
  /** Card sides of the prelocked payments, by payment id (undefined: it has none). */
  const cardSides = new Map<string, TransactionCardRecord | undefined>();
  let activeEndpoints: EventEndpointRecord[] | undefined;
  /** Receipts to queue (S21), written together at the end like the history entries. */
  const receipts: NewReceipt[] = [];

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
  const flushReceipts = async () => {
    if (receipts.length === 0) return;
    await repos.emailMessages.enqueueReceipts(receipts.splice(0));
  };
  const flushStateChanges = async () => {
    if (stateChanges.size === 0) return;
    const rows = [...stateChanges.values()];
    stateChanges.clear();
    await repos.transactions.writeStateChanges(rows);
  };
  /** Any other use of the transactions table sees the pending changes; a write makes our copy stale. */
  const beforeTransactions = async (args: unknown[]) => {
    await flushStateChanges();
    const id = args[0];
    if (typeof id !== 'string') return;
    locked.delete(id);
    for (const [reference, tx] of lockedByReference) if (tx.id === id) lockedByReference.delete(reference);
  };
  const holding = (tx: TransactionRecord | undefined) => {
    if (tx) locked.set(tx.id, tx);
    return tx;
  };

  const batchRepos: Repositories = {
    ...repos,
    notifications: view(repos.notifications, {}, flushNotifications),
    transactionHistory: view(
      repos.transactionHistory,
      {
        insert: (input: NewHistoryEntry): Promise<HistoryEntry> => {
          const entry = repos.transactionHistory.prepare(input);
          history.push(entry);
          return Promise.resolve(entry);
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
            return holding(locked.get(prefetched.id) ?? prefetched);
          }
          for (const tx of locked.values()) if (tx.reference === reference) return tx;
          await flushStateChanges();
          return holding(await repos.transactions.lockByReference(reference));
        },
        lockById: async (id: string) => {
          await flushStateChanges();
          return holding(await repos.transactions.lockById(id));
        },
        updateState: async (id: string, change: StateChange) => {
          const current = locked.get(id);
          // An installment plan is not among the batch UPDATE's columns: such a change is written alone.
          if (!current || change.details?.installments !== undefined) {
            await beforeTransactions([id]);
            return repos.transactions.updateState(id, change);
          }
          const updated = repos.transactions.applyStateChange(current, change);
          if (updated) {
            locked.set(id, updated);
            stateChanges.set(id, updated);
          }
          return updated;
        },
      },
      beforeTransactions,
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
    transactionCards: view(
      repos.transactionCards,
      {
        find: async (transactionId: string) => {
          if (cardSides.has(transactionId)) return cardSides.get(transactionId);
          return repos.transactionCards.find(transactionId);
        },
      },
      // Any other use (a write) makes the batch's copies stale.
      () => cardSides.clear(),
    ),
    emailMessages: view(
      repos.emailMessages,
      {
        enqueueReceipt: (input: NewReceipt): Promise<void> => {
          receipts.push(input);
          return Promise.resolve();
        },
      },
      flushReceipts,
    ),
  };

  return {
    repos: batchRepos,
    async prelock(references) {
      const wanted = [...new Set(references)].filter((r) => !lockedByReference.has(r));
      const found = await repos.transactions.lockManyByReference(wanted);
      for (const tx of found) {
        lockedByReference.set(tx.reference, tx);
        cardSides.set(tx.id, undefined);
      }
      for (const side of await repos.transactionCards.findMany(found.map((tx) => tx.id)))
        cardSides.set(side.transactionId, side);
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
    async flush() {
      await flushStateChanges();
      await flushHistory();
      await flushReceipts();
    },
  };
}
