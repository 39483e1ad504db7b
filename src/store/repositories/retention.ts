/**
 * Single-use form tokens (spent once, S14) and the retention policy's deletions: abandoned drafts and
 * spent tokens past their expiry. Unverified
 * notifications are pruned by their own repository. Each call deletes a bounded number of rows, so a
 * large backlog is worked off in short statements.
 */
import { toIso } from './codec.js';
import type { RepositoryContext } from './context.js';

/** Deletes what the retention policy no longer keeps. */
export class RetentionRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /**
   * Deletes draft payments created before `before` that nothing refers to (no message, event, child
   * operation or paid link) — checkouts abandoned before reaching the provider — with their history.
   */
  async pruneDrafts(before: Date | string, limit = 1000): Promise<number> {
    const cutoff = toIso(before, 'before');
    const rows = await this.ctx.db
      .selectFrom('transactions as t')
      .select('t.id')
      .where('t.state', '=', 'draft')
      .where('t.operation', '=', 'online_redirect')
      .where('t.created_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('notifications as n')
              .select('n.id')
              .whereRef('n.transaction_id', '=', 't.id')
              .unionAll(selectFrom('events as e').select('e.id').whereRef('e.transaction_id', '=', 't.id'))
              .unionAll(
                selectFrom('transactions as c')
                  .select('c.id')
                  .whereRef('c.source_transaction_id', '=', 't.id'),
              )
              .unionAll(
                selectFrom('payment_links as l')
                  .select('l.id')
                  .whereRef('l.paid_transaction_id', '=', 't.id'),
              ),
          ),
        ),
      )
      .limit(limit)
      .execute();
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) return 0;
    await this.ctx.db.deleteFrom('transaction_history').where('transaction_id', 'in', ids).execute();
    await this.ctx.db.deleteFrom('transaction_cards').where('transaction_id', 'in', ids).execute();
    await this.ctx.db.deleteFrom('installment_choices').where('transaction_id', 'in', ids).execute();
    const result = await this.ctx.db.deleteFrom('transactions').where('id', 'in', ids).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Marks a single-use token (by its hash) as spent until `expiresAt`; `false` when it already was —
   * atomically, so two concurrent submissions of one form cannot both pass.
   */
  async spendToken(tokenHash: string, expiresAt: Date | string): Promise<boolean> {
    const result = await this.ctx.db
      .insertInto('spent_tokens')
      .values({ token_hash: tokenHash, expires_at: toIso(expiresAt, 'expiresAt'), transaction_id: null })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Records the draft a spent token created. */
  async recordTokenTransaction(tokenHash: string, transactionId: string): Promise<void> {
    await this.ctx.db
      .updateTable('spent_tokens')
      .set({ transaction_id: transactionId })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  /** The draft a spent token created, or null (not spent, or its draft not made yet). */
  async tokenTransaction(tokenHash: string): Promise<string | null> {
    const row = await this.ctx.db
      .selectFrom('spent_tokens')
      .select('transaction_id')
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row?.transaction_id ?? null;
  }

  /** Forgets spent single-use tokens that have expired anyway. */
  async pruneSpentTokens(now: Date | string): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('spent_tokens')
      .where('expires_at', '<', toIso(now, 'now'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
