/**
 * Provider records ↔ the domain's ProviderConfig ↔ the provider contract's ProviderAccount. Credentials
 * (access code, both SHA phrases) are sealed with the secret box, bound to their provider and field, so
 * a sealed value copied to another row or column does not open.
 */
import type { SecretBox } from '../crypto/secret-box.js';
import {
  DEFAULT_PROVIDER_MESSAGES,
  PROVIDER_SHA_TYPES,
  type ProviderConfig,
  type ProviderMessages,
  type ProviderShaType,
} from '../domain/provider.js';
import type { PaymentMethodCode } from '../domain/payment-methods.js';
import { ValidationError } from '../errors.js';
import type { ProviderAccount } from '../providers/provider.js';
import type { ProviderPatch, ProviderRecord } from '../store/repositories/index.js';

/** The sealed credential columns. */
export type SealedCredential = 'accessCode' | 'shaRequestPhrase' | 'shaResponsePhrase';

function context(providerId: string, field: SealedCredential): string {
  return `provider:${providerId}:${field}`;
}

/** Seals one credential of one provider (null stays null: "not set"). */
export function sealCredential(
  box: SecretBox,
  providerId: string,
  field: SealedCredential,
  value: string | null,
): string | null {
  return value === null ? null : box.seal(value, context(providerId, field));
}

/**
 * Credentials already opened, by box and by sealed value and context. A sealed value always opens to
 * the same text, and a changed credential is sealed anew (a fresh IV), so an entry can never be stale;
 * what this saves is an AES-GCM open per credential per request (every provider's three, for each
 * checkout). Only values that opened are kept, at most {@link OPENED_KEPT} per box.
 */
const opened = new WeakMap<SecretBox, Map<string, string>>();
const OPENED_KEPT = 256;

/** Opens one sealed credential of one provider. */
export function openCredential(
  box: SecretBox,
  providerId: string,
  field: SealedCredential,
  sealed: string | null,
): string | null {
  if (sealed === null) return null;
  const where = context(providerId, field);
  let kept = opened.get(box);
  if (!kept) {
    kept = new Map();
    opened.set(box, kept);
  }
  const key = `${where}\n${sealed}`;
  let value = kept.get(key);
  if (value === undefined) {
    value = box.open(sealed, where);
    if (kept.size >= OPENED_KEPT) kept.clear();
    kept.set(key, value);
  }
  return value;
}

function mergeMessages(stored: ProviderRecord['messages']): ProviderMessages {
  const merged = { ...DEFAULT_PROVIDER_MESSAGES } as ProviderMessages;
  for (const kind of Object.keys(merged) as (keyof ProviderMessages)[]) {
    merged[kind] = { ...DEFAULT_PROVIDER_MESSAGES[kind], ...(stored[kind] ?? {}) };
  }
  return merged;
}

/** The domain view of a stored provider, credentials opened. */
export function toProviderConfig(record: ProviderRecord, box: SecretBox): ProviderConfig {
  const shaType = (PROVIDER_SHA_TYPES as readonly string[]).includes(record.shaType)
    ? (record.shaType as ProviderShaType)
    : 'sha256';
  return {
    id: record.id,
    code: 'aps',
    name: record.name,
    sequence: record.sequence,
    state: record.state,
    isPublished: record.isPublished,
    merchantIdentifier: record.merchantIdentifier,
    accessCode: openCredential(box, record.id, 'accessCode', record.accessCodeEnc),
    shaRequestPhrase: openCredential(box, record.id, 'shaRequestPhrase', record.shaRequestPhraseEnc),
    shaResponsePhrase: openCredential(box, record.id, 'shaResponsePhrase', record.shaResponsePhraseEnc),
    shaType,
    customBaseUrl: record.customBaseUrl,
    paymentMethods: record.paymentMethods as PaymentMethodCode[],
    captureManually: record.captureManually,
    currencies: record.currencies,
    countries: record.countries,
    minAmount: record.minAmount,
    maxAmount: record.maxAmount,
    amountCurrency: record.amountCurrency,
    messages: mergeMessages(record.messages),
    cardEntry: record.cardEntry,
    installmentsMinimums: { ...record.installmentsMinimums },
  };
}

/** The repository patch that stores `config` (credentials sealed). */
export function toProviderPatch(config: ProviderConfig, box: SecretBox): ProviderPatch {
  return {
    name: config.name,
    sequence: config.sequence,
    state: config.state,
    isPublished: config.isPublished,
    merchantIdentifier: config.merchantIdentifier,
    accessCodeEnc: sealCredential(box, config.id, 'accessCode', config.accessCode),
    shaRequestPhraseEnc: sealCredential(box, config.id, 'shaRequestPhrase', config.shaRequestPhrase),
    shaResponsePhraseEnc: sealCredential(box, config.id, 'shaResponsePhrase', config.shaResponsePhrase),
    shaType: config.shaType,
    customBaseUrl: config.customBaseUrl,
    paymentMethods: [...config.paymentMethods],
    captureManually: config.captureManually,
    currencies: [...config.currencies],
    countries: [...config.countries],
    minAmount: config.minAmount,
    maxAmount: config.maxAmount,
    amountCurrency: config.amountCurrency,
    messages: config.messages,
    cardEntry: config.cardEntry ?? 'hosted',
    installmentsMinimums: { ...(config.installmentsMinimums ?? {}) },
  };
}

/** The account the provider contract needs; refuses a provider whose credentials are incomplete. */
export function toProviderAccount(config: ProviderConfig): ProviderAccount {
  const missing = (
    ['merchantIdentifier', 'accessCode', 'shaRequestPhrase', 'shaResponsePhrase'] as const
  ).filter((field) => !config[field]);
  if (missing.length > 0) {
    throw new ValidationError(
      `The provider "${config.name}" is missing credentials: ${missing.join(', ')}`,
      missing.map((field) => ({ field, message: 'required' })),
    );
  }
  return {
    state: config.state,
    merchantIdentifier: config.merchantIdentifier as string,
    accessCode: config.accessCode as string,
    shaRequestPhrase: config.shaRequestPhrase as string,
    shaResponsePhrase: config.shaResponsePhrase as string,
    shaType: config.shaType,
    customBaseUrl: config.customBaseUrl,
    captureManually: config.captureManually,
  };
}
