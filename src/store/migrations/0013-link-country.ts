/**
 * Migration 0013 (S21): the customer's country a stored payment link carries (ISO 3166-1 alpha-2, set
 * by the merchant in the API or the back office), so `/pay/<id>` offers only the methods of that country
 * instead of asking the customer.
 */
import type { Kysely } from 'kysely';

/** Adds `payment_links.customer_country`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment_links').addColumn('customer_country', 'text').execute();
}

/** Removes it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment_links').dropColumn('customer_country').execute();
}
