/**
 * The merchant's logo on customer pages (S21): a PNG, JPEG or WebP picture of at most 256 KB, checked by
 * its bytes (never SVG, which can carry script), kept in the `settings` table beside the other
 * `merchant.*` values, and the branding customer pages are drawn with (name, logo, accent colour).
 */
import { createHash } from 'node:crypto';
import { readImageInfo, type ImageType } from '../domain/image.js';
import { ValidationError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { loadMerchantSettings } from './merchant-settings.js';

/** Largest logo accepted, in bytes. */
export const MAX_LOGO_BYTES = 256 * 1024;
/** Largest width or height accepted, in pixels (a logo is shown a few dozen pixels high). */
export const MAX_LOGO_PIXELS = 4096;

const DATA_KEY = 'merchant.logo';
const META_KEY = 'merchant.logo_meta';

/** What is known about the stored logo without reading its bytes. */
export interface LogoMeta {
  type: ImageType;
  width: number;
  height: number;
  /** Hash of the bytes: the HTTP ETag and the cache-busting version in its URL. */
  etag: string;
}

/** What customer pages are drawn with: the merchant's name, logo and accent colour, when set. */
export interface CustomerBranding {
  name: string;
  /** `#rrggbb`, or empty for payport's colours. */
  accentColor: string;
  logo: LogoMeta | null;
}

function parseMeta(value: string | undefined): LogoMeta | null {
  if (!value) return null;
  try {
    const meta = JSON.parse(value) as Partial<LogoMeta>;
    const known = meta.type === 'image/png' || meta.type === 'image/jpeg' || meta.type === 'image/webp';
    if (!known || typeof meta.etag !== 'string') return null;
    if (!Number.isInteger(meta.width) || !Number.isInteger(meta.height)) return null;
    return meta as LogoMeta;
  } catch {
    return null;
  }
}

/** The stored logo's description, or null when there is none. */
export async function loadLogoMeta(ctx: Pick<ServiceContext, 'store'>): Promise<LogoMeta | null> {
  return parseMeta(await ctx.store.repos.settings.get(META_KEY));
}

/** The stored logo with its bytes, or null when there is none. */
export async function loadMerchantLogo(
  ctx: Pick<ServiceContext, 'store'>,
): Promise<{ meta: LogoMeta; bytes: Buffer } | null> {
  const [meta, data] = await Promise.all([loadLogoMeta(ctx), ctx.store.repos.settings.get(DATA_KEY)]);
  if (!meta || !data) return null;
  return { meta, bytes: Buffer.from(data, 'base64') };
}

/** The branding of customer pages (S21), defaults where unset. */
export async function loadCustomerBranding(ctx: Pick<ServiceContext, 'store'>): Promise<CustomerBranding> {
  const [settings, logo] = await Promise.all([loadMerchantSettings(ctx), loadLogoMeta(ctx)]);
  return { name: settings.name, accentColor: settings.accentColor, logo };
}

/** Checks an uploaded logo; a ValidationError on field `logo` says what is wrong. */
export function checkLogo(bytes: Uint8Array | null): LogoMeta {
  const refuse = (message: string) =>
    new ValidationError('the logo was not accepted', [{ field: 'logo', message }]);
  if (!bytes || bytes.length === 0) throw refuse('choose a PNG, JPEG or WebP file');
  if (bytes.length > MAX_LOGO_BYTES) throw refuse(`a logo may be at most ${MAX_LOGO_BYTES / 1024} KB`);
  const info = readImageInfo(bytes);
  if (!info) throw refuse('only PNG, JPEG or WebP pictures are accepted (not SVG)');
  if (info.width > MAX_LOGO_PIXELS || info.height > MAX_LOGO_PIXELS)
    throw refuse(`a logo may be at most ${MAX_LOGO_PIXELS} pixels wide and high`);
  const etag = createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
  return { ...info, etag };
}

/** Stores `bytes` as the logo (replacing any), or nothing at all when they are not an accepted picture. */
export async function saveMerchantLogo(
  ctx: Pick<ServiceContext, 'store'>,
  bytes: Uint8Array | null,
): Promise<LogoMeta> {
  const meta = checkLogo(bytes);
  const data = Buffer.from(bytes as Uint8Array).toString('base64');
  await ctx.store.transaction(async (repos) => {
    await repos.settings.set(DATA_KEY, data);
    await repos.settings.set(META_KEY, JSON.stringify(meta));
  });
  return meta;
}

/** Removes the logo; customer pages show the name alone again. */
export async function removeMerchantLogo(ctx: Pick<ServiceContext, 'store'>): Promise<void> {
  await ctx.store.transaction(async (repos) => {
    await repos.settings.delete(META_KEY);
    await repos.settings.delete(DATA_KEY);
  });
}
