/** The "Send by email" form of a payment link (S21): the address (the customer's by default) and the language. */
import { isLanguage, type Language } from '../../../domain/locale.js';
import type { PaymentLinkRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t } from '../i18n.js';
import { csrfField, fieldId } from './components.js';
import { LINK_TEXT as TEXT } from './payment-link-text.js';
import type { PageContext } from './shell.js';

/** A refused send, to show again on the form it came from with what was typed. */
export interface EmailFormState {
  /** Which form on the page (`created` or `row-<id>`). */
  formId: string;
  linkId: string;
  to: string;
  lang: Language;
  message?: string;
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ar: 'العربية' };

/** The form; open (inside its <details>) when `state` is a refusal of this very form. */
export function emailForm(
  pc: PageContext,
  link: PaymentLinkRecord,
  formId: string,
  state: EmailFormState | undefined,
): SafeHtml {
  const lang = pc.lang;
  const mine = state && state.formId === formId && state.linkId === link.id ? state : undefined;
  const to = mine ? mine.to : (link.customerEmail ?? '');
  const chosen: Language = mine?.lang ?? (isLanguage(link.lang) ? link.lang : lang);
  const toId = `${fieldId('to')}-${formId}`;
  const langId = `${fieldId('lang')}-${formId}`;
  const error = mine?.message;
  return html`<details class="send-email" ${mine ? html` open` : ''}>
    <summary>${t(lang, TEXT.sendTitle)}</summary>
    <form method="post" action="/admin/payment-links/${encodeURIComponent(link.id)}/email" novalidate>
      ${csrfField(pc.csrf)}
      <input type="hidden" name="form" value="${formId}" />
      <div class="field${error ? ' has-error' : ''}">
        <label class="field" for="${toId}">${t(lang, TEXT.sendTo)}</label>
        <input id="${toId}" name="to" type="email" value="${to}" dir="ltr" autocomplete="off"${
          error ? html` aria-invalid="true" aria-describedby="${toId}-error"` : ''
        } />
        ${error ? html`<p class="field-error" id="${toId}-error">${error}</p>` : ''}
      </div>
      <div class="field">
        <label class="field" for="${langId}">${t(lang, TEXT.sendLang)}</label>
        <select id="${langId}" name="lang">
          ${(['en', 'ar'] as const).map(
            (l) =>
              html`<option value="${l}" ${l === chosen ? html` selected` : ''} lang="${l}">${LANGUAGE_NAMES[l]}</option>`,
          )}
        </select>
      </div>
      <p><button type="submit" class="secondary small">${t(lang, TEXT.send)}</button></p>
    </form>
  </details>`;
}
