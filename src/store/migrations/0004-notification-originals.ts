/**
 * Migration 0004: keeps each inbound message's original fields, encrypted, beside the masked copy, so
 * that "reprocess" can verify the original signature again after a fix (S11). Never shown or logged.
 */
import type { Kysely } from 'kysely';

/** Adds `notifications.original_sealed`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('original_sealed', 'text').execute();
}

/** Removes the column. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('notifications').dropColumn('original_sealed').execute();
}
