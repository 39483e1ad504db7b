/** Small building blocks of back-office pages: badges, money, times, form fields with their errors. */
import type { Language } from '../../../domain/locale.js';
import { formatMinorUnits } from '../../../domain/money.js';
import type { ProviderState } from '../../../domain/provider.js';
import type { FieldError } from '../../../errors.js';
import type { FinancialStatus } from '../../../domain/ledger.js';
import type { TransactionRecord } from '../../../store/repositories/index.js';
import type { TransactionState } from '../../../store/schema.js';
import { html, type HtmlValue, type SafeHtml } from '../../views/html.js';
import {
  COMMON,
  FINANCIAL_STATUS_TEXT,
  OPERATION_DONE_TEXT,
  PROVIDER_STATE_TEXT,
  t,
  TRANSACTION_STATE_TEXT,
} from '../i18n.js';

/** A one-off message at the top of a page. */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** The flash box, or nothing. */
export function flashBox(flash: Flash | undefined): SafeHtml {
  if (!flash) return html``;
  const role = flash.kind === 'error' ? 'alert' : 'status';
  return html`<p class="flash ${flash.kind}" role="${role}">${flash.text}</p>`;
}

/** Integer minor units as `12.50 SAR` (falls back to the raw number for an unknown currency). */
export function money(minor: number, currency: string): string {
  try {
    return `${formatMinorUnits(minor, currency)} ${currency}`;
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/**
 * The back office's date-time formats, made on first use: the first `Intl` format a process makes reads
 * several MB of ICU data from the Node.js binary into memory, which a server that only ingests provider
 * messages never needs.
 */
const DATE_TIME: Partial<Record<Language, Intl.DateTimeFormat>> = {};

function dateTimeFormat(lang: Language): Intl.DateTimeFormat {
  return (DATE_TIME[lang] ??= new Intl.DateTimeFormat(lang === 'ar' ? 'ar' : 'en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }));
}

/** An ISO time as `2026-03-01 10:00:05 UTC` in a <time> element. */
export function time(iso: string | null | undefined, lang: Language): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return html`<time datetime="${iso}">${iso}</time>`;
  // Read by people in their language; the machine-readable instant stays in `datetime`.
  return html`<time datetime="${iso}">${dateTimeFormat(lang).format(when)}</time>`;
}

/** A transaction state badge. */
export function stateBadge(lang: Language, state: TransactionState): SafeHtml {
  const tone =
    state === 'done' || state === 'authorized' ? 'ok' : state === 'cancel' || state === 'error' ? 'bad' : '';
  return html`<span class="badge ${tone}">${t(lang, TRANSACTION_STATE_TEXT[state])}</span>`;
}

const FINANCIAL_TONE: Record<FinancialStatus, string> = {
  unpaid: '',
  pending: '',
  authorized: 'ok',
  partially_captured: 'ok',
  paid: 'ok',
  partially_refunded: 'warn',
  refunded: 'off',
  voided: 'off',
  failed: 'bad',
  cancelled: 'bad',
};

/**
 * The badge of a transaction (S9): a payment says where its money stands (Paid, Partially refunded,
 * Refunded, …); a capture, void or refund says what became of it (Captured, Refunded, Pending, Failed).
 */
export function transactionBadge(lang: Language, tx: TransactionRecord): SafeHtml {
  if (tx.operation === 'online_redirect') {
    const status = tx.ledger.financialStatus;
    if (!status) return stateBadge(lang, tx.state);
    return html`<span class="badge ${FINANCIAL_TONE[status]}" data-financial-status="${status}"
      >${t(lang, FINANCIAL_STATUS_TEXT[status])}</span
    >`;
  }
  if (tx.state === 'done') {
    return html`<span class="badge ok">${t(lang, OPERATION_DONE_TEXT[tx.operation])}</span>`;
  }
  if (tx.state === 'error')
    return html`<span class="badge bad">${t(lang, FINANCIAL_STATUS_TEXT.failed)}</span>`;
  return stateBadge(lang, tx.state);
}

/** A provider state badge (Disabled / Test / Enabled). */
export function providerStateBadge(lang: Language, state: ProviderState): SafeHtml {
  const tone = state === 'enabled' ? 'ok' : state === 'disabled' ? 'off' : '';
  return html`<span class="badge ${tone}">${t(lang, PROVIDER_STATE_TEXT[state])}</span>`;
}

/** Published / Unpublished badge. */
export function publishedBadge(lang: Language, published: boolean): SafeHtml {
  return published
    ? html`<span class="badge ok">${t(lang, COMMON.published)}</span>`
    : html`<span class="badge off">${t(lang, COMMON.unpublished)}</span>`;
}

/** The hidden CSRF field every POST form carries. */
export function csrfField(token: string | null): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}" />`;
}

/** The message of the first error on `field`, if any. */
export function errorFor(errors: readonly FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** A safe id for a field name such as `messages.pre.en`. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The error line under a field (with the id its input points to), or nothing. */
export function fieldErrorLine(errors: readonly FieldError[], name: string): SafeHtml {
  const message = errorFor(errors, name);
  return message === undefined
    ? html``
    : html`<p class="field-error" id="${fieldId(name)}-error">${message}</p>`;
}

/** Options of {@link inputField}. */
export interface InputFieldOptions {
  name: string;
  label: string;
  value?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'datetime-local' | 'search';
  errors?: readonly FieldError[];
  hint?: HtmlValue;
  required?: boolean;
  autocomplete?: string;
  placeholder?: string;
  inputmode?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
}

/** A labelled input with its hint and error, wired for screen readers. */
export function inputField(o: InputFieldOptions): SafeHtml {
  const id = fieldId(o.name);
  const error = o.errors ? errorFor(o.errors, o.name) : undefined;
  const describedBy = [o.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field${error ? ' has-error' : ''}">
    <label class="field" for="${id}">${o.label}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    <input
      id="${id}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${o.value ?? ''}"
      ${o.required ? html` required` : ''}${
        o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''
      }${o.placeholder ? html` placeholder="${o.placeholder}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${
        o.dir ? html` dir="${o.dir}"` : ''
      }${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}
    />
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** A select with options; `value` is the selected one. */
export function selectField(o: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  errors?: readonly FieldError[];
}): SafeHtml {
  const id = fieldId(o.name);
  const error = o.errors ? errorFor(o.errors, o.name) : undefined;
  const options = o.options.map(
    (opt) =>
      html`<option value="${opt.value}" ${opt.value === o.value ? html` selected` : ''}>
        ${opt.label}
      </option>`,
  );
  return html`<div class="field${error ? ' has-error' : ''}">
    <label class="field" for="${id}">${o.label}</label>
    <select
      id="${id}"
      name="${o.name}"
      ${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}
    >
      ${options}
    </select>
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** A read-only value with a copy button; admin.js reveals the button, so without JavaScript none is shown. */
export function copyField(o: {
  id: string;
  label: HtmlValue;
  value: string;
  lang: Language;
  hint?: HtmlValue;
}): SafeHtml {
  return html`<div class="copy-field">
    <label class="field" for="${o.id}">${o.label}</label>
    ${o.hint ? html`<p class="hint">${o.hint}</p>` : ''}
    <div class="copy-row">
      <input id="${o.id}" type="text" value="${o.value}" readonly dir="ltr" />
      <button
        type="button"
        class="secondary copy"
        data-copy="${o.id}"
        data-copied="${t(o.lang, COMMON.copied)}"
        hidden
      >
        ${t(o.lang, COMMON.copy)}
      </button>
    </div>
  </div>`;
}
