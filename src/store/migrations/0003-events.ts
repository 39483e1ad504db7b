/** Migration 0003: event endpoints, the event outbox and its delivery log (S12). */
import type { Kysely } from 'kysely';
import { isFlag, nonNegative, oneOf } from './helpers.js';

/** Creates the event tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint('event_endpoints_active_check', isFlag('active'))
    .execute();
  await db.schema
    .createIndex('event_endpoints_created_idx')
    .on('event_endpoints')
    .columns(['created_at', 'id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('event_endpoints.id').onDelete('cascade'))
    .addColumn('transaction_id', 'text', (c) => c.references('transactions.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .addCheckConstraint('events_status_check', oneOf('status', ['pending', 'delivered', 'failed']))
    .addCheckConstraint('events_attempts_check', nonNegative('attempts'))
    .execute();
  await db.schema.createIndex('events_due_idx').on('events').columns(['status', 'next_attempt_at']).execute();
  await db.schema
    .createIndex('events_transaction_idx')
    .on('events')
    .columns(['transaction_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('events_endpoint_idx')
    .on('events')
    .columns(['endpoint_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('event_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('http_status', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addCheckConstraint('event_deliveries_duration_check', nonNegative('duration_ms'))
    .execute();
  await db.schema
    .createIndex('event_deliveries_event_idx')
    .on('event_deliveries')
    .columns(['event_id', 'attempted_at'])
    .execute();
}

/** Drops the event tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['event_deliveries', 'events', 'event_endpoints']) {
    await db.schema.dropTable(table).execute();
  }
}
