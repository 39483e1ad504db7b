/**
 * The shape of a payment-provider record (SPEC S3) and its fixed vocabularies. Rules live in
 * `provider.ts`, `provider-validation.ts` and `provider-compatibility.ts`; import them all from
 * `provider.ts`.
 */
import type { LocalizedText } from './locale.js';
import type { PaymentMethodCode } from './payment-methods.js';

/** Operating modes: `disabled` (offered nowhere), `test` (sandbox), `enabled` (production). */
export const PROVIDER_STATES = ['disabled', 'test', 'enabled'] as const;
/** One of {@link PROVIDER_STATES}. */
export type ProviderState = (typeof PROVIDER_STATES)[number];

/** How customers type card details (S18): on the provider's hosted page, or its Merchant Page inside ours. */
export const CARD_ENTRIES = ['hosted', 'embedded'] as const;
/** One of {@link CARD_ENTRIES}. */
export type CardEntry = (typeof CARD_ENTRIES)[number];

/** Provider codes payport implements. */
export const PROVIDER_CODES = ['aps'] as const;
/** One of {@link PROVIDER_CODES}. */
export type ProviderCode = (typeof PROVIDER_CODES)[number];

/**
 * Signature algorithms offered in the APS back office ("SHA-128" is SHA-1). Same list as
 * `providers/aps/signature.ts` SHA_TYPES, repeated because the domain imports no provider code.
 */
export const PROVIDER_SHA_TYPES = ['sha256', 'sha512', 'sha1', 'hmac256', 'hmac512'] as const;
/** One of {@link PROVIDER_SHA_TYPES}. */
export type ProviderShaType = (typeof PROVIDER_SHA_TYPES)[number];

/** Situations the provider has a customer-facing message for. */
export const PROVIDER_MESSAGE_KINDS = ['pre', 'pending', 'authorized', 'done', 'cancel'] as const;
/** One of {@link PROVIDER_MESSAGE_KINDS}. */
export type ProviderMessageKind = (typeof PROVIDER_MESSAGE_KINDS)[number];
/** The provider's customer-facing messages, in English and Arabic (plain text, escaped when shown). */
export type ProviderMessages = Record<ProviderMessageKind, LocalizedText>;

/** The four credentials copied from the APS back office. */
export const CREDENTIAL_FIELDS = [
  { field: 'merchantIdentifier', label: 'Merchant Identifier' },
  { field: 'accessCode', label: 'Access Code' },
  { field: 'shaRequestPhrase', label: 'SHA Request Phrase' },
  { field: 'shaResponsePhrase', label: 'SHA Response Phrase' },
] as const;
/** Name of one credential property of {@link ProviderConfig}. */
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number]['field'];

/** A payment provider as the domain sees it (credentials in clear, or null when not set). */
export interface ProviderConfig {
  id: string;
  code: ProviderCode;
  name: string;
  /** Display order: lower first. */
  sequence: number;
  state: ProviderState;
  isPublished: boolean;
  merchantIdentifier: string | null;
  accessCode: string | null;
  shaRequestPhrase: string | null;
  shaResponsePhrase: string | null;
  shaType: ProviderShaType;
  /** Replaces both APS hosts (used for the simulator); null = APS' own endpoints. */
  customBaseUrl: string | null;
  /** Payment methods enabled for this provider, in the order the merchant chose. */
  paymentMethods: PaymentMethodCode[];
  /** Authorize at checkout and capture later instead of a one-step purchase. */
  captureManually: boolean;
  /** Currencies the provider is offered for; empty = all. */
  currencies: string[];
  /** ISO 3166-1 alpha-2 countries the provider is offered in; empty = all. */
  countries: string[];
  /** Smallest amount (minor units of `amountCurrency`) it is offered for; null = no minimum. */
  minAmount: number | null;
  /** Largest amount (minor units of `amountCurrency`) it is offered for; null = no maximum. */
  maxAmount: number | null;
  /** Currency of `minAmount`/`maxAmount`; limits apply only to payments in that currency. */
  amountCurrency: string | null;
  messages: ProviderMessages;
  /** `hosted` (Redirection, the default) or `embedded` (Merchant Page in an iframe), S18. */
  cardEntry?: CardEntry;
  /** Smallest amount per currency (minor units) for which installments are offered; absent = none. */
  installmentsMinimums?: Record<string, number>;
}
