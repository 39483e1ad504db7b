/**
 * Migration 0006: `transactions.link_key`, the stable identity of the signed `/payment/pay` link a
 * payment was started from (S9 "one payment per link"). Such links have no row of their own, so this is
 * how a new attempt finds the earlier ones; stored links use `payment_link_id` as before.
 */
import type { Kysely } from 'kysely';

/** Adds `transactions.link_key` and its index. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('transactions').addColumn('link_key', 'text').execute();
  await db.schema.createIndex('transactions_link_key_idx').on('transactions').columns(['link_key']).execute();
}

/** Removes the column and its index. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('transactions_link_key_idx').execute();
  await db.schema.alterTable('transactions').dropColumn('link_key').execute();
}
