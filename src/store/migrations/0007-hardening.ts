/**
 * Migration 0007: what the second security round stores (S14 "Hardening") — how many times an account
 * has been locked (each lock lasts twice the last), the TOTP second factor of back-office users, the
 * scopes of merchant API keys, and the form tokens already spent (a form token is single-use).
 */
import type { Kysely } from 'kysely';

/** Adds the columns and the spent-token table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('lock_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('totp_secret_enc', 'text').execute();
  // NULL: a key created before scopes existed, which keeps the default scopes.
  await db.schema.alterTable('api_keys').addColumn('scopes', 'text').execute();
  await db.schema
    .createTable('spent_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // The draft the token created, so a repeated submission (a double click) shows that same draft.
    .addColumn('transaction_id', 'text')
    .execute();
  await db.schema
    .createIndex('spent_tokens_expires_idx')
    .on('spent_tokens')
    .columns(['expires_at'])
    .execute();
}

/** Removes them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('spent_tokens').execute();
  await db.schema.alterTable('api_keys').dropColumn('scopes').execute();
  await db.schema.alterTable('users').dropColumn('totp_secret_enc').execute();
  await db.schema.alterTable('users').dropColumn('lock_count').execute();
}
