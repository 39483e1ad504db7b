/** Payment links: the create form, the list with status, copy, send by email and deactivate. */
import { countryChoices } from '../../../domain/countries.js';
import type { Language } from '../../../domain/locale.js';
import type { CurrencyChoices, LinkFormProblem } from '../../../services/payment-link-form.js';
import type { PaymentLinkStatus } from '../../../services/payment-links.js';
import type { EmailMessageRecord, PaymentLinkRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, t } from '../i18n.js';
import { copyField, csrfField, fieldId, inputField, money, type Flash } from './components.js';
import { summaryOf } from './form-errors.js';
import { emailForm, type EmailFormState } from './payment-link-email.js';
import { expiresLabel, LINK_STATUS_TEXT, LINK_TEXT as TEXT, problemText } from './payment-link-text.js';
import { adminDocument, type PageContext } from './shell.js';

/** One listed link with what the page derives from it. */
export interface LinkRow {
  link: PaymentLinkRecord;
  url: string;
  status: PaymentLinkStatus;
  paidReference: string | null;
  /** Emails of the link that went out, newest first. */
  emails: EmailMessageRecord[];
}

/** What the page shows. */
export interface PaymentLinksModel {
  values: Record<string, string>;
  problems: LinkFormProblem[];
  currencies: CurrencyChoices;
  /** The merchant's time zone: expiry is typed and shown in it. */
  timeZone: string;
  /** SMTP_URL is set: the send-by-email forms are shown. */
  emailEnabled: boolean;
  /** A refused send, shown on its link's form. */
  emailState?: EmailFormState;
  rows: LinkRow[];
  nextCursor: string | null;
  cursor: string;
  created?: LinkRow;
  flash?: Flash;
}

/** An instant in the merchant's zone, the machine-readable instant in `datetime`. */
export function zonedTime(iso: string | null, lang: Language, timeZone: string): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const text = new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
  return html`<time datetime="${iso}">${text}</time>`;
}

function currencySelect(pc: PageContext, m: PaymentLinksModel, message: string | undefined): SafeHtml {
  const lang = pc.lang;
  const id = fieldId('currency');
  const chosen = (m.values.currency ?? '').toUpperCase() || m.currencies.currencies[0] || '';
  const hint = m.currencies.anyProvider
    ? ''
    : html`<p class="hint" id="${id}-hint">${t(lang, TEXT.noProvider)}</p>`;
  const describedBy = [m.currencies.anyProvider ? '' : `${id}-hint`, message ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field${message ? ' has-error' : ''}">
    <label class="field" for="${id}">${t(lang, TEXT.currency)}</label>
    ${hint}
    <select id="${id}" name="currency" dir="ltr" required ${describedBy ? html` aria-describedby="${describedBy}"` : ''}${message ? html` aria-invalid="true"` : ''}>
      ${m.currencies.currencies.map(
        (c) => html`<option value="${c}" ${c === chosen ? html` selected` : ''}>${c}</option>`,
      )}
    </select>
    ${message ? html`<p class="field-error" id="${id}-error">${message}</p>` : ''}
  </div>`;
}

function countrySelect(pc: PageContext, m: PaymentLinksModel, message: string | undefined): SafeHtml {
  const lang = pc.lang;
  const id = fieldId('customer_country');
  const chosen = (m.values.customer_country ?? '').toUpperCase();
  const describedBy = [`${id}-hint`, message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${message ? ' has-error' : ''}">
    <label class="field" for="${id}">${t(lang, TEXT.country)}</label>
    <p class="hint" id="${id}-hint">${t(lang, TEXT.countryHint)}</p>
    <select id="${id}" name="customer_country" aria-describedby="${describedBy}"${message ? html` aria-invalid="true"` : ''}>
      <option value="">${t(lang, TEXT.countryAny)}</option>
      ${countryChoices(lang).map(
        (c) => html`<option value="${c.code}" ${c.code === chosen ? html` selected` : ''}>${c.name}</option>`,
      )}
    </select>
    ${message ? html`<p class="field-error" id="${id}-error">${message}</p>` : ''}
  </div>`;
}

function createForm(pc: PageContext, m: PaymentLinksModel): SafeHtml {
  const lang = pc.lang;
  const v = (name: string) => m.values[name] ?? '';
  const errors = m.problems.map((p) => ({ field: p.field, message: problemText(lang, p) }));
  const currencyError = errors.find((e) => e.field === 'currency')?.message;
  return html`<form method="post" action="/admin/payment-links" class="card" novalidate>
    <h2>${t(lang, TEXT.create)}</h2>
    ${csrfField(pc.csrf)}
    <div class="grid-2">
      ${inputField({ name: 'amount', label: t(lang, TEXT.amount), value: v('amount'), errors, required: true, inputmode: 'decimal', dir: 'ltr', placeholder: '1,250.50', hint: t(lang, TEXT.amountHint) })}
      ${currencySelect(pc, m, currencyError)}
      ${inputField({ name: 'order_reference', label: t(lang, TEXT.orderReference), value: v('order_reference'), errors, dir: 'auto' })}
      ${inputField({ name: 'customer_email', label: t(lang, TEXT.email), value: v('customer_email'), type: 'email', errors, dir: 'ltr' })}
      ${countrySelect(pc, m, errors.find((e) => e.field === 'customer_country')?.message)}
      ${inputField({ name: 'description', label: t(lang, TEXT.description), value: v('description'), errors, dir: 'auto' })}
      ${inputField({ name: 'expires_at', label: expiresLabel(lang, m.timeZone), value: v('expires_at'), type: 'datetime-local', errors })}
    </div>
    <p><button type="submit">${t(lang, TEXT.submit)}</button></p>
  </form>`;
}

function statusBadge(lang: Language, status: PaymentLinkStatus): SafeHtml {
  const tone = status === 'paid' ? 'ok' : status === 'open' ? '' : 'off';
  return html`<span class="badge ${tone}">${t(lang, LINK_STATUS_TEXT[status])}</span>`;
}

function sentLines(lang: Language, r: LinkRow, zone: string): SafeHtml {
  return html`${r.emails.slice(0, 3).map(
    (e) =>
      html`<br /><span class="muted" data-emailed="${e.recipient}"
          >${t(lang, TEXT.emailedTo)} <bdi dir="ltr">${e.recipient}</bdi>,
          ${zonedTime(e.sentAt ?? e.createdAt, lang, zone)}</span
        >`,
  )}`;
}

function row(pc: PageContext, m: PaymentLinksModel, r: LinkRow): SafeHtml {
  const lang = pc.lang;
  const l = r.link;
  const deactivate =
    r.status === 'open'
      ? html`<form
          method="post"
          action="/admin/payment-links/${encodeURIComponent(l.id)}/deactivate"
          class="inline"
          data-confirm="${t(lang, TEXT.deactivateConfirm)}"
        >
          ${csrfField(pc.csrf)}<button type="submit" class="secondary small">
            ${t(lang, TEXT.deactivate)}
          </button>
        </form>`
      : '';
  const send =
    m.emailEnabled && r.status === 'open' ? emailForm(pc, r.link, `row-${l.id}`, m.emailState) : '';
  return html`<tr>
    <td>${zonedTime(l.createdAt, lang, m.timeZone)}</td>
    <td>
      ${copyField({ id: `link-${l.id}`, label: html`<span class="sr-only">${t(lang, TEXT.url)}</span>`, value: r.url, lang })}
    </td>
    <td dir="ltr">${money(l.amount, l.currency)}</td>
    <td>
      ${l.orderReference ? html`<span dir="auto">${l.orderReference}</span>` : ''}${l.description ? html`<br /><span class="muted" dir="auto">${l.description}</span>` : ''}
    </td>
    <td dir="ltr">${l.customerEmail ?? ''}</td>
    <td>${zonedTime(l.expiresAt, lang, m.timeZone)}</td>
    <td>
      ${statusBadge(lang, r.status)}${r.paidReference ? html`<br />${t(lang, TEXT.paidBy)} <a href="/admin/transactions/${encodeURIComponent(r.paidReference)}" dir="ltr">${r.paidReference}</a>` : ''}${sentLines(lang, r, m.timeZone)}
      ${deactivate}${send}
    </td>
  </tr>`;
}

function summary(pc: PageContext, m: PaymentLinksModel): SafeHtml {
  const lang = pc.lang;
  if (m.emailState?.message) {
    const anchor = `${fieldId('to')}-${m.emailState.formId}`;
    return summaryOf(t(lang, TEXT.notSent), [
      { field: 'to', anchor, label: t(lang, TEXT.sendTo), message: m.emailState.message },
    ]);
  }
  const labels: Record<LinkFormProblem['field'], string> = {
    amount: t(lang, TEXT.amount),
    currency: t(lang, TEXT.currency),
    customer_email: t(lang, TEXT.email),
    customer_country: t(lang, TEXT.country),
    order_reference: t(lang, TEXT.orderReference),
    description: t(lang, TEXT.description),
    expires_at: expiresLabel(lang, m.timeZone),
  };
  return summaryOf(
    t(lang, TEXT.summary),
    m.problems.map((p) => ({ field: p.field, label: labels[p.field], message: problemText(lang, p) })),
  );
}

/** Renders the payment links page. */
export function paymentLinksPage(pc: PageContext, m: PaymentLinksModel): string {
  const lang = pc.lang;
  const created = m.created
    ? html`<section class="card highlight" role="status">
        <h2>${t(lang, TEXT.createdTitle)}</h2>
        ${copyField({ id: 'created-link', label: t(lang, TEXT.url), value: m.created.url, lang })}
        ${sentLines(lang, m.created, m.timeZone)}
        ${m.emailEnabled && m.created.status === 'open' ? emailForm(pc, m.created.link, 'created', m.emailState) : ''}
      </section>`
    : '';
  const table =
    m.rows.length === 0
      ? html`<p class="muted">${t(lang, COMMON.none)}</p>`
      : html`<div class="table-wrap">
          <table class="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">${t(lang, TEXT.created)}</th>
                <th scope="col">${t(lang, TEXT.url)}</th>
                <th scope="col">${t(lang, TEXT.amount)}</th>
                <th scope="col">${t(lang, TEXT.orderReference)}</th>
                <th scope="col">${t(lang, TEXT.customer)}</th>
                <th scope="col">${t(lang, TEXT.expiresShort)}</th>
                <th scope="col">${t(lang, TEXT.status)}</th>
              </tr>
            </thead>
            <tbody>
              ${m.rows.map((r) => row(pc, m, r))}
            </tbody>
          </table>
        </div>`;
  const pager = html`<nav class="pager" aria-label="pages">
    ${m.cursor ? html`<a href="/admin/payment-links">${t(lang, COMMON.first)}</a>` : ''}${
      m.nextCursor
        ? html`<a href="/admin/payment-links?cursor=${encodeURIComponent(m.nextCursor)}" rel="next"
            >${t(lang, COMMON.next)}</a
          >`
        : ''
    }
  </nav>`;
  const body = html`${summary(pc, m)}${created}${createForm(pc, m)}
    <h2>${t(lang, TEXT.list)}</h2>
    ${table}${pager}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'links',
    ...(m.flash ? { flash: m.flash } : {}),
  });
}
