/**
 * Migration 0014 (SPEC S20 with the embedded card entry): the installment plan a customer chose on
 * payport's page before entering the card, kept with the draft payment so that neither the plan nor
 * the card's bank can be changed in the browser — the issuer, the plan and its number of installments,
 * the issuer's card BINs and the plan's amount range as the provider listed them, or "full amount".
 */
import type { Kysely } from 'kysely';

/** Adds the table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('installment_choices')
    .addColumn('transaction_id', 'text', (c) => c.primaryKey().references('transactions.id'))
    // Null issuer and plan: the customer chose to pay the full amount at once.
    .addColumn('issuer_code', 'text')
    .addColumn('issuer_name', 'text')
    .addColumn('plan_code', 'text')
    .addColumn('number_of_installments', 'integer')
    .addColumn('amount_per_month', 'bigint')
    // JSON list of the issuer's card number prefixes.
    .addColumn('bins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('minimum_amount', 'bigint')
    .addColumn('maximum_amount', 'bigint')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/** Removes it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('installment_choices').execute();
}
