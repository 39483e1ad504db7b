/**
 * Merchant accounts: creation with random credentials, validated changes of their back-office
 * settings (the same rules for the dashboard forms, the control API and the demo mode), and the
 * idempotent `ensureAccount` that `payport start --demo` uses to mirror its demo provider.
 */
import { ValidationError, type FieldError } from '../errors.js';
import { isShaType, type ShaType } from '../providers/aps/signature.js';
import { newAccessCode, newMerchantIdentifier, newShaPhrase } from './ids.js';
import {
  SIMULATED_PAYMENT_OPTIONS,
  type ApplePayCredentials,
  type MerchantAccount,
  type SimulatedPaymentOption,
} from './model.js';
import type { SimulatorState } from './state.js';

/** Every changeable setting of an account (all but the identifier and timestamps). */
export type AccountPatch = Partial<Omit<MerchantAccount, 'merchantIdentifier' | 'createdAt' | 'updatedAt'>>;

/** What the demo mode passes to {@link ensureAccount}. */
export interface EnsureAccountInput {
  merchantIdentifier: string;
  accessCode: string;
  shaRequestPhrase: string;
  shaResponsePhrase: string;
  shaType: ShaType | string;
  redirectionUrl?: string;
  directFeedbackUrl?: string;
  notificationUrl?: string;
  originUrl?: string;
  /** Apple Pay's own credentials (S19), mirrored by the demo. */
  applePay?: ApplePayCredentials;
}

/** The SHA types as the APS back office labels them. */
export const SHA_TYPE_LABELS: Readonly<Record<ShaType, string>> = {
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  sha1: 'SHA-128',
  hmac256: 'HMAC-256',
  hmac512: 'HMAC-512',
};

const IDENTIFIER = /^[A-Za-z0-9]{1,20}$/;
const PHRASE = /^[\x21-\x7E]{1,100}$/;
const COLOUR = /^#[0-9A-Fa-f]{6}$/;

/** Throws a ValidationError naming `field` unless `value` is a valid merchant identifier. */
export function checkMerchantIdentifier(value: unknown): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new ValidationError('invalid merchant identifier', [
      { field: 'merchantIdentifier', message: 'must be 1 to 20 ASCII letters or digits' },
    ]);
  }
  return value;
}

function parseUrl(field: string, value: string, errors: FieldError[]): string {
  if (value === '') return value;
  let ok = value.length <= 400 && !/\s/.test(value);
  if (ok) {
    try {
      const url = new URL(value);
      ok = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      ok = false;
    }
  }
  if (!ok)
    errors.push({ field, message: 'must be empty or an absolute http(s) URL of at most 400 characters' });
  return value;
}

function parseShaType(value: string, errors: FieldError[]): ShaType {
  const normalised = value.trim().toLowerCase();
  if (isShaType(normalised)) return normalised;
  const byLabel = (Object.entries(SHA_TYPE_LABELS) as Array<[ShaType, string]>).find(
    ([, label]) => label.toLowerCase() === normalised,
  );
  if (byLabel) return byLabel[0];
  errors.push({ field: 'shaType', message: `must be one of ${Object.keys(SHA_TYPE_LABELS).join(', ')}` });
  return 'sha256';
}

function parseBoolean(field: string, value: unknown, errors: FieldError[]): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'yes' || value === 'true') return true;
  if (value === 'no' || value === 'false') return false;
  errors.push({ field, message: 'must be true or false' });
  return false;
}

function parsePaymentOptions(value: unknown, errors: FieldError[]): SimulatedPaymentOption[] {
  const list = typeof value === 'string' ? (value === '' ? [] : value.split(',')) : value;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
    errors.push({ field: 'paymentOptions', message: 'must be a list of payment options' });
    return [];
  }
  const wanted = new Set(list.map((v: string) => v.trim().toUpperCase()));
  const unknown = [...wanted].filter((v) => !(SIMULATED_PAYMENT_OPTIONS as readonly string[]).includes(v));
  if (unknown.length > 0) {
    errors.push({
      field: 'paymentOptions',
      message: `unknown ${unknown.join(', ')}; choose from ${SIMULATED_PAYMENT_OPTIONS.join(', ')}`,
    });
  }
  return SIMULATED_PAYMENT_OPTIONS.filter((option) => wanted.has(option));
}

function text(field: string, value: unknown, errors: FieldError[]): string | undefined {
  if (typeof value === 'string') return value;
  errors.push({ field, message: 'must be a string' });
  return undefined;
}

/** Apple Pay's Security Settings: an object of the four credentials, or null to remove them. */
function parseApplePay(value: unknown, errors: FieldError[]): ApplePayCredentials | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({
      field: 'applePay',
      message: 'must be an object of accessCode, shaRequestPhrase, shaResponsePhrase, shaType',
    });
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const before = errors.length;
  const get = (name: string, rule: RegExp, message: string): string => {
    const x = v[name];
    if (typeof x !== 'string' || !rule.test(x)) errors.push({ field: `applePay.${name}`, message });
    return typeof x === 'string' ? x : '';
  };
  const accessCode = get('accessCode', IDENTIFIER, 'must be 1 to 20 ASCII letters or digits');
  const shaRequestPhrase = get('shaRequestPhrase', PHRASE, 'must be 1 to 100 visible ASCII characters');
  const shaResponsePhrase = get('shaResponsePhrase', PHRASE, 'must be 1 to 100 visible ASCII characters');
  const shaType = parseShaType(typeof v.shaType === 'string' ? v.shaType : 'sha256', errors);
  return errors.length > before ? undefined : { accessCode, shaRequestPhrase, shaResponsePhrase, shaType };
}

/**
 * Validates a partial settings object (control API body, dashboard form, demo input); unknown keys
 * and bad values are all reported at once in one ValidationError.
 */
export function parseAccountPatch(input: unknown): AccountPatch {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError('account settings must be a JSON object', [
      { field: 'body', message: 'must be a JSON object of account settings' },
    ]);
  }
  const errors: FieldError[] = [];
  const patch: AccountPatch = {};
  for (const [field, value] of Object.entries(input)) {
    switch (field) {
      case 'accessCode': {
        const v = text(field, value, errors);
        if (v !== undefined && !IDENTIFIER.test(v))
          errors.push({ field, message: 'must be 1 to 20 ASCII letters or digits' });
        else if (v !== undefined) patch.accessCode = v;
        break;
      }
      case 'shaRequestPhrase':
      case 'shaResponsePhrase': {
        const v = text(field, value, errors);
        if (v !== undefined && !PHRASE.test(v)) {
          errors.push({ field, message: 'must be 1 to 100 visible ASCII characters, without spaces' });
        } else if (v !== undefined) patch[field] = v;
        break;
      }
      case 'shaType': {
        const v = text(field, value, errors);
        if (v !== undefined) patch.shaType = parseShaType(v, errors);
        break;
      }
      case 'originUrl':
      case 'redirectionUrl':
      case 'directFeedbackUrl':
      case 'notificationUrl':
      case 'logoUrl': {
        const v = text(field, value, errors);
        if (v !== undefined) patch[field] = parseUrl(field, v.trim(), errors);
        break;
      }
      case 'redirectionStatus':
        if (value === 'active' || value === 'inactive') patch.redirectionStatus = value;
        else errors.push({ field, message: 'must be "active" or "inactive"' });
        break;
      case 'sendResponseParameters':
        patch.sendResponseParameters = parseBoolean(field, value, errors);
        break;
      case 'paymentOptions':
        patch.paymentOptions = parsePaymentOptions(value, errors);
        break;
      case 'feedbackFormat':
        if (value === 'form' || value === 'json') patch.feedbackFormat = value;
        else errors.push({ field, message: 'must be "form" or "json"' });
        break;
      case 'pageTitle': {
        const v = text(field, value, errors);
        if (v !== undefined && (v.length > 80 || /\p{Cc}/u.test(v))) {
          errors.push({ field, message: 'must be at most 80 characters, without control characters' });
        } else if (v !== undefined) patch.pageTitle = v.trim();
        break;
      }
      case 'primaryColour': {
        const v = text(field, value, errors);
        if (v !== undefined && !COLOUR.test(v))
          errors.push({ field, message: 'must be a colour like #1a73e8' });
        else if (v !== undefined) patch.primaryColour = v.toLowerCase();
        break;
      }
      case 'applePay': {
        const parsed = parseApplePay(value, errors);
        if (parsed !== undefined) patch.applePay = parsed;
        break;
      }
      case 'merchantIdentifier':
      case 'createdAt':
      case 'updatedAt':
        errors.push({ field, message: 'cannot be changed' });
        break;
      default:
        errors.push({ field, message: 'is not an account setting' });
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid account settings: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return patch;
}

/** A new account with random credentials and the settings a developer wants to try things with. */
export function newAccount(
  state: SimulatorState,
  merchantIdentifier = newMerchantIdentifier(),
): MerchantAccount {
  const now = state.now();
  return {
    merchantIdentifier: checkMerchantIdentifier(merchantIdentifier),
    accessCode: newAccessCode(),
    shaRequestPhrase: newShaPhrase(),
    shaResponsePhrase: newShaPhrase(),
    shaType: 'sha256',
    originUrl: '',
    redirectionStatus: 'active',
    paymentOptions: [...SIMULATED_PAYMENT_OPTIONS],
    sendResponseParameters: true,
    redirectionUrl: '',
    directFeedbackUrl: '',
    notificationUrl: '',
    feedbackFormat: 'json',
    pageTitle: 'Amazon Payment Services',
    logoUrl: '',
    primaryColour: '#232f3e',
    createdAt: now,
    updatedAt: now,
  };
}

/** Creates (with random credentials for what `patch` leaves out) or changes one account. */
export function upsertAccount(
  state: SimulatorState,
  merchantIdentifier: string,
  patch: AccountPatch,
): { account: MerchantAccount; created: boolean } {
  const existing = state.accounts.get(checkMerchantIdentifier(merchantIdentifier));
  const base = existing ?? newAccount(state, merchantIdentifier);
  const account: MerchantAccount = { ...base, ...patch, updatedAt: state.now() };
  state.accounts.set(merchantIdentifier, account);
  state.changed();
  return { account, created: existing === undefined };
}

/** Creates an account with random credentials (dashboard "create" and the default account). */
export function createRandomAccount(state: SimulatorState): MerchantAccount {
  let account = newAccount(state);
  while (state.accounts.has(account.merchantIdentifier)) account = newAccount(state);
  state.accounts.set(account.merchantIdentifier, account);
  state.changed();
  return account;
}

/** Replaces the access code with a fresh random one (the back office's "Generate" button). */
export function regenerateAccessCode(state: SimulatorState, merchantIdentifier: string): MerchantAccount {
  return upsertAccount(state, merchantIdentifier, { accessCode: newAccessCode() }).account;
}

/**
 * Idempotent create-or-update of one merchant account with the given credentials and URLs; other
 * settings keep their current (or default) values. Throws ValidationError on bad input.
 */
export function ensureAccount(state: SimulatorState, input: EnsureAccountInput): MerchantAccount {
  const merchantIdentifier = checkMerchantIdentifier(input.merchantIdentifier);
  const { merchantIdentifier: _ignored, ...settings } = input;
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  return upsertAccount(state, merchantIdentifier, parseAccountPatch(defined)).account;
}
