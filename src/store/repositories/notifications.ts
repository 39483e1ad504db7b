/** The `notifications` repository: every inbound provider message, recorded before it has any effect (S7). */
import type { Selectable } from 'kysely';
import type { Channel, NotificationsTable } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { after, decodeCursor, pageSize, toIso, toPage, type Page, type PageRequest } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';
import { insertRows } from './bulk-statements.js';

/** Outcomes of messages that proved nothing: anyone can send them, so they are stored capped (S14). */
export const UNVERIFIED_OUTCOMES: readonly string[] = ['bad_signature', 'unknown_reference'];
/** How much of an unverified message is kept. */
export const UNVERIFIED_PAYLOAD_BYTES = 4096;
const UNVERIFIED_FIELD_CHARS = 256;

/** The first `bytes` bytes of `text` (never half a character). */
function headOf(text: string, bytes: number): string {
  const buffer = Buffer.from(text, 'utf8');
  if (buffer.length <= bytes) return text;
  return buffer
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

/**
 * A row of an unverified message as stored: the payload cut to its first 4 KiB (then the sealed
 * original, which could be verified no more, is dropped too), the other free-text fields cut short.
 */
function capUnverified<
  T extends Partial<
    Record<'payload' | 'reference' | 'detail' | 'content_type' | 'original_sealed', string | null>
  >,
>(row: T): T {
  const capped = { ...row };
  if (typeof row.payload === 'string' && Buffer.byteLength(row.payload) > UNVERIFIED_PAYLOAD_BYTES) {
    capped.payload = `${headOf(row.payload, UNVERIFIED_PAYLOAD_BYTES)}… [${Buffer.byteLength(row.payload)} bytes, cut]`;
    capped.original_sealed = null;
  }
  for (const field of ['reference', 'detail', 'content_type'] as const) {
    const value = row[field];
    if (typeof value === 'string' && value.length > UNVERIFIED_FIELD_CHARS) {
      capped[field] = `${value.slice(0, UNVERIFIED_FIELD_CHARS)}…`;
    }
  }
  return capped;
}

/** One recorded inbound message. `outcome` is set by ingestion (`applied`, `bad_signature`, …). */
export interface NotificationRecord {
  id: string;
  channel: Channel;
  receivedAt: string;
  sourceIp: string | null;
  contentType: string | null;
  /** The raw message with secrets masked. */
  payload: string;
  providerCode: string;
  reference: string | null;
  transactionId: string | null;
  outcome: string;
  detail: string | null;
}

/** A message to record; the payload must already be masked. */
export interface NewNotification {
  id?: string;
  channel: Channel;
  /** The clock's now when absent. */
  receivedAt?: Date | string;
  sourceIp?: string | null;
  contentType?: string | null;
  payload: string;
  providerCode: string;
  reference?: string | null;
  transactionId?: string | null;
  outcome: string;
  detail?: string | null;
  /** The original message, sealed by the caller; never returned in records. */
  originalSealed?: string | null;
}

/** What processing concluded; absent fields are left unchanged. */
export interface NotificationOutcome {
  outcome: string;
  detail?: string | null;
  reference?: string | null;
  transactionId?: string | null;
}

/** Filters of the notification log (S11). */
export interface NotificationFilter {
  outcome?: string;
  channel?: Channel;
  transactionId?: string;
}

function toRecord(row: Selectable<NotificationsTable>): NotificationRecord {
  return {
    id: row.id,
    channel: row.channel,
    receivedAt: row.received_at,
    sourceIp: row.source_ip,
    contentType: row.content_type,
    payload: row.payload,
    providerCode: row.provider_code,
    reference: row.reference,
    transactionId: row.transaction_id,
    outcome: row.outcome,
    detail: row.detail,
  };
}

/** The columns {@link NotificationRepository.insertMany} writes, in the order of its rows. */
const NOTIFICATION_COLUMNS = [
  'id',
  'channel',
  'received_at',
  'source_ip',
  'content_type',
  'payload',
  'provider_code',
  'reference',
  'transaction_id',
  'outcome',
  'detail',
  'original_sealed',
] as const;

/** Records and reads inbound messages. */
export class NotificationRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Records a message. */
  async insert(input: NewNotification): Promise<NotificationRecord> {
    const row = await this.ctx.db
      .insertInto('notifications')
      .values(this.toRow(input))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Records several messages in one statement (ids are required, so callers know them beforehand). */
  async insertMany(inputs: readonly (NewNotification & { id: string })[]): Promise<void> {
    await insertRows(
      this.ctx,
      'notifications',
      NOTIFICATION_COLUMNS,
      inputs.map((input) => this.toRow(input)),
    );
  }

  private toRow(input: NewNotification) {
    const row = {
      id: input.id ?? newId(this.ctx.clock),
      channel: input.channel,
      received_at: input.receivedAt === undefined ? nowIso(this.ctx) : toIso(input.receivedAt, 'receivedAt'),
      source_ip: input.sourceIp ?? null,
      content_type: input.contentType ?? null,
      payload: input.payload,
      provider_code: input.providerCode,
      reference: input.reference ?? null,
      transaction_id: input.transactionId ?? null,
      outcome: input.outcome,
      detail: input.detail ?? null,
      original_sealed: input.originalSealed ?? null,
    };
    return UNVERIFIED_OUTCOMES.includes(input.outcome) ? capUnverified(row) : row;
  }

  /** Sets the outcome of processing (also after a reprocess); returns the record, or `undefined` if unknown. */
  async setOutcome(id: string, result: NotificationOutcome): Promise<NotificationRecord | undefined> {
    if (UNVERIFIED_OUTCOMES.includes(result.outcome)) await this.capStored(id);
    const row = await this.ctx.db
      .updateTable('notifications')
      .set({
        outcome: result.outcome,
        ...(result.detail !== undefined ? { detail: result.detail } : {}),
        ...(result.reference !== undefined ? { reference: result.reference } : {}),
        ...(result.transactionId !== undefined ? { transaction_id: result.transactionId } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  private async capStored(id: string): Promise<void> {
    const row = await this.ctx.db
      .selectFrom('notifications')
      .select(['payload', 'reference', 'detail', 'content_type', 'original_sealed'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return;
    const capped = capUnverified(row);
    await this.ctx.db.updateTable('notifications').set(capped).where('id', '=', id).execute();
  }

  /**
   * Deletes unverified messages received before `before` (S14 retention), at most `limit` per call;
   * returns how many went.
   */
  async pruneUnverified(before: Date | string, limit = 1000): Promise<number> {
    const ids = this.ctx.db
      .selectFrom('notifications')
      .select('id')
      .where('outcome', 'in', [...UNVERIFIED_OUTCOMES])
      .where('received_at', '<', toIso(before, 'before'))
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('transaction_history as h')
              .select('h.id')
              .whereRef('h.notification_id', '=', 'notifications.id'),
          ),
        ),
      )
      .limit(limit);
    const result = await this.ctx.db.deleteFrom('notifications').where('id', 'in', ids).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The sealed original of a message (for reprocessing), or `undefined` when none was kept. */
  async findOriginal(id: string): Promise<string | undefined> {
    const row = await this.ctx.db
      .selectFrom('notifications')
      .select('original_sealed')
      .where('id', '=', id)
      .executeTakeFirst();
    return row?.original_sealed ?? undefined;
  }

  /** The message with this id, if any. */
  async findById(id: string): Promise<NotificationRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Messages matching `filter`, newest first, one page at a time. */
  async list(filter: NotificationFilter = {}, page: PageRequest = {}): Promise<Page<NotificationRecord>> {
    const limit = pageSize(page.limit);
    const position = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .$if(filter.outcome !== undefined, (qb) => qb.where('outcome', '=', filter.outcome!))
      .$if(filter.channel !== undefined, (qb) => qb.where('channel', '=', filter.channel!))
      .$if(filter.transactionId !== undefined, (qb) => qb.where('transaction_id', '=', filter.transactionId!))
      .$if(position !== undefined, (qb) => qb.where(after('received_at', position!)))
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(toRecord), limit, (n) => ({ at: n.receivedAt, id: n.id }));
  }

  /** Every message about one transaction, oldest first (its timeline). */
  async listByTransaction(transactionId: string): Promise<NotificationRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('notifications')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }
}
