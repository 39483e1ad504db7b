/** The `provider_apple_pay` repository (S19): one row per provider with Apple Pay; secrets arrive and leave sealed. */
import type { Selectable } from 'kysely';
import type { ProviderApplePayTable } from '../schema.js';
import { nowIso, type RepositoryContext } from './context.js';

/** A provider's stored Apple Pay settings (sealed columns end in `Enc`). */
export interface ApplePayRecord {
  providerId: string;
  appleMerchantId: string;
  accessCodeEnc: string;
  shaRequestPhraseEnc: string;
  shaResponsePhraseEnc: string;
  shaType: string;
  certificatePem: string;
  privateKeyEnc: string;
  domainAssociation: string;
  updatedAt: string;
}

/** What is written: everything but the time stamp. */
export type ApplePayWrite = Omit<ApplePayRecord, 'updatedAt'>;

function toRecord(row: Selectable<ProviderApplePayTable>): ApplePayRecord {
  return {
    providerId: row.provider_id,
    appleMerchantId: row.apple_merchant_id,
    accessCodeEnc: row.access_code_enc,
    shaRequestPhraseEnc: row.sha_request_phrase_enc,
    shaResponsePhraseEnc: row.sha_response_phrase_enc,
    shaType: row.sha_type,
    certificatePem: row.certificate_pem,
    privateKeyEnc: row.private_key_enc,
    domainAssociation: row.domain_association,
    updatedAt: row.updated_at,
  };
}

/** Reads and writes providers' Apple Pay settings. */
export class ProviderApplePayRepository {
  /** Binds the repository to a store context. */
  constructor(private readonly ctx: RepositoryContext) {}

  /** The Apple Pay settings of one provider, if any. */
  async find(providerId: string): Promise<ApplePayRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('provider_apple_pay')
      .selectAll()
      .where('provider_id', '=', providerId)
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Every provider's Apple Pay settings. */
  async list(): Promise<ApplePayRecord[]> {
    const rows = await this.ctx.db.selectFrom('provider_apple_pay').selectAll().execute();
    return rows.map(toRecord);
  }

  /** Creates or replaces the settings of one provider. */
  async save(write: ApplePayWrite): Promise<ApplePayRecord> {
    const row: ProviderApplePayTable = {
      provider_id: write.providerId,
      apple_merchant_id: write.appleMerchantId,
      access_code_enc: write.accessCodeEnc,
      sha_request_phrase_enc: write.shaRequestPhraseEnc,
      sha_response_phrase_enc: write.shaResponsePhraseEnc,
      sha_type: write.shaType,
      certificate_pem: write.certificatePem,
      private_key_enc: write.privateKeyEnc,
      domain_association: write.domainAssociation,
      updated_at: nowIso(this.ctx),
    };
    const { provider_id: _id, ...changes } = row;
    void _id;
    await this.ctx.db
      .insertInto('provider_apple_pay')
      .values(row)
      .onConflict((oc) => oc.column('provider_id').doUpdateSet(changes))
      .execute();
    return toRecord(row);
  }

  /** Removes a provider's Apple Pay settings; true when there were some. */
  async remove(providerId: string): Promise<boolean> {
    const result = await this.ctx.db
      .deleteFrom('provider_apple_pay')
      .where('provider_id', '=', providerId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
