/**
 * The merchant's own settings (S21): time zone (today's figures, payment link expiry), and the name and
 * accent colour customer pages carry. Kept in the `settings` table under `merchant.*` keys, so no
 * migration is needed; every value is checked before it is stored and defaults apply when unset.
 */
import { isTimeZone } from '../domain/time-zone.js';
import { ValidationError, type FieldError } from '../errors.js';
import type { ServiceContext } from './context.js';

/** The merchant's settings, with defaults filled in. */
export interface MerchantSettings {
  /** IANA time zone (default `UTC`). */
  timeZone: string;
  /** Shown on customer pages; empty = none. */
  name: string;
  /** `#rrggbb`; empty = payport's colour. */
  accentColor: string;
}

const KEYS = {
  timeZone: 'merchant.time_zone',
  name: 'merchant.name',
  accentColor: 'merchant.accent_color',
} as const;

const COLOR = /^#[0-9a-f]{6}$/;
const MAX_NAME = 80;

/** The stored settings, defaults where unset. */
export async function loadMerchantSettings(ctx: Pick<ServiceContext, 'store'>): Promise<MerchantSettings> {
  const settings = ctx.store.repos.settings;
  const [timeZone, name, accentColor] = await Promise.all([
    settings.get(KEYS.timeZone),
    settings.get(KEYS.name),
    settings.get(KEYS.accentColor),
  ]);
  return {
    timeZone: timeZone && isTimeZone(timeZone) ? timeZone : 'UTC',
    name: name ?? '',
    accentColor: accentColor && COLOR.test(accentColor) ? accentColor : '',
  };
}

/** The errors of `input` by field (empty when it may be saved). */
export function checkMerchantSettings(input: MerchantSettings): FieldError[] {
  const errors: FieldError[] = [];
  if (!isTimeZone(input.timeZone)) errors.push({ field: 'timeZone', message: 'unknown time zone' });
  if ([...input.name].length > MAX_NAME)
    errors.push({ field: 'name', message: `at most ${MAX_NAME} characters` });
  if (input.accentColor !== '' && !COLOR.test(input.accentColor.toLowerCase()))
    errors.push({ field: 'accentColor', message: 'a colour such as #0b6e4f' });
  return errors;
}

/** Saves all settings at once, or nothing (ValidationError naming each bad field). */
export async function saveMerchantSettings(
  ctx: Pick<ServiceContext, 'store'>,
  input: MerchantSettings,
): Promise<void> {
  const errors = checkMerchantSettings(input);
  if (errors.length > 0) throw new ValidationError('the merchant settings are not valid', errors);
  await ctx.store.transaction(async (repos) => {
    await repos.settings.set(KEYS.timeZone, input.timeZone);
    await repos.settings.set(KEYS.name, input.name.trim());
    await repos.settings.set(KEYS.accentColor, input.accentColor.toLowerCase());
  });
}
