/**
 * A provider's beginning and end in the back office (S21): "New APS provider" opens a draft form that
 * saves nothing until its first valid Save, and a provider that never took a payment can be removed
 * (one with transactions stays: their history names it; it can be Disabled instead).
 */
import { newId } from '../crypto/random.js';
import { newProviderConfig, providerErrors } from '../domain/provider.js';
import { Conflict, NotFound } from '../errors.js';
import type { ServiceContext } from './context.js';
import { toProviderConfig, toProviderPatch } from './provider-accounts.js';
import { applyProviderInput } from './provider-settings-form.js';
import {
  toSettingsView,
  type ProviderSettingsInput,
  type ProviderSettingsView,
  type SaveProviderResult,
} from './provider-settings.js';

/** The id a draft carries until it is saved (never stored). */
export const DRAFT_PROVIDER_ID = 'new';

async function uniqueName(ctx: ServiceContext, base = 'Amazon Payment Services'): Promise<string> {
  const names = new Set((await ctx.store.repos.providers.list()).map((p) => p.name));
  let unique = base;
  for (let n = 2; names.has(unique); n++) unique = `${base} (${n})`;
  return unique;
}

/** A new APS provider's form values, not saved (disabled, unpublished, card only, a free name). */
export async function draftProviderView(ctx: ServiceContext): Promise<ProviderSettingsView> {
  const config = newProviderConfig({ id: DRAFT_PROVIDER_ID, name: await uniqueName(ctx) });
  return toSettingsView(config, ctx.clock.now().toISOString());
}

/** Creates a provider from the draft form: every problem at once and nothing stored, or the new provider. */
export async function createProviderFromForm(
  ctx: ServiceContext,
  input: ProviderSettingsInput,
  actor: { userId: string } | null = null,
): Promise<SaveProviderResult> {
  const draft = newProviderConfig({ id: DRAFT_PROVIDER_ID, name: await uniqueName(ctx) });
  const { config, errors } = applyProviderInput(draft, input);
  const reported = new Set(errors.map((e) => e.field));
  const all = [...errors, ...providerErrors(config).filter((e) => !reported.has(e.field))];
  const now = ctx.clock.now().toISOString();
  if (all.length > 0) return { ok: false, errors: all, view: toSettingsView(draft, now) };
  const id = newId(ctx.clock);
  const saved = { ...config, id };
  const record = await ctx.store.repos.providers.insert({
    ...toProviderPatch(saved, ctx.secretBox),
    id,
    code: saved.code,
    name: saved.name,
  });
  ctx.logger.info({ providerId: id, userId: actor?.userId ?? null }, 'payment provider created');
  return {
    ok: true,
    view: toSettingsView(toProviderConfig(record, ctx.secretBox), record.updatedAt),
    changed: [],
  };
}

/** True when no transaction names the provider (it may then be removed). */
export async function providerIsUnused(ctx: Pick<ServiceContext, 'store'>, id: string): Promise<boolean> {
  const row = await ctx.store.db
    .selectFrom('transactions')
    .select('id')
    .where('provider_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  return row === undefined;
}

/** Removes a provider that never took a payment; Conflict when transactions name it. */
export async function removeProvider(
  ctx: ServiceContext,
  id: string,
  actor: { userId: string } | null = null,
): Promise<void> {
  await ctx.store.transaction(async (repos, trx) => {
    const record = await repos.providers.findById(id);
    if (!record) throw new NotFound('This payment provider does not exist (any more).');
    const used = await trx
      .selectFrom('transactions')
      .select('id')
      .where('provider_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (used) {
      throw new Conflict(
        'This provider has transactions, so it cannot be removed; set it to Disabled instead.',
      );
    }
    await trx.deleteFrom('providers').where('id', '=', id).execute();
    await repos.settings.delete(`credentials_tested:${id}`);
  });
  ctx.logger.info({ providerId: id, userId: actor?.userId ?? null }, 'payment provider removed');
}
