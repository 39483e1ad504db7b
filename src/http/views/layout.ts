/** The shared page shell of customer and back-office pages: language, direction, styles, scripts. */
import type { Language } from '../../domain/locale.js';
import { accentStylesheet, brandHeader, currentBranding, isBranded, type PageBranding } from './branding.js';
import { directionOf } from './language.js';
import { html, type SafeHtml } from './html.js';

/** What a page needs besides its body. */
export interface PageOptions {
  lang: Language;
  title: string;
  body: SafeHtml;
  /** Same-origin scripts to load (CSP `script-src 'self'`), e.g. `/assets/status.js`. */
  scripts?: string[];
  /** Extra class on <body> (e.g. `admin`). */
  bodyClass?: string;
  /**
   * The merchant's branding (S21); customer pages take the current request's when this is absent, and
   * `null` renders payport's own look.
   */
  branding?: PageBranding | null;
}

/** Renders a complete HTML document. */
export function page(options: PageOptions): string {
  const scripts = (options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  const bodyClass = options.bodyClass ?? 'public';
  const found =
    options.branding === undefined && bodyClass === 'public' ? currentBranding() : options.branding;
  const branding = isBranded(found ?? undefined) ? (found as PageBranding) : null;
  const theme = branding ? accentStylesheet(branding) : null;
  return html`<!doctype html>
    <html lang="${options.lang}" dir="${directionOf(options.lang)}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${options.title}</title>
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <link rel="stylesheet" href="/assets/payport.css" />
        ${theme ? html`<link rel="stylesheet" href="${theme}" />` : ''} ${scripts}
      </head>
      <body class="${bodyClass}">
        ${branding ? brandHeader(branding, options.lang) : ''} ${options.body}
      </body>
    </html>`.value;
}
