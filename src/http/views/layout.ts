/** The shared page shell of customer and back-office pages: language, direction, styles, scripts. */
import type { Language } from '../../domain/locale.js';
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
}

/** Renders a complete HTML document. */
export function page(options: PageOptions): string {
  const scripts = (options.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return html`<!doctype html>
    <html lang="${options.lang}" dir="${directionOf(options.lang)}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${options.title}</title>
        <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
        <link rel="stylesheet" href="/assets/payport.css" />
        ${scripts}
      </head>
      <body class="${options.bodyClass ?? 'public'}">
        ${options.body}
      </body>
    </html>`.value;
}
