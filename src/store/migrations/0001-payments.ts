/**
 * Migration 0001: providers, payment links, transactions, their history and the inbound notification log.
 * Schema rules (both databases): TEXT ids and ISO-8601 UTC timestamps written by the application,
 * INTEGER 0/1 booleans, BIGINT amounts in minor units, JSON as TEXT.
 */
import type { Kysely } from 'kysely';
import { isFlag, nonNegative, oneOf } from './helpers.js';

const TRANSACTION_STATES = ['draft', 'pending', 'authorized', 'done', 'cancel', 'error'];
const CHANNELS = ['return', 'webhook', 'status_check', 'api', 'admin', 'system'];

/** Creates the payment tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('is_published', 'integer', (c) => c.notNull())
    .addColumn('merchant_identifier', 'text')
    .addColumn('access_code_enc', 'text')
    .addColumn('sha_request_phrase_enc', 'text')
    .addColumn('sha_response_phrase_enc', 'text')
    .addColumn('sha_type', 'text', (c) => c.notNull())
    .addColumn('custom_base_url', 'text')
    .addColumn('payment_methods', 'text', (c) => c.notNull())
    .addColumn('capture_manually', 'integer', (c) => c.notNull())
    .addColumn('currencies', 'text', (c) => c.notNull())
    .addColumn('countries', 'text', (c) => c.notNull())
    .addColumn('min_amount', 'bigint')
    .addColumn('max_amount', 'bigint')
    .addColumn('amount_currency', 'text')
    .addColumn('messages', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('providers_state_check', oneOf('state', ['disabled', 'test', 'enabled']))
    .addCheckConstraint('providers_is_published_check', isFlag('is_published'))
    .addCheckConstraint('providers_capture_manually_check', isFlag('capture_manually'))
    .addCheckConstraint('providers_min_amount_check', nonNegative('min_amount'))
    .addCheckConstraint('providers_max_amount_check', nonNegative('max_amount'))
    .execute();
  await db.schema.createIndex('providers_code_idx').on('providers').columns(['code', 'sequence']).execute();

  await db.schema
    .createTable('payment_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('order_reference', 'text')
    .addColumn('description', 'text')
    .addColumn('customer_email', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('lang', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    // No foreign key: transactions reference payment links, and the cycle would block either insert order.
    .addColumn('paid_transaction_id', 'text')
    .addCheckConstraint('payment_links_amount_check', nonNegative('amount'))
    .addCheckConstraint('payment_links_active_check', isFlag('active'))
    .execute();
  await db.schema
    .createIndex('payment_links_created_idx')
    .on('payment_links')
    .columns(['created_at', 'id'])
    .execute();

  await db.schema
    .createTable('transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('order_reference', 'text')
    .addColumn('provider_id', 'text', (c) => c.notNull().references('providers.id'))
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('card_brand', 'text')
    .addColumn('card_last4', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_message', 'text')
    .addColumn('last_state_change', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('source_transaction_id', 'text', (c) => c.references('transactions.id'))
    .addColumn('provider_reference', 'text')
    .addColumn('customer_name', 'text')
    .addColumn('customer_email', 'text')
    .addColumn('customer_lang', 'text')
    .addColumn('customer_phone', 'text')
    .addColumn('customer_country', 'text')
    .addColumn('landing_url', 'text')
    .addColumn('is_live', 'integer', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('payment_link_id', 'text', (c) => c.references('payment_links.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('next_check_at', 'text')
    .addColumn('check_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_check_at', 'text')
    .addColumn('check_lease_until', 'text')
    .addCheckConstraint('transactions_state_check', oneOf('state', TRANSACTION_STATES))
    .addCheckConstraint(
      'transactions_operation_check',
      oneOf('operation', ['online_redirect', 'capture', 'void', 'refund']),
    )
    .addCheckConstraint('transactions_amount_check', nonNegative('amount'))
    .addCheckConstraint('transactions_is_live_check', isFlag('is_live'))
    .addCheckConstraint('transactions_check_attempts_check', nonNegative('check_attempts'))
    .execute();
  const transactionIndexes: Array<[string, string[]]> = [
    // Reconciliation claims scan due checks by time, skipping final states (S8).
    ['transactions_due_check_idx', ['next_check_at', 'state']],
    ['transactions_state_created_idx', ['state', 'created_at']],
    ['transactions_created_idx', ['created_at', 'id']],
    ['transactions_provider_created_idx', ['provider_id', 'created_at']],
    ['transactions_customer_email_idx', ['customer_email']],
    ['transactions_order_reference_idx', ['order_reference']],
    ['transactions_provider_reference_idx', ['provider_reference']],
    ['transactions_source_idx', ['source_transaction_id', 'created_at']],
    ['transactions_payment_link_idx', ['payment_link_id']],
  ];
  for (const [name, columns] of transactionIndexes) {
    await db.schema.createIndex(name).on('transactions').columns(columns).execute();
  }

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .addColumn('content_type', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('provider_code', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('transaction_id', 'text', (c) => c.references('transactions.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addCheckConstraint('notifications_channel_check', oneOf('channel', CHANNELS))
    .execute();
  await db.schema
    .createIndex('notifications_received_idx')
    .on('notifications')
    .columns(['received_at', 'id'])
    .execute();
  await db.schema
    .createIndex('notifications_outcome_idx')
    .on('notifications')
    .columns(['outcome', 'received_at'])
    .execute();
  await db.schema
    .createIndex('notifications_transaction_idx')
    .on('notifications')
    .columns(['transaction_id', 'received_at'])
    .execute();
  await db.schema
    .createIndex('notifications_reference_idx')
    .on('notifications')
    .columns(['reference'])
    .execute();

  await db.schema
    .createTable('transaction_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('transaction_id', 'text', (c) => c.notNull().references('transactions.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('notification_id', 'text', (c) => c.references('notifications.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('transaction_history_from_state_check', oneOf('from_state', TRANSACTION_STATES))
    .addCheckConstraint('transaction_history_to_state_check', oneOf('to_state', TRANSACTION_STATES))
    .addCheckConstraint('transaction_history_channel_check', oneOf('channel', CHANNELS))
    .execute();
  await db.schema
    .createIndex('transaction_history_transaction_idx')
    .on('transaction_history')
    .columns(['transaction_id', 'created_at'])
    .execute();
}

/** Drops the payment tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'transaction_history',
    'notifications',
    'transactions',
    'payment_links',
    'providers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
