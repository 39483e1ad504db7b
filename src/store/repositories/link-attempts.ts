/**
 * The payments started from one payment link (S9 "one payment per link"): a stored link is found by
 * `payment_link_id`, a signed `/payment/pay` link by `link_key` (migration 0006).
 */
import { sql } from 'kysely';
import type { TransactionState } from '../../domain/transaction-state.js';
import type { RepositoryContext } from './context.js';
import { toTransactionRecord, type TransactionRecord } from './transaction-records.js';

/** One payment link: a stored one by id, or a signed one by its key. */
export type LinkIdentity = { paymentLinkId: string } | { linkKey: string };

/** States in which a payment of a link stands: paid, or perhaps paid (S9). */
export const COMMITTED_STATES: readonly TransactionState[] = ['pending', 'authorized', 'done'];

/** Reads the payments of a link and serialises new attempts on it. */
export class LinkAttemptRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /**
   * Makes concurrent attempts on the same link wait for each other until the surrounding database
   * transaction ends. PostgreSQL takes a transaction-scoped advisory lock on the link (a signed link has
   * no row to lock); SQLite's single connection already serialises them.
   */
  async lock(link: LinkIdentity): Promise<void> {
    if (this.ctx.dialect !== 'postgres') return;
    if (!this.ctx.db.isTransaction) throw new Error('linkAttempts.lock must run inside store.transaction()');
    await sql`select pg_advisory_xact_lock(hashtextextended(${keyOf(link)}, 0))`.execute(this.ctx.db);
  }

  /** The newest payment of the link that is pending, authorized or done, if any. */
  async findCommitted(link: LinkIdentity): Promise<TransactionRecord | undefined> {
    const row = await this.payments(link)
      .where('state', 'in', [...COMMITTED_STATES])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /** The newest draft of the link with this provider and method created at or after `since`. */
  async findRecentDraft(
    link: LinkIdentity,
    choice: { providerId: string; paymentMethod: string; since: Date },
  ): Promise<TransactionRecord | undefined> {
    const row = await this.payments(link)
      .where('state', '=', 'draft')
      .where('provider_id', '=', choice.providerId)
      .where('payment_method', '=', choice.paymentMethod)
      .where('created_at', '>=', choice.since.toISOString())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  private payments(link: LinkIdentity) {
    const query = this.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('source_transaction_id', 'is', null);
    return 'paymentLinkId' in link
      ? query.where('payment_link_id', '=', link.paymentLinkId)
      : query.where('link_key', '=', link.linkKey);
  }
}

function keyOf(link: LinkIdentity): string {
  return 'paymentLinkId' in link ? `payment-link:${link.paymentLinkId}` : `signed-link:${link.linkKey}`;
}
