/**
 * A provider's Apple Pay settings (S19): APS' own Apple Pay credentials (access code, SHA phrases, SHA
 * type), Apple's merchant identifier, the merchant identity certificate and its key, and the
 * domain-association file. Secrets (access code, phrases, key) are sealed with the secret box, bound to
 * their provider and field; the certificate and the domain file are public by nature and kept in clear.
 * Bad input — a certificate that is not one, a key that does not belong to it, an empty domain file —
 * is refused as a whole, naming each field, and nothing is saved.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.js';
import { PROVIDER_SHA_TYPES, type ProviderConfig, type ProviderShaType } from '../domain/provider.js';
import { NotFound, ValidationError, type FieldError } from '../errors.js';
import type { ProviderAccount } from '../providers/provider.js';
import type { ApplePayRecord, Repositories } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';
import { toProviderAccount, toProviderConfig } from './provider-accounts.js';

/** A provider's Apple Pay settings, secrets opened. */
export interface ApplePayConfig {
  providerId: string;
  /** Apple's merchant identifier, e.g. `merchant.com.example.shop`. */
  appleMerchantId: string;
  accessCode: string;
  shaRequestPhrase: string;
  shaResponsePhrase: string;
  shaType: ProviderShaType;
  certificatePem: string;
  privateKeyPem: string;
  domainAssociation: string;
  updatedAt: string;
}

/** The Apple Pay section of the provider form, as submitted (empty secrets keep the stored ones). */
export interface ApplePayInput {
  appleMerchantId: string;
  accessCode: string;
  shaRequestPhrase: string;
  shaResponsePhrase: string;
  shaType: string;
  certificate: string;
  privateKey: string;
  domainAssociation: string;
}

/** Reads the posted Apple Pay section (fields named `applePay.<name>`). */
export function readApplePayForm(body: unknown): ApplePayInput {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string => {
    const value = b[`applePay.${name}`];
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
    return '';
  };
  return {
    appleMerchantId: text('appleMerchantId'),
    accessCode: text('accessCode'),
    shaRequestPhrase: text('shaRequestPhrase'),
    shaResponsePhrase: text('shaResponsePhrase'),
    shaType: text('shaType'),
    certificate: text('certificate'),
    privateKey: text('privateKey'),
    domainAssociation: text('domainAssociation'),
  };
}

/** What the back office may show about the stored settings: no secret, only whether each is set. */
export interface ApplePayView {
  configured: boolean;
  appleMerchantId: string;
  shaType: ProviderShaType;
  certificatePem: string;
  /** Subject and expiry of the stored certificate, for the operator. */
  certificateSummary: string | null;
  domainAssociation: string;
  secretsSet: {
    accessCode: boolean;
    shaRequestPhrase: boolean;
    shaResponsePhrase: boolean;
    privateKey: boolean;
  };
}

type SealedField = 'accessCode' | 'shaRequestPhrase' | 'shaResponsePhrase' | 'privateKey';

function sealContext(providerId: string, field: SealedField): string {
  return `provider:${providerId}:applePay.${field}`;
}

/** Opens a stored row. */
export function openApplePay(record: ApplePayRecord, box: SecretBox): ApplePayConfig {
  const open = (field: SealedField, sealed: string) =>
    box.open(sealed, sealContext(record.providerId, field));
  const shaType = (PROVIDER_SHA_TYPES as readonly string[]).includes(record.shaType)
    ? (record.shaType as ProviderShaType)
    : 'sha256';
  return {
    providerId: record.providerId,
    appleMerchantId: record.appleMerchantId,
    accessCode: open('accessCode', record.accessCodeEnc),
    shaRequestPhrase: open('shaRequestPhrase', record.shaRequestPhraseEnc),
    shaResponsePhrase: open('shaResponsePhrase', record.shaResponsePhraseEnc),
    shaType,
    certificatePem: record.certificatePem,
    privateKeyPem: open('privateKey', record.privateKeyEnc),
    domainAssociation: record.domainAssociation,
    updatedAt: record.updatedAt,
  };
}

/** The Apple Pay settings of a provider, opened; undefined when it has none. */
export async function loadApplePay(
  ctx: Pick<ServiceContext, 'secretBox'>,
  repos: Repositories,
  providerId: string,
): Promise<ApplePayConfig | undefined> {
  const record = await repos.applePay.find(providerId);
  return record ? openApplePay(record, ctx.secretBox) : undefined;
}

/** Ids of the providers that have Apple Pay configured. */
export async function applePayProviderIds(repos: Repositories): Promise<Set<string>> {
  return new Set((await repos.applePay.list()).map((r) => r.providerId));
}

/**
 * The account APS' Apple Pay operations use: the provider's merchant identifier and endpoints with the
 * Apple Pay access code, phrases and SHA type (APS signs and checks Apple Pay with these only).
 */
export function applePayAccount(provider: ProviderConfig, applePay: ApplePayConfig): ProviderAccount {
  return {
    ...toProviderAccount(provider),
    accessCode: applePay.accessCode,
    shaRequestPhrase: applePay.shaRequestPhrase,
    shaResponsePhrase: applePay.shaResponsePhrase,
    shaType: applePay.shaType,
  };
}

/**
 * The account for messages and operations about a payment: the Apple Pay one for an Apple Pay
 * payment (its answers, notifications, status checks and refunds all use the Apple Pay credentials),
 * the provider's own otherwise.
 */
export async function accountForMethod(
  ctx: Pick<ServiceContext, 'secretBox'>,
  repos: Repositories,
  provider: ProviderConfig,
  paymentMethod: string,
): Promise<ProviderAccount> {
  if (paymentMethod !== 'apple_pay') return toProviderAccount(provider);
  const applePay = await loadApplePay(ctx, repos, provider.id);
  if (!applePay) {
    throw new ValidationError(`The provider "${provider.name}" has no Apple Pay settings.`, [
      { field: 'applePay', message: 'not configured' },
    ]);
  }
  return applePayAccount(provider, applePay);
}

function publicKeyDer(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** A short description of a certificate: its subject and validity end. */
export function describeCertificate(pem: string): string | null {
  try {
    const cert = new X509Certificate(pem);
    return `${cert.subject.replace(/\n/g, ', ')} · valid until ${cert.validTo}`;
  } catch {
    return null;
  }
}

/**
 * Checks a certificate and its key: the certificate must parse as X.509 (PEM), the key as a private
 * key, and the key's public half must be the certificate's public key. Returns the problems found.
 */
export function checkIdentity(certificatePem: string, privateKeyPem: string): FieldError[] {
  const errors: FieldError[] = [];
  let cert: X509Certificate | undefined;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    errors.push({
      field: 'applePay.certificate',
      message:
        'is not a certificate: paste the merchant identity certificate in PEM form (-----BEGIN CERTIFICATE----- …)',
    });
  }
  let key: KeyObject | undefined;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    errors.push({
      field: 'applePay.privateKey',
      message: 'is not a private key: paste the key in PEM form (-----BEGIN PRIVATE KEY----- …), unencrypted',
    });
  }
  if (cert && key && !publicKeyDer(cert.publicKey).equals(publicKeyDer(createPublicKey(key)))) {
    errors.push({
      field: 'applePay.privateKey',
      message: 'does not match the merchant identity certificate (its public key is another one)',
    });
  }
  return errors;
}

const APPLE_MERCHANT_ID = /^[\x21-\x7E]{1,255}$/;

/**
 * Validates the submitted section against what is stored and returns the complete settings to save;
 * throws a ValidationError naming every bad field (nothing is saved then).
 */
export function applyApplePayInput(
  input: ApplePayInput,
  stored: ApplePayConfig | undefined,
  providerId: string,
): Omit<ApplePayConfig, 'updatedAt'> {
  const errors: FieldError[] = [];
  const keep = (typed: string, old: string | undefined, field: string, label: string): string => {
    const value = typed.trim() !== '' ? typed.trim() : (old ?? '');
    if (value === '') errors.push({ field: `applePay.${field}`, message: `${label} is required` });
    return value;
  };
  const appleMerchantId = input.appleMerchantId.trim();
  if (!APPLE_MERCHANT_ID.test(appleMerchantId)) {
    errors.push({
      field: 'applePay.appleMerchantId',
      message: 'the Apple merchant identifier is required (e.g. merchant.com.example.shop)',
    });
  }
  const accessCode = keep(input.accessCode, stored?.accessCode, 'accessCode', 'the Apple Pay Access Code');
  const shaRequestPhrase = keep(
    input.shaRequestPhrase,
    stored?.shaRequestPhrase,
    'shaRequestPhrase',
    'the Apple Pay SHA Request Phrase',
  );
  const shaResponsePhrase = keep(
    input.shaResponsePhrase,
    stored?.shaResponsePhrase,
    'shaResponsePhrase',
    'the Apple Pay SHA Response Phrase',
  );
  const shaType = input.shaType.trim() || 'sha256';
  if (!(PROVIDER_SHA_TYPES as readonly string[]).includes(shaType)) {
    errors.push({ field: 'applePay.shaType', message: `must be one of ${PROVIDER_SHA_TYPES.join(', ')}` });
  }
  const certificatePem = input.certificate.trim() || (stored?.certificatePem ?? '');
  const privateKeyPem = input.privateKey.trim() || (stored?.privateKeyPem ?? '');
  if (certificatePem === '') {
    errors.push({ field: 'applePay.certificate', message: 'the merchant identity certificate is required' });
  }
  if (privateKeyPem === '') {
    errors.push({ field: 'applePay.privateKey', message: 'the key of the certificate is required' });
  }
  if (certificatePem !== '' && privateKeyPem !== '')
    errors.push(...checkIdentity(certificatePem, privateKeyPem));
  const domainAssociation = input.domainAssociation.trim();
  if (domainAssociation === '') {
    errors.push({
      field: 'applePay.domainAssociation',
      message: 'the domain-association file is empty: paste the file Apple gives for your domain',
    });
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `The Apple Pay settings were not saved: ${errors.map((e) => e.message).join('; ')}.`,
      errors,
    );
  }
  return {
    providerId,
    appleMerchantId,
    accessCode,
    shaRequestPhrase,
    shaResponsePhrase,
    shaType: shaType as ProviderShaType,
    certificatePem,
    privateKeyPem,
    domainAssociation: `${domainAssociation}\n`.replace(/\n+$/, '\n'),
  };
}

/** Seals and stores a provider's Apple Pay settings. */
export async function storeApplePay(
  ctx: Pick<ServiceContext, 'secretBox'>,
  repos: Repositories,
  config: Omit<ApplePayConfig, 'updatedAt'>,
): Promise<void> {
  const seal = (field: SealedField, value: string) =>
    ctx.secretBox.seal(value, sealContext(config.providerId, field));
  await repos.applePay.save({
    providerId: config.providerId,
    appleMerchantId: config.appleMerchantId,
    accessCodeEnc: seal('accessCode', config.accessCode),
    shaRequestPhraseEnc: seal('shaRequestPhrase', config.shaRequestPhrase),
    shaResponsePhraseEnc: seal('shaResponsePhrase', config.shaResponsePhrase),
    shaType: config.shaType,
    certificatePem: config.certificatePem,
    privateKeyEnc: seal('privateKey', config.privateKeyPem),
    domainAssociation: config.domainAssociation,
  });
}

/** Validates and saves the Apple Pay section of one provider; throws ValidationError (nothing saved). */
export async function saveApplePaySettings(
  ctx: ServiceContext,
  providerId: string,
  input: ApplePayInput,
): Promise<void> {
  const record = await ctx.store.repos.providers.findById(providerId);
  if (!record) throw new NotFound('This payment provider does not exist (any more).');
  const stored = await loadApplePay(ctx, ctx.store.repos, providerId);
  const config = applyApplePayInput(input, stored, providerId);
  await storeApplePay(ctx, ctx.store.repos, config);
  ctx.logger.info({ providerId }, 'Apple Pay settings saved');
}

/** What the back office shows about a provider's Apple Pay settings. */
export async function applePayView(ctx: ServiceContext, providerId: string): Promise<ApplePayView> {
  const stored = await loadApplePay(ctx, ctx.store.repos, providerId);
  return {
    configured: stored !== undefined,
    appleMerchantId: stored?.appleMerchantId ?? '',
    shaType: stored?.shaType ?? 'sha256',
    certificatePem: stored?.certificatePem ?? '',
    certificateSummary: stored ? describeCertificate(stored.certificatePem) : null,
    domainAssociation: stored?.domainAssociation ?? '',
    secretsSet: {
      accessCode: stored !== undefined,
      shaRequestPhrase: stored !== undefined,
      shaResponsePhrase: stored !== undefined,
      privateKey: stored !== undefined,
    },
  };
}

/** The domain-association file to serve: the first provider's that has one (Apple fetches one per domain). */
export async function domainAssociationFile(ctx: ServiceContext): Promise<string | undefined> {
  const records = await ctx.store.repos.applePay.list();
  const providers = await ctx.store.repos.providers.list();
  const order = new Map(providers.map((p) => [p.id, p.sequence]));
  const usable = records
    .filter((r) => order.has(r.providerId) && r.domainAssociation.trim() !== '')
    .sort((a, b) => (order.get(a.providerId) ?? 0) - (order.get(b.providerId) ?? 0));
  return usable[0]?.domainAssociation;
}

/** The provider (opened) and its Apple Pay settings; NotFound/ValidationError when either is missing. */
export async function loadApplePayProvider(
  ctx: ServiceContext,
  repos: Repositories,
  providerId: string,
): Promise<{ provider: ProviderConfig; applePay: ApplePayConfig }> {
  const record = await repos.providers.findById(providerId);
  if (!record) throw new NotFound('Unknown provider.');
  const applePay = await loadApplePay(ctx, repos, providerId);
  if (!applePay) {
    throw new ValidationError('Apple Pay is not configured for this provider.', [
      { field: 'provider', message: 'has no Apple Pay settings' },
    ]);
  }
  return { provider: toProviderConfig(record, ctx.secretBox), applePay };
}
