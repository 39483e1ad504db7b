/**
 * Migration 0008: `transactions.payment_page`, the same-origin path of the customer's payment page a
 * payment was started from (S21 "Try again"). A signed `/payment/pay` link is stored without its access
 * token, which is signed again when the link is shown, so the column never holds a token.
 */
import type { Kysely } from 'kysely';

/** Adds `transactions.payment_page`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('transactions').addColumn('payment_page', 'text').execute();
}

/** Removes the column. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('transactions').dropColumn('payment_page').execute();
}
