/**
 * The `email_messages` repository (S21): payment links sent by email (written once the SMTP server took
 * the message) and the receipt outbox (one row per paid payment, written in the state change's database
 * transaction, claimed with a lease by the receipt worker).
 */
import type { Selectable } from 'kysely';
import { newId } from '../../crypto/random.js';
import type { EmailMessagesTable } from '../schema.js';
import { addMilliseconds, requirePositiveInteger, toIso } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One email message. */
export interface EmailMessageRecord {
  id: string;
  kind: EmailMessagesTable['kind'];
  paymentLinkId: string | null;
  transactionId: string | null;
  recipient: string;
  lang: 'en' | 'ar';
  status: EmailMessagesTable['status'];
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  createdBy: string | null;
  sentAt: string | null;
}

/** A receipt to queue. */
export interface NewReceipt {
  transactionId: string;
  recipient: string;
  lang: 'en' | 'ar';
  /** When the payment became paid (ISO-8601 UTC); the receipt is due then. */
  at: string;
}

/** A payment link email that went out. */
export interface SentLinkEmail {
  paymentLinkId: string;
  recipient: string;
  lang: 'en' | 'ar';
  createdBy: string | null;
}

function toRecord(row: Selectable<EmailMessagesTable>): EmailMessageRecord {
  return {
    id: row.id,
    kind: row.kind,
    paymentLinkId: row.payment_link_id,
    transactionId: row.transaction_id,
    recipient: row.recipient,
    lang: row.lang,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    createdBy: row.created_by,
    sentAt: row.sent_at,
  };
}

/** Reads and writes email messages. */
export class EmailMessageRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /**
   * Queues the receipt of a payment unless it has one already: a repeated or replayed paid message adds
   * nothing (the unique index on kind and payment decides, also between concurrent transactions).
   */
  async enqueueReceipt(input: NewReceipt): Promise<void> {
    await this.enqueueReceipts([input]);
  }

  /** {@link enqueueReceipt} for several payments in one statement (the ingestion batch's way). */
  async enqueueReceipts(inputs: readonly NewReceipt[]): Promise<void> {
    // Without email set up nothing is queued: nothing would send it, and a later SMTP_URL must not
    // mail the receipts of earlier payments.
    if (inputs.length === 0 || this.ctx.receipts === false) return;
    await this.ctx.db
      .insertInto('email_messages')
      .values(
        inputs.map((input) => {
          const at = toIso(input.at, 'at');
          return {
            id: newId({ now: () => new Date(at) }),
            kind: 'receipt' as const,
            payment_link_id: null,
            transaction_id: input.transactionId,
            recipient: input.recipient,
            lang: input.lang,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: at,
            lease_until: null,
            last_error: null,
            created_at: at,
            created_by: null,
            sent_at: null,
          };
        }),
      )
      .onConflict((oc) => oc.columns(['kind', 'transaction_id']).doNothing())
      .execute();
  }

  /** Records a payment link email the SMTP server accepted. */
  async recordLinkSent(input: SentLinkEmail): Promise<EmailMessageRecord> {
    const now = nowIso(this.ctx);
    const row = await this.ctx.db
      .insertInto('email_messages')
      .values({
        id: newId(this.ctx.clock),
        kind: 'payment_link',
        payment_link_id: input.paymentLinkId,
        transaction_id: null,
        recipient: input.recipient,
        lang: input.lang,
        status: 'sent',
        attempts: 1,
        next_attempt_at: null,
        lease_until: null,
        last_error: null,
        created_at: now,
        created_by: input.createdBy,
        sent_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The emails of these payment links that went out, newest first. */
  async listSentForLinks(paymentLinkIds: readonly string[]): Promise<EmailMessageRecord[]> {
    if (paymentLinkIds.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('email_messages')
      .selectAll()
      .where('kind', '=', 'payment_link')
      .where('status', '=', 'sent')
      .where('payment_link_id', 'in', [...paymentLinkIds])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /** One message by id. */
  async findById(id: string): Promise<EmailMessageRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('email_messages')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The receipt of a payment, if one was queued. */
  async findReceipt(transactionId: string): Promise<EmailMessageRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('email_messages')
      .selectAll()
      .where('kind', '=', 'receipt')
      .where('transaction_id', '=', transactionId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * Leases up to `limit` pending receipts due at `now` for `leaseMs`, oldest first. PostgreSQL selects
   * them `FOR UPDATE SKIP LOCKED`; on SQLite the single UPDATE … RETURNING is atomic. So two workers
   * never hold one receipt at once.
   */
  async claimDueReceipts(now: Date | string, limit: number, leaseMs: number): Promise<EmailMessageRecord[]> {
    requirePositiveInteger(limit, 'limit');
    requirePositiveInteger(leaseMs, 'leaseMs');
    const at = toIso(now, 'now');
    const rows = await this.ctx.db
      .with('due', (db) =>
        db
          .selectFrom('email_messages')
          .select('id')
          .where('kind', '=', 'receipt')
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .$if(this.ctx.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
      )
      .updateTable('email_messages')
      .set({ lease_until: addMilliseconds(at, leaseMs) })
      .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
      .where('status', '=', 'pending')
      .returningAll()
      .execute();
    return rows
      .map(toRecord)
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  /** Marks a claimed message sent. */
  async markSent(id: string, at: Date | string): Promise<void> {
    await this.ctx.db
      .updateTable('email_messages')
      .set((eb) => ({
        status: 'sent',
        sent_at: toIso(at, 'at'),
        attempts: eb('attempts', '+', 1),
        lease_until: null,
        last_error: null,
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Records a failed attempt: retried at `nextAttemptAt`, or given up (`failed`) when that is null. */
  async markAttemptFailed(id: string, error: string, nextAttemptAt: Date | string | null): Promise<void> {
    await this.ctx.db
      .updateTable('email_messages')
      .set((eb) => ({
        status: nextAttemptAt === null ? 'failed' : 'pending',
        next_attempt_at: nextAttemptAt === null ? null : toIso(nextAttemptAt, 'nextAttemptAt'),
        attempts: eb('attempts', '+', 1),
        lease_until: null,
        last_error: error.slice(0, 500),
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }
}
