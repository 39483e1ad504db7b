/**
 * Provider settings for the back office (S3, S11): list, create, read and save provider accounts. What
 * leaves this module never holds a secret: stored credentials are reduced to "set, ends in …" hints, and
 * an empty submitted secret keeps the stored one. Every rule is reported on the field to fix.
 */
import { newId } from '../crypto/random.js';
import {
  MASK_REVEAL_MIN_LENGTH,
  missingCredentials,
  newProviderConfig,
  providerErrors,
  setPublished,
  type CredentialField,
  type ProviderConfig,
} from '../domain/provider.js';
import { NotFound, ValidationError, type FieldError } from '../errors.js';
import { RETURN_PATH } from '../providers/aps/index.js';
import type { ProviderRecord } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';
import { toProviderConfig, toProviderPatch } from './provider-accounts.js';
import {
  applyProviderInput,
  type ProviderSettingsInput,
  type SecretField,
} from './provider-settings-form.js';

export {
  formValuesOf,
  readProviderForm,
  SECRET_FIELDS,
  type ProviderSettingsInput,
  type SecretField,
} from './provider-settings-form.js';

/** What may be shown about a stored secret: whether it is set and, when long enough, its last four characters. */
export interface SecretHint {
  set: boolean;
  lastFour: string | null;
}

/** A provider as the back office shows it: everything but the secrets, plus hints about them. */
export interface ProviderSettingsView extends Omit<ProviderConfig, SecretField> {
  secrets: Record<SecretField, SecretHint>;
  /** Credentials still missing (required before Test or Enabled). */
  missingCredentials: CredentialField[];
  updatedAt: string;
}

/** The outcome of saving the form: the saved provider, or every problem with the submitted values. */
export type SaveProviderResult =
  | { ok: true; view: ProviderSettingsView; changed: string[] }
  | { ok: false; errors: FieldError[]; view: ProviderSettingsView };

/** The four values the seed tells the merchant to paste into the APS back office, built from PUBLIC_URL. */
export interface ApsBackOfficeSettings {
  /** Security Settings ‣ Origin URL. */
  originUrl: string;
  /** Technical Settings ‣ Redirection ‣ Redirection URL. */
  redirectionUrl: string;
  /** Technical Settings ‣ Redirection ‣ Direct Transaction Feedback URL. */
  directFeedbackUrl: string;
  /** Technical Settings ‣ Redirection ‣ Notification URL. */
  notificationUrl: string;
}

/** Path APS posts Direct Transaction Feedback and Notifications to. */
export const APS_WEBHOOK_PATH = '/payment/aps/webhook';

/** The APS back-office settings for a payport reachable at `publicUrl`. */
export function apsBackOfficeSettings(publicUrl: string): ApsBackOfficeSettings {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    originUrl: `${base}/`,
    redirectionUrl: `${base}${RETURN_PATH}`,
    directFeedbackUrl: `${base}${APS_WEBHOOK_PATH}`,
    notificationUrl: `${base}${APS_WEBHOOK_PATH}`,
  };
}

function hintOf(value: string | null): SecretHint {
  if (value === null || value === '') return { set: false, lastFour: null };
  const chars = [...value];
  return { set: true, lastFour: chars.length >= MASK_REVEAL_MIN_LENGTH ? chars.slice(-4).join('') : null };
}

/** The shareable view of a provider; the opened secrets go no further than this function. */
export function toSettingsView(config: ProviderConfig, updatedAt: string): ProviderSettingsView {
  const { accessCode, shaRequestPhrase, shaResponsePhrase, ...shareable } = config;
  return {
    ...shareable,
    secrets: {
      accessCode: hintOf(accessCode),
      shaRequestPhrase: hintOf(shaRequestPhrase),
      shaResponsePhrase: hintOf(shaResponsePhrase),
    },
    missingCredentials: missingCredentials(config),
    updatedAt,
  };
}

function viewOf(ctx: ServiceContext, record: ProviderRecord): ProviderSettingsView {
  return toSettingsView(toProviderConfig(record, ctx.secretBox), record.updatedAt);
}

/** Every provider, in display order. */
export async function listProviderSettings(ctx: ServiceContext): Promise<ProviderSettingsView[]> {
  const records = await ctx.store.repos.providers.list();
  return records.map((record) => viewOf(ctx, record));
}

/** One provider; NotFound when it does not exist. */
export async function loadProviderSettings(ctx: ServiceContext, id: string): Promise<ProviderSettingsView> {
  const record = await ctx.store.repos.providers.findById(id);
  if (!record) throw new NotFound('This payment provider does not exist (any more).');
  return viewOf(ctx, record);
}

/** Creates a new APS provider (disabled, unpublished, card only); a name in use gets a number. */
export async function createApsProviderSettings(
  ctx: ServiceContext,
  name?: string,
): Promise<ProviderSettingsView> {
  const base = name?.trim() || 'Amazon Payment Services';
  const names = new Set((await ctx.store.repos.providers.list()).map((p) => p.name));
  let unique = base;
  for (let n = 2; names.has(unique); n++) unique = `${base} (${n})`;
  const id = newId(ctx.clock);
  const config = newProviderConfig({ id, name: unique });
  const record = await ctx.store.repos.providers.insert({
    ...toProviderPatch(config, ctx.secretBox),
    id,
    code: config.code,
    name: config.name,
  });
  ctx.logger.info({ providerId: id }, 'payment provider created');
  return viewOf(ctx, record);
}

const CHANGE_FIELDS = [
  'name',
  'sequence',
  'state',
  'isPublished',
  'merchantIdentifier',
  'accessCode',
  'shaRequestPhrase',
  'shaResponsePhrase',
  'shaType',
  'customBaseUrl',
  'paymentMethods',
  'captureManually',
  'currencies',
  'countries',
  'minAmount',
  'maxAmount',
  'amountCurrency',
  'messages',
  'cardEntry',
  'installmentsMinimums',
] as const satisfies readonly (keyof ProviderConfig)[];

function changedFields(before: ProviderConfig, after: ProviderConfig): string[] {
  return CHANGE_FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/**
 * Saves the submitted provider form. Secrets left empty keep their stored values. Returns every problem
 * at once (reading errors first, then the provider rules), each on its field; nothing is saved then.
 */
export async function saveProviderSettings(
  ctx: ServiceContext,
  id: string,
  input: ProviderSettingsInput,
  actor: { userId: string } | null = null,
): Promise<SaveProviderResult> {
  const result = await ctx.store.transaction(async (repos): Promise<SaveProviderResult> => {
    const record = await repos.providers.findById(id);
    if (!record) throw new NotFound('This payment provider does not exist (any more).');
    const stored = toProviderConfig(record, ctx.secretBox);
    const { config, errors } = applyProviderInput(stored, input);
    const reported = new Set(errors.map((e) => e.field));
    const all = [...errors, ...providerErrors(config).filter((e) => !reported.has(e.field))];
    if (all.length > 0) return { ok: false, errors: all, view: toSettingsView(stored, record.updatedAt) };
    const updated = await repos.providers.update(id, toProviderPatch(config, ctx.secretBox));
    if (!updated) throw new NotFound('This payment provider does not exist (any more).');
    return {
      ok: true,
      view: toSettingsView(config, updated.updatedAt),
      changed: changedFields(stored, config),
    };
  });
  if (result.ok) {
    // Field names only: the values may be secrets.
    ctx.logger.info(
      { providerId: id, userId: actor?.userId ?? null, changed: result.changed },
      'payment provider settings saved',
    );
  }
  return result;
}

/** Publishes or unpublishes a provider; a disabled one cannot be published (ValidationError on `isPublished`). */
export async function setProviderPublication(
  ctx: ServiceContext,
  id: string,
  published: boolean,
  actor: { userId: string } | null = null,
): Promise<ProviderSettingsView> {
  const view = await ctx.store.transaction(async (repos) => {
    const record = await repos.providers.findById(id);
    if (!record) throw new NotFound('This payment provider does not exist (any more).');
    const next = setPublished(toProviderConfig(record, ctx.secretBox), published);
    const updated = await repos.providers.update(id, { isPublished: next.isPublished });
    return toSettingsView(next, updated?.updatedAt ?? record.updatedAt);
  });
  ctx.logger.info(
    { providerId: id, userId: actor?.userId ?? null, published },
    'payment provider publication changed',
  );
  return view;
}

/** Raises the ValidationError of a failed save (for callers that prefer exceptions, e.g. an API). */
export function throwIfInvalid(result: SaveProviderResult): ProviderSettingsView {
  if (result.ok) return result.view;
  const summary = result.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw new ValidationError(`The provider cannot be saved. ${summary}`, result.errors);
}
