/**
 * Migration 0009 (S18): customers, their saved payment methods (provider tokens, sealed), the card
 * details of a payment (which customer, which saved card, whether to save the card used), and the
 * provider setting `card_entry` (`hosted` Redirection or `embedded` Merchant Page).
 */
import type { Kysely } from 'kysely';
import { isFlag, oneOf } from './helpers.js';

/** Adds the tables and the provider column. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('providers')
    .addColumn('card_entry', 'text', (c) => c.notNull().defaultTo('hosted'))
    .execute();
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('phone', 'text')
    .addColumn('country', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Deleted customers are kept (their payments still name them) but no longer listed or usable.
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('customers_created_idx')
    .on('customers')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema.createIndex('customers_email_idx').on('customers').columns(['email']).execute();
  await db.schema
    .createTable('saved_payment_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('provider_id', 'text', (c) => c.notNull().references('providers.id'))
    // The provider's token, sealed with the secret box; its hash finds a token saved twice.
    .addColumn('token_enc', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('last4', 'text')
    .addColumn('expiry', 'text')
    .addColumn('agreement_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source_transaction_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('saved_payment_methods_status_check', oneOf('status', ['active', 'inactive']))
    .execute();
  await db.schema
    .createIndex('saved_payment_methods_token_idx')
    .on('saved_payment_methods')
    .columns(['provider_id', 'token_hash'])
    .unique()
    .execute();
  await db.schema
    .createIndex('saved_payment_methods_customer_idx')
    .on('saved_payment_methods')
    .columns(['customer_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('transaction_cards')
    .addColumn('transaction_id', 'text', (c) => c.primaryKey().references('transactions.id'))
    .addColumn('customer_id', 'text')
    .addColumn('payment_method_id', 'text')
    .addColumn('save_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('off_session', 'integer', (c) => c.notNull().defaultTo(0))
    // The token the payment was charged with, sealed, kept until the payment settles (3-D Secure).
    .addColumn('token_enc', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('transaction_cards_save_check', isFlag('save_requested'))
    .addCheckConstraint('transaction_cards_off_session_check', isFlag('off_session'))
    .execute();
  await db.schema
    .createIndex('transaction_cards_customer_idx')
    .on('transaction_cards')
    .columns(['customer_id'])
    .execute();
}

/** Removes them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('transaction_cards').execute();
  await db.schema.dropTable('saved_payment_methods').execute();
  await db.schema.dropTable('customers').execute();
  await db.schema.alterTable('providers').dropColumn('card_entry').execute();
}
