/**
 * The merchant's branding on customer pages (S21): name, logo and accent colour in the shared layout, so
 * every customer page carries them without each page passing them along. The branding of the current
 * request is kept in an AsyncLocalStorage scope (set by `routes/brand.ts` for customer requests); pages
 * rendered outside one (the back office, tests of single views) keep payport's own look.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Language } from '../../domain/locale.js';
import { html, type SafeHtml } from './html.js';

/** What the layout draws a customer page with. */
export interface PageBranding {
  /** The merchant's name; empty for none. */
  name: string;
  /** `#rrggbb`; empty for payport's colours. */
  accentColor: string;
  /** The stored logo's version and size, or null. */
  logo: { etag: string; width: number; height: number } | null;
}

const scope = new AsyncLocalStorage<PageBranding>();

/** Runs `fn` with `branding` as the branding of the pages it renders. */
export function runWithBranding<T>(branding: PageBranding, fn: () => T): T {
  return scope.run(branding, fn);
}

/** The branding of the page being rendered, if any. */
export function currentBranding(): PageBranding | undefined {
  return scope.getStore();
}

/** True when `branding` changes anything on a page. */
export function isBranded(branding: PageBranding | undefined): branding is PageBranding {
  return (
    branding !== undefined && (branding.name !== '' || branding.accentColor !== '' || branding.logo !== null)
  );
}

/** The stylesheet that sets the accent colour (an immutable URL per colour), or null for payport's own. */
export function accentStylesheet(branding: PageBranding): string | null {
  return /^#[0-9a-f]{6}$/.test(branding.accentColor)
    ? `/brand/theme.css?accent=${branding.accentColor.slice(1)}`
    : null;
}

const LOGO_ALT = { en: 'Logo', ar: 'الشعار' } as const;

/** The page header with the merchant's logo (its alternative text is the name) and name. */
export function brandHeader(branding: PageBranding, lang: Language): SafeHtml {
  if (branding.name === '' && branding.logo === null) return html``;
  const logo = branding.logo
    ? html`<img
        class="brand-logo"
        src="/brand/logo?v=${branding.logo.etag}"
        alt="${branding.name || LOGO_ALT[lang]}"
        width="${branding.logo.width}"
        height="${branding.logo.height}"
      />`
    : '';
  // With a logo the name is already its alternative text: shown, but not read out twice.
  const name =
    branding.name === ''
      ? ''
      : branding.logo
        ? html`<span class="brand-name" aria-hidden="true">${branding.name}</span>`
        : html`<span class="brand-name">${branding.name}</span>`;
  return html`<header class="brand-bar">
    <div class="brand-inner">${logo}${name}</div>
  </header>`;
}
