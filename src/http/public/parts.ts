/** Pieces shared by the customer pages: amounts, the language switch, detail lists, notices. */
import { displayAmount } from '../../domain/amount-display.js';
import type { Language } from '../../domain/locale.js';
import { html, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import { otherLanguage, t, type TextKey } from './text.js';

/**
 * An amount as one isolated left-to-right piece, the same markup wherever a customer page shows it
 * (summary, Pay button, status page), so Arabic text around it cannot reorder number and code.
 */
export function amountHtml(amountMinor: number, currency: string, lang: Language): SafeHtml {
  return html`<bdi dir="ltr" class="money">${displayAmount(amountMinor, currency, lang)}</bdi>`;
}

/** `path` with its `lang` query parameter set (or replaced). */
export function withLanguage(path: string, lang: Language): string {
  const url = new URL(path, 'http://payport.invalid');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/** The link to the same page in the other language. */
export function languageSwitch(path: string, lang: Language): SafeHtml {
  const other = otherLanguage(lang);
  return html`<nav class="lang-switch" aria-label="${lang === 'ar' ? 'اللغة' : 'Language'}">
    <a href="${withLanguage(path, other)}" lang="${other}" hreflang="${other}">${t(lang, 'otherLanguage')}</a>
  </nav>`;
}

/** A description list of the rows whose value is present. */
export function detailList(rows: [label: string, value: SafeHtml | string | null | undefined][]): SafeHtml {
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length === 0) return html``;
  return html`<dl class="details">
    ${shown.map(
      ([label, value]) =>
        html`<div>
          <dt>${label}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}

/** What a notice page says, and an optional action link. */
export interface Notice {
  title: TextKey;
  body: TextKey;
  /** `alert` for problems (announced at once), `status` for information. */
  tone: 'alert' | 'status';
  action?: { href: string; label: TextKey } | undefined;
  /** The language switch target (the current path); omitted on answers to a POST. */
  path?: string | undefined;
}

/** A small page with one message, for dead ends (unknown link, expired form, no method, …). */
export function noticePage(lang: Language, notice: Notice): string {
  const title = t(lang, notice.title);
  return page({
    lang,
    title,
    body: html`${notice.path ? languageSwitch(notice.path, lang) : ''}
      <main id="main">
        <div class="card notice ${notice.tone === 'alert' ? 'notice-problem' : ''}" role="${notice.tone}">
          <h1>${title}</h1>
          <p>${t(lang, notice.body)}</p>
          ${notice.action ? html`<p><a class="button secondary" href="${notice.action.href}">${t(lang, notice.action.label)}</a></p>` : ''}
        </div>
      </main>`,
  });
}

/** The payment summary card of a payment page: the amount due, then the rows that are present. */
export function paymentSummary(
  lang: Language,
  amount: SafeHtml,
  rows: [label: string, value: SafeHtml | string | null | undefined][],
): SafeHtml {
  return html`<section class="card summary" aria-labelledby="summary-title">
    <h2 id="summary-title" class="sr-only">${t(lang, 'summaryTitle')}</h2>
    <p class="muted">${t(lang, 'amountDue')}</p>
    <p class="amount">${amount}</p>
    ${detailList(rows)}
  </section>`;
}
