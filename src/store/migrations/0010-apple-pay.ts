/**
 * Migration 0010: `provider_apple_pay`, a provider's Apple Pay settings (S19). APS gives Apple Pay its
 * own access code, SHA phrases and SHA type; Apple gives the merchant identifier, the merchant identity
 * certificate and key, and the domain-association file. A row of its own, so the card credentials and
 * every view of a provider stay as they were; secrets are sealed like the provider's own.
 */
import type { Kysely } from 'kysely';

/** Creates `provider_apple_pay`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('provider_apple_pay')
    .addColumn('provider_id', 'text', (c) => c.primaryKey().references('providers.id').onDelete('cascade'))
    .addColumn('apple_merchant_id', 'text', (c) => c.notNull())
    .addColumn('access_code_enc', 'text', (c) => c.notNull())
    .addColumn('sha_request_phrase_enc', 'text', (c) => c.notNull())
    .addColumn('sha_response_phrase_enc', 'text', (c) => c.notNull())
    .addColumn('sha_type', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('private_key_enc', 'text', (c) => c.notNull())
    .addColumn('domain_association', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drops the table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('provider_apple_pay').execute();
}
