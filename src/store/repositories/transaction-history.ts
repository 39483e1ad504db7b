/** The `transaction_history` repository: every accepted state change, with its channel and source message (S12). */
import type { Selectable } from 'kysely';
import type { Channel, TransactionHistoryTable, TransactionState } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { toIso } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';
import { insertRows } from './bulk-statements.js';

/** The columns {@link TransactionHistoryRepository.insertMany} writes, in the order of its rows. */
const HISTORY_COLUMNS = [
  'id',
  'transaction_id',
  'from_state',
  'to_state',
  'message',
  'channel',
  'notification_id',
  'created_at',
] as const;

/** One accepted state change. */
export interface HistoryEntry {
  id: string;
  transactionId: string;
  /** `null` for the entry that records the creation. */
  fromState: TransactionState | null;
  toState: TransactionState;
  message: string | null;
  channel: Channel;
  notificationId: string | null;
  createdAt: string;
}

/** A state change to record. */
export interface NewHistoryEntry {
  transactionId: string;
  fromState: TransactionState | null;
  toState: TransactionState;
  message?: string | null;
  channel: Channel;
  notificationId?: string | null;
  /** The clock's now when absent; pass the state change's own time to keep them equal. */
  createdAt?: Date | string;
}

function toEntry(row: Selectable<TransactionHistoryTable>): HistoryEntry {
  return {
    id: row.id,
    transactionId: row.transaction_id,
    fromState: row.from_state,
    toState: row.to_state,
    message: row.message,
    channel: row.channel,
    notificationId: row.notification_id,
    createdAt: row.created_at,
  };
}

/** Appends to and reads transaction histories. */
export class TransactionHistoryRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Records one state change. */
  async insert(input: NewHistoryEntry): Promise<HistoryEntry> {
    const row = this.toRow(input);
    await insertRows(this.ctx, 'transaction_history', HISTORY_COLUMNS, [row]);
    return toEntry(row);
  }

  /**
   * The entry {@link insert} would store for `input` — its id and time fixed now — without writing it:
   * for a caller that records several with {@link insertMany}.
   */
  prepare(input: NewHistoryEntry): HistoryEntry {
    return toEntry(this.toRow(input));
  }

  /** Records several state changes (from {@link prepare}) in one statement, in the given order. */
  async insertMany(inputs: readonly (NewHistoryEntry & { id: string })[]): Promise<void> {
    await insertRows(
      this.ctx,
      'transaction_history',
      HISTORY_COLUMNS,
      inputs.map((input) => this.toRow(input)),
    );
  }

  private toRow(input: NewHistoryEntry & { id?: string }) {
    return {
      id: input.id ?? newId(this.ctx.clock),
      transaction_id: input.transactionId,
      from_state: input.fromState,
      to_state: input.toState,
      message: input.message ?? null,
      channel: input.channel,
      notification_id: input.notificationId ?? null,
      created_at: input.createdAt === undefined ? nowIso(this.ctx) : toIso(input.createdAt, 'createdAt'),
    };
  }

  /** The history of one transaction, oldest first. */
  async listByTransaction(transactionId: string): Promise<HistoryEntry[]> {
    const rows = await this.ctx.db
      .selectFrom('transaction_history')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }
}
