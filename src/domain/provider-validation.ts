/**
 * The rules a provider record must satisfy before it is saved (SPEC S3, Odoo's constraints). All broken
 * rules are reported together, each on the field the operator has to fix.
 */
import { ValidationError, type FieldError } from '../errors.js';
import { isCurrencyCode } from './currency.js';
import { getPaymentMethod, isPaymentMethodCode } from './payment-methods.js';
import {
  CREDENTIAL_FIELDS,
  PROVIDER_CODES,
  PROVIDER_MESSAGE_KINDS,
  PROVIDER_SHA_TYPES,
  PROVIDER_STATES,
  type CredentialField,
  type ProviderConfig,
} from './provider-types.js';

/** Longest accepted customer message, per language. */
export const MAX_PROVIDER_MESSAGE_LENGTH = 2000;
const MAX_NAME_LENGTH = 100;
const COUNTRY_CODE = /^[A-Z]{2}$/;

function blank(value: string | null | undefined): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

/** The credential fields a non-disabled provider still lacks (blank counts as missing). */
export function missingCredentials(provider: ProviderConfig): CredentialField[] {
  return CREDENTIAL_FIELDS.filter(({ field }) => blank(provider[field])).map(({ field }) => field);
}

function checkIdentity(p: ProviderConfig, errors: FieldError[]): void {
  if (blank(p.id)) errors.push({ field: 'id', message: 'is required' });
  if (!(PROVIDER_CODES as readonly string[]).includes(p.code)) {
    errors.push({ field: 'code', message: `must be one of ${PROVIDER_CODES.join(', ')}` });
  }
  if (blank(p.name)) errors.push({ field: 'name', message: 'is required' });
  else if (p.name.length > MAX_NAME_LENGTH) {
    errors.push({ field: 'name', message: `must be at most ${MAX_NAME_LENGTH} characters` });
  }
  if (!Number.isSafeInteger(p.sequence))
    errors.push({ field: 'sequence', message: 'must be a whole number' });
}

function checkStateAndCredentials(p: ProviderConfig, errors: FieldError[]): void {
  if (!(PROVIDER_STATES as readonly string[]).includes(p.state)) {
    errors.push({ field: 'state', message: `must be one of ${PROVIDER_STATES.join(', ')}` });
    return;
  }
  if (p.state === 'disabled' && p.isPublished) {
    errors.push({
      field: 'isPublished',
      message: 'a disabled provider cannot be published; switch it to Test or Enabled first',
    });
  }
  if (p.state !== 'disabled') {
    for (const { field, label } of CREDENTIAL_FIELDS) {
      if (blank(p[field])) {
        errors.push({ field, message: `${label} is required when the provider is in ${p.state} state` });
      }
    }
  }
  if (!(PROVIDER_SHA_TYPES as readonly string[]).includes(p.shaType)) {
    errors.push({ field: 'shaType', message: `must be one of ${PROVIDER_SHA_TYPES.join(', ')}` });
  }
}

function checkMethods(p: ProviderConfig, errors: FieldError[]): void {
  if (!Array.isArray(p.paymentMethods) || p.paymentMethods.length === 0) {
    errors.push({ field: 'paymentMethods', message: 'enable at least one payment method' });
    return;
  }
  const unknown = p.paymentMethods.filter((code) => !isPaymentMethodCode(code));
  if (unknown.length > 0) {
    errors.push({ field: 'paymentMethods', message: `unknown payment methods: ${unknown.join(', ')}` });
    return;
  }
  if (new Set(p.paymentMethods).size !== p.paymentMethods.length) {
    errors.push({ field: 'paymentMethods', message: 'lists a payment method more than once' });
  }
  if (p.captureManually) {
    const purchaseOnly = p.paymentMethods.filter((code) => !getPaymentMethod(code).allowsAuthorization);
    if (purchaseOnly.length > 0) {
      errors.push({
        field: 'captureManually',
        message:
          `manual capture needs every enabled payment method to allow authorization; ` +
          `${purchaseOnly.join(', ')} ${purchaseOnly.length === 1 ? 'does' : 'do'} not`,
      });
    }
  }
}

function checkAvailability(p: ProviderConfig, errors: FieldError[]): void {
  const badCurrencies = p.currencies.filter((c) => !isCurrencyCode(c));
  if (badCurrencies.length > 0) {
    errors.push({ field: 'currencies', message: `unknown currency codes: ${badCurrencies.join(', ')}` });
  }
  const badCountries = p.countries.filter((c) => !COUNTRY_CODE.test(c));
  if (badCountries.length > 0) {
    errors.push({
      field: 'countries',
      message: `countries must be two upper-case letters (ISO 3166-1), got: ${badCountries.join(', ')}`,
    });
  }
  const limits = [
    ['minAmount', p.minAmount],
    ['maxAmount', p.maxAmount],
  ] as const;
  for (const [field, value] of limits) {
    if (value !== null && (!Number.isSafeInteger(value) || value < 1)) {
      errors.push({
        field,
        message: 'must be a positive whole number of minor units, or empty for no limit',
      });
    }
  }
  const hasLimit = p.minAmount !== null || p.maxAmount !== null;
  if (hasLimit && !isCurrencyCode(p.amountCurrency)) {
    errors.push({
      field: 'amountCurrency',
      message: 'state the currency of the minimum and maximum amounts',
    });
  }
  if (p.minAmount !== null && p.maxAmount !== null && p.minAmount > p.maxAmount) {
    errors.push({ field: 'minAmount', message: 'must not be greater than the maximum amount' });
  }
}

function checkEndpointAndMessages(p: ProviderConfig, errors: FieldError[]): void {
  if (p.customBaseUrl !== null) {
    let url: URL | undefined;
    try {
      url = new URL(p.customBaseUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      errors.push({ field: 'customBaseUrl', message: 'must be an http:// or https:// URL' });
    } else if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
      errors.push({ field: 'customBaseUrl', message: 'must not contain credentials, a query or a fragment' });
    }
  }
  for (const kind of PROVIDER_MESSAGE_KINDS) {
    const text = p.messages?.[kind];
    for (const lang of ['en', 'ar'] as const) {
      const value = text?.[lang];
      if (typeof value !== 'string') {
        errors.push({ field: `messages.${kind}.${lang}`, message: 'must be a text (may be empty)' });
      } else if (value.length > MAX_PROVIDER_MESSAGE_LENGTH) {
        errors.push({
          field: `messages.${kind}.${lang}`,
          message: `must be at most ${MAX_PROVIDER_MESSAGE_LENGTH} characters`,
        });
      }
    }
  }
}

/** Every rule a provider breaks, as field errors; empty when it can be saved. */
export function providerErrors(provider: ProviderConfig): FieldError[] {
  const errors: FieldError[] = [];
  checkIdentity(provider, errors);
  checkStateAndCredentials(provider, errors);
  checkMethods(provider, errors);
  checkAvailability(provider, errors);
  checkEndpointAndMessages(provider, errors);
  return errors;
}

/** Returns `provider` when it can be saved; otherwise one ValidationError listing every broken rule. */
export function validateProvider(provider: ProviderConfig): ProviderConfig {
  const errors = providerErrors(provider);
  if (errors.length === 0) return provider;
  const summary = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw new ValidationError(`The provider "${provider.name}" cannot be saved. ${summary}`, errors);
}
