/**
 * Migration 0011 (SPEC S20): the installments minimums a provider sets per currency, the order
 * description a payment was started with (Tabby and valU send it to APS), and the installment plan the
 * customer chose (number of installments, plan code, issuer code, as APS answers them).
 */
import type { Kysely } from 'kysely';

/** Adds the columns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('providers')
    .addColumn('installments_minimums', 'text', (col) => col.notNull().defaultTo('{}'))
    .execute();
  await db.schema.alterTable('transactions').addColumn('description', 'text').execute();
  await db.schema.alterTable('transactions').addColumn('installments_count', 'integer').execute();
  await db.schema.alterTable('transactions').addColumn('installments_plan_code', 'text').execute();
  await db.schema.alterTable('transactions').addColumn('installments_issuer_code', 'text').execute();
}

/** Removes them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    'installments_issuer_code',
    'installments_plan_code',
    'installments_count',
    'description',
  ]) {
    await db.schema.alterTable('transactions').dropColumn(column).execute();
  }
  await db.schema.alterTable('providers').dropColumn('installments_minimums').execute();
}
