/**
 * The country question of the payment page (S21): when no country is known and a provider accepts only
 * some countries, the page asks first. A plain GET form back to the same page, which carries the link's
 * parameters untouched (a signed link keeps its access token) and adds only the customer's `country`.
 */
import { displayAmount } from '../../domain/amount-display.js';
import { countryChoices, countryName } from '../../domain/countries.js';
import type { Language } from '../../domain/locale.js';
import { html, raw, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import type { CheckoutIntent } from './checkout-intent.js';
import { amountHtml, languageSwitch, paymentSummary, withLanguage } from './parts.js';
import { t } from './text.js';

/** `path` without its `country` query parameter (the customer's answer), other parameters untouched. */
export function withoutCountry(path: string): string {
  const url = new URL(path, 'http://payport.invalid');
  if (!url.searchParams.has('country')) return path;
  url.searchParams.delete('country');
  return `${url.pathname}${url.search}`;
}

/** The link back to the question, for a customer who answered it ("Change country"). */
export function changeCountryLink(intent: CheckoutIntent, lang: Language): SafeHtml {
  return html`<a href="${withLanguage(withoutCountry(intent.pagePath), lang)}">${t(lang, 'countryChange')}</a>`;
}

/**
 * True when the payment page's link itself carries the country (a signed one, or a stored link the
 * merchant gave a country), so it cannot be changed.
 */
export function countryFixedByLink(intent: CheckoutIntent): boolean {
  if (intent.countryFixed === true) return true;
  return new URL(intent.pagePath, 'http://payport.invalid').searchParams.has('country');
}

/** The country row of the payment summary: the country, and a way to change it when the customer chose it. */
export function countryRow(intent: CheckoutIntent, lang: Language): SafeHtml | null {
  if (!intent.country) return null;
  const name = countryName(intent.country, lang);
  return countryFixedByLink(intent) ? html`${name}` : html`${name} · ${changeCountryLink(intent, lang)}`;
}

/** What the question page shows. */
export interface CountryQuestionModel {
  lang: Language;
  intent: CheckoutIntent;
  /** The current path, for the language switch. */
  path?: string | undefined;
  /** True when the customer sent a country that is not on the list. */
  invalid?: boolean;
}

function hiddenParameters(pagePath: string, lang: Language): SafeHtml[] {
  const url = new URL(pagePath, 'http://payport.invalid');
  const fields = [...url.searchParams.entries()].filter(([name]) => name !== 'country' && name !== 'lang');
  return [...fields, ['lang', lang]].map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
}

/** Renders the country question for the payment of `intent`. */
export function countryQuestionPage(model: CountryQuestionModel): string {
  const { lang, intent } = model;
  const amount = amountHtml(intent.amountMinor, intent.currency, lang);
  const action = new URL(intent.pagePath, 'http://payport.invalid').pathname;
  const error = model.invalid
    ? html`<p class="error-text" id="country-error">${t(lang, 'countryInvalid')}</p>`
    : '';
  const options = countryChoices(lang).map(
    (c) =>
      html`<option value="${c.code}" ${c.code === intent.country ? raw('selected') : ''}>${c.name}</option>`,
  );
  const body = html`${model.path ? languageSwitch(model.path, lang) : ''}
    <main id="main">
      <h1>${t(lang, 'paymentTitle')}</h1>
      ${
        model.invalid
          ? html`<div class="error-summary card" role="alert" aria-labelledby="error-summary-title">
            <h2 id="error-summary-title">${t(lang, 'errorSummary')}</h2>
            <ul>
              <li><a href="#country">${t(lang, 'countryInvalid')}</a></li>
            </ul>
          </div>`
          : ''
      }
      ${paymentSummary(lang, amount, [
        [t(lang, 'orderReference'), intent.orderReference],
        [t(lang, 'description'), intent.description],
      ])}
      <form class="card checkout country-question" method="get" action="${action}">
        <h2>${t(lang, 'countryTitle')}</h2>
        ${hiddenParameters(intent.pagePath, lang)}
        <div class="field">
          <label class="field" for="country">${t(lang, 'countryLabel')}</label>
          <p class="muted hint" id="country-hint">${t(lang, 'countryHint')}</p>
          ${error}
          <select
            id="country"
            name="country"
            required
            autocomplete="country"
            aria-describedby="country-hint${model.invalid ? ' country-error' : ''}"
            ${model.invalid ? raw('aria-invalid="true"') : ''}
          >
            <option value="">${t(lang, 'countryPlaceholder')}</option>
            ${options}
          </select>
        </div>
        <button type="submit" class="wide">${t(lang, 'countryContinue')}</button>
      </form>
    </main>`;
  const title = `${t(lang, 'countryTitle')} · ${displayAmount(intent.amountMinor, intent.currency, lang)}`;
  return page({ lang, title, body });
}
