/**
 * The `saved_payment_methods` repository (S18): a customer's saved cards. The provider's token arrives
 * and leaves sealed (the secret box is the service's); only its hash is compared here.
 */
import type { Selectable } from 'kysely';
import { newId } from '../../crypto/random.js';
import type { SavedPaymentMethodsTable } from '../schema.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One saved card. */
export interface SavedPaymentMethodRecord {
  id: string;
  customerId: string;
  providerId: string;
  /** The provider's token, sealed. */
  tokenEnc: string;
  /** SHA-256 of the token, to find a card saved twice. */
  tokenHash: string;
  brand: string | null;
  last4: string | null;
  /** `MM/YY`. */
  expiry: string | null;
  /** Identifies the customer's agreement to merchant-initiated charges with this card. */
  agreementId: string | null;
  status: 'active' | 'inactive';
  sourceTransactionId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A card to save. */
export interface NewSavedPaymentMethod {
  customerId: string;
  providerId: string;
  tokenEnc: string;
  tokenHash: string;
  brand?: string | null;
  last4?: string | null;
  expiry?: string | null;
  agreementId?: string | null;
  sourceTransactionId?: string | null;
}

function toRecord(row: Selectable<SavedPaymentMethodsTable>): SavedPaymentMethodRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    providerId: row.provider_id,
    tokenEnc: row.token_enc,
    tokenHash: row.token_hash,
    brand: row.brand,
    last4: row.last4,
    expiry: row.expiry,
    agreementId: row.agreement_id,
    status: row.status,
    sourceTransactionId: row.source_transaction_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Reads and writes saved cards. */
export class SavedPaymentMethodRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Saves a card; `id` is generated when absent. */
  async insert(input: NewSavedPaymentMethod & { id?: string }): Promise<SavedPaymentMethodRecord> {
    const now = nowIso(this.ctx);
    const row = await this.ctx.db
      .insertInto('saved_payment_methods')
      .values({
        id: input.id ?? `pm_${newId(this.ctx.clock).replace(/-/g, '')}`,
        customer_id: input.customerId,
        provider_id: input.providerId,
        token_enc: input.tokenEnc,
        token_hash: input.tokenHash,
        brand: input.brand ?? null,
        last4: input.last4 ?? null,
        expiry: input.expiry ?? null,
        agreement_id: input.agreementId ?? null,
        status: 'active',
        source_transaction_id: input.sourceTransactionId ?? null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The card with this id, if any. */
  async findById(id: string): Promise<SavedPaymentMethodRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('saved_payment_methods')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The card of `providerId` holding the token with this hash, if saved before. */
  async findByToken(providerId: string, tokenHash: string): Promise<SavedPaymentMethodRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('saved_payment_methods')
      .selectAll()
      .where('provider_id', '=', providerId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** A customer's cards, oldest first; only active ones when asked. */
  async listByCustomer(
    customerId: string,
    options: { activeOnly?: boolean } = {},
  ): Promise<SavedPaymentMethodRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('saved_payment_methods')
      .selectAll()
      .where('customer_id', '=', customerId)
      .$if(options.activeOnly === true, (qb) => qb.where('status', '=', 'active'))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Sets a card's status; returns it, or undefined when it does not exist. */
  async setStatus(id: string, status: 'active' | 'inactive'): Promise<SavedPaymentMethodRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('saved_payment_methods')
      .set({ status, updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Sets the agreement merchant-initiated charges of the card are made under. */
  async setAgreement(id: string, agreementId: string): Promise<SavedPaymentMethodRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('saved_payment_methods')
      .set({ agreement_id: agreementId, updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Refreshes what the provider said about a card saved again (new expiry, owner, consent). */
  async refresh(
    id: string,
    patch: { customerId: string; brand: string | null; last4: string | null; expiry: string | null },
  ): Promise<SavedPaymentMethodRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('saved_payment_methods')
      .set({
        customer_id: patch.customerId,
        ...(patch.brand !== null && { brand: patch.brand }),
        ...(patch.last4 !== null && { last4: patch.last4 }),
        ...(patch.expiry !== null && { expiry: patch.expiry }),
        status: 'active',
        updated_at: nowIso(this.ctx),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }
}
