/** The `providers` repository (S3). Credentials arrive and leave encrypted; this layer never sees them in clear. */
import type { Selectable, Updateable } from 'kysely';
import type { ProviderState, ProvidersTable } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { fromFlag, fromJsonObject, fromJsonStringArray, requireMinorUnits, toFlag, toJson } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';
import type { CardEntry } from '../../domain/provider-types.js';

/** The customer-facing messages a provider can override (S3). */
export type ProviderMessageKind = 'pre' | 'pending' | 'authorized' | 'done' | 'cancel';
/** Messages by kind, then by language. */
export type ProviderMessages = Partial<Record<ProviderMessageKind, Partial<Record<'en' | 'ar', string>>>>;

/** One provider account. */
export interface ProviderRecord {
  id: string;
  code: string;
  name: string;
  sequence: number;
  state: ProviderState;
  isPublished: boolean;
  merchantIdentifier: string | null;
  accessCodeEnc: string | null;
  shaRequestPhraseEnc: string | null;
  shaResponsePhraseEnc: string | null;
  shaType: string;
  customBaseUrl: string | null;
  /** Enabled payment method codes. */
  paymentMethods: string[];
  captureManually: boolean;
  /** Accepted currencies; empty means all. */
  currencies: string[];
  /** Accepted countries; empty means all. */
  countries: string[];
  minAmount: number | null;
  maxAmount: number | null;
  amountCurrency: string | null;
  messages: ProviderMessages;
  /** `hosted` (Redirection) or `embedded` (Merchant Page in an iframe), S18. */
  cardEntry: CardEntry;
  /** Installments offered from these amounts, per currency (minor units). */
  installmentsMinimums: Record<string, number>;
  createdAt: string;
  updatedAt: string;
}

/** Editable provider fields; absent ones are left unchanged. */
export interface ProviderPatch {
  name?: string;
  sequence?: number;
  state?: ProviderState;
  isPublished?: boolean;
  merchantIdentifier?: string | null;
  accessCodeEnc?: string | null;
  shaRequestPhraseEnc?: string | null;
  shaResponsePhraseEnc?: string | null;
  shaType?: string;
  customBaseUrl?: string | null;
  paymentMethods?: string[];
  captureManually?: boolean;
  currencies?: string[];
  countries?: string[];
  minAmount?: number | null;
  maxAmount?: number | null;
  amountCurrency?: string | null;
  messages?: ProviderMessages;
  cardEntry?: CardEntry;
  installmentsMinimums?: Record<string, number>;
}

/** A provider to create: code and name, anything else defaults (disabled, unpublished, sha256, no methods). */
export interface NewProvider extends ProviderPatch {
  id?: string;
  code: string;
  name: string;
}

/** What `neutralize` changed. */
export interface NeutralizeResult {
  /** Providers switched from enabled to disabled. */
  disabled: number;
  /** Providers whose credentials were erased. */
  erased: number;
}

function toRecord(row: Selectable<ProvidersTable>): ProviderRecord {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    sequence: Number(row.sequence),
    state: row.state,
    isPublished: fromFlag(row.is_published),
    merchantIdentifier: row.merchant_identifier,
    accessCodeEnc: row.access_code_enc,
    shaRequestPhraseEnc: row.sha_request_phrase_enc,
    shaResponsePhraseEnc: row.sha_response_phrase_enc,
    shaType: row.sha_type,
    customBaseUrl: row.custom_base_url,
    paymentMethods: fromJsonStringArray(row.payment_methods, 'providers.payment_methods'),
    captureManually: fromFlag(row.capture_manually),
    currencies: fromJsonStringArray(row.currencies, 'providers.currencies'),
    countries: fromJsonStringArray(row.countries, 'providers.countries'),
    minAmount: row.min_amount === null ? null : Number(row.min_amount),
    maxAmount: row.max_amount === null ? null : Number(row.max_amount),
    amountCurrency: row.amount_currency,
    messages: fromJsonObject<ProviderMessages>(row.messages, 'providers.messages'),
    cardEntry: row.card_entry === 'embedded' ? 'embedded' : 'hosted',
    installmentsMinimums: fromJsonObject<Record<string, number>>(
      row.installments_minimums ?? '{}',
      'providers.installments_minimums',
    ),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function optionalAmount(value: number | null, field: string): number | null {
  return value === null ? null : requireMinorUnits(value, field);
}

/** The columns a patch changes. */
function toChanges(patch: ProviderPatch): Updateable<ProvidersTable> {
  const changes: Updateable<ProvidersTable> = {};
  if (patch.name !== undefined) changes.name = patch.name;
  if (patch.sequence !== undefined) changes.sequence = patch.sequence;
  if (patch.state !== undefined) changes.state = patch.state;
  if (patch.isPublished !== undefined) changes.is_published = toFlag(patch.isPublished);
  if (patch.merchantIdentifier !== undefined) changes.merchant_identifier = patch.merchantIdentifier;
  if (patch.accessCodeEnc !== undefined) changes.access_code_enc = patch.accessCodeEnc;
  if (patch.shaRequestPhraseEnc !== undefined) changes.sha_request_phrase_enc = patch.shaRequestPhraseEnc;
  if (patch.shaResponsePhraseEnc !== undefined) changes.sha_response_phrase_enc = patch.shaResponsePhraseEnc;
  if (patch.shaType !== undefined) changes.sha_type = patch.shaType;
  if (patch.customBaseUrl !== undefined) changes.custom_base_url = patch.customBaseUrl;
  if (patch.paymentMethods !== undefined) changes.payment_methods = toJson(patch.paymentMethods);
  if (patch.captureManually !== undefined) changes.capture_manually = toFlag(patch.captureManually);
  if (patch.currencies !== undefined) changes.currencies = toJson(patch.currencies);
  if (patch.countries !== undefined) changes.countries = toJson(patch.countries);
  if (patch.minAmount !== undefined) changes.min_amount = optionalAmount(patch.minAmount, 'minAmount');
  if (patch.maxAmount !== undefined) changes.max_amount = optionalAmount(patch.maxAmount, 'maxAmount');
  if (patch.amountCurrency !== undefined) changes.amount_currency = patch.amountCurrency;
  if (patch.messages !== undefined) changes.messages = toJson(patch.messages);
  if (patch.cardEntry !== undefined) changes.card_entry = patch.cardEntry;
  if (patch.installmentsMinimums !== undefined)
    changes.installments_minimums = toJson(patch.installmentsMinimums);
  return changes;
}

/** Reads and writes provider accounts. */
export class ProviderRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates a provider. */
  async insert(input: NewProvider): Promise<ProviderRecord> {
    const now = nowIso(this.ctx);
    const row = await this.ctx.db
      .insertInto('providers')
      .values({
        id: input.id ?? newId(this.ctx.clock),
        code: input.code,
        name: input.name,
        sequence: 10,
        state: 'disabled',
        is_published: 0,
        merchant_identifier: null,
        access_code_enc: null,
        sha_request_phrase_enc: null,
        sha_response_phrase_enc: null,
        sha_type: 'sha256',
        custom_base_url: null,
        payment_methods: '[]',
        capture_manually: 0,
        currencies: '[]',
        countries: '[]',
        min_amount: null,
        max_amount: null,
        amount_currency: null,
        messages: '{}',
        card_entry: 'hosted',
        installments_minimums: '{}',
        ...toChanges(input),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The provider with this id, if any. */
  async findById(id: string): Promise<ProviderRecord | undefined> {
    const row = await this.ctx.db.selectFrom('providers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Providers by sequence then name, optionally only those of the given states and code. */
  async list(filter: { states?: ProviderState[]; code?: string } = {}): Promise<ProviderRecord[]> {
    const states = filter.states;
    if (states !== undefined && states.length === 0) return [];
    const rows = await this.ctx.db
      .selectFrom('providers')
      .selectAll()
      .$if(states !== undefined, (qb) => qb.where('state', 'in', states!))
      .$if(filter.code !== undefined, (qb) => qb.where('code', '=', filter.code!))
      .orderBy('sequence')
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Applies `patch`; returns the updated provider, or `undefined` when it does not exist. */
  async update(id: string, patch: ProviderPatch): Promise<ProviderRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('providers')
      .set({ ...toChanges(patch), updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /**
   * For a copy of a production database (`payport neutralize`): enabled providers become disabled and
   * unpublished, test ones stay test, and every provider's credentials are erased.
   */
  async neutralize(): Promise<NeutralizeResult> {
    const now = nowIso(this.ctx);
    const disabled = await this.ctx.db
      .updateTable('providers')
      .set({ state: 'disabled', is_published: 0, updated_at: now })
      .where('state', '=', 'enabled')
      .executeTakeFirst();
    const erased = await this.ctx.db
      .updateTable('providers')
      .set({
        merchant_identifier: null,
        access_code_enc: null,
        sha_request_phrase_enc: null,
        sha_response_phrase_enc: null,
        updated_at: now,
      })
      .executeTakeFirst();
    return { disabled: Number(disabled.numUpdatedRows), erased: Number(erased.numUpdatedRows) };
  }
}
