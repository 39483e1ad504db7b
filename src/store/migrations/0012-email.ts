/**
 * Migration 0012 (S21): the email messages payport sends — a payment link sent to a customer (recorded
 * once it went out) and the receipt of a paid payment (an outbox row written with the state change, at
 * most one per payment, sent by the receipt worker with retries).
 */
import type { Kysely } from 'kysely';
import { nonNegative, oneOf } from './helpers.js';

/** Creates `email_messages`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payment_link_id', 'text', (c) => c.references('payment_links.id').onDelete('cascade'))
    .addColumn('transaction_id', 'text', (c) => c.references('transactions.id').onDelete('cascade'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('sent_at', 'text')
    .addCheckConstraint('email_messages_kind_check', oneOf('kind', ['payment_link', 'receipt']))
    .addCheckConstraint('email_messages_status_check', oneOf('status', ['pending', 'sent', 'failed']))
    .addCheckConstraint('email_messages_lang_check', oneOf('lang', ['en', 'ar']))
    .addCheckConstraint('email_messages_attempts_check', nonNegative('attempts'))
    .execute();
  // One receipt per payment, whatever repeats the state change's message; link emails have no
  // transaction (NULL is never equal to NULL, so they never collide).
  await db.schema
    .createIndex('email_messages_receipt_idx')
    .on('email_messages')
    .columns(['kind', 'transaction_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('email_messages_due_idx')
    .on('email_messages')
    .columns(['status', 'next_attempt_at'])
    .execute();
  await db.schema
    .createIndex('email_messages_link_idx')
    .on('email_messages')
    .columns(['payment_link_id', 'created_at'])
    .execute();
}

/** Drops `email_messages`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('email_messages').execute();
}
