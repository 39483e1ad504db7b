/** Payment links: the create form and the list with status, copy and deactivate. */
import type { FieldError } from '../../../errors.js';
import type { PaymentLinkStatus } from '../../../services/payment-links.js';
import type { PaymentLinkRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, t, type Text } from '../i18n.js';
import { copyField, csrfField, inputField, money, time, type Flash } from './components.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Payment links', ar: 'روابط الدفع' },
  create: { en: 'New payment link', ar: 'رابط دفع جديد' },
  amount: { en: 'Amount', ar: 'المبلغ' },
  currency: { en: 'Currency', ar: 'العملة' },
  orderReference: { en: 'Order reference (optional)', ar: 'مرجع الطلب (اختياري)' },
  description: { en: 'Description (optional)', ar: 'الوصف (اختياري)' },
  email: { en: 'Customer email (optional)', ar: 'بريد العميل (اختياري)' },
  expires: { en: 'Expires at, UTC (optional)', ar: 'ينتهي في، بتوقيت UTC (اختياري)' },
  submit: { en: 'Create link', ar: 'إنشاء الرابط' },
  createdTitle: { en: 'Link created: send it to the customer', ar: 'تم إنشاء الرابط: أرسله إلى العميل' },
  url: { en: 'Link', ar: 'الرابط' },
  status: { en: 'Status', ar: 'الحالة' },
  customer: { en: 'Customer', ar: 'العميل' },
  created: { en: 'Created', ar: 'تاريخ الإنشاء' },
  expiresShort: { en: 'Expires', ar: 'ينتهي' },
  deactivate: { en: 'Deactivate', ar: 'إيقاف' },
  deactivateConfirm: {
    en: 'Deactivate this link? Customers will no longer be able to pay with it.',
    ar: 'هل تريد إيقاف هذا الرابط؟ لن يتمكن العملاء من الدفع به.',
  },
  paidBy: { en: 'paid by', ar: 'دُفع عبر' },
  list: { en: 'Links', ar: 'الروابط' },
} satisfies Record<string, Text>;

const STATUS_TEXT: Record<PaymentLinkStatus, Text> = {
  open: { en: 'Open', ar: 'مفتوح' },
  paid: { en: 'Paid', ar: 'مدفوع' },
  expired: { en: 'Expired', ar: 'منتهي' },
  inactive: { en: 'Deactivated', ar: 'موقوف' },
};

/** One listed link with what the page derives from it. */
export interface LinkRow {
  link: PaymentLinkRecord;
  url: string;
  status: PaymentLinkStatus;
  paidReference: string | null;
}

/** What the page shows. */
export interface PaymentLinksModel {
  values: Record<string, string>;
  errors: FieldError[];
  rows: LinkRow[];
  nextCursor: string | null;
  cursor: string;
  created?: LinkRow;
  flash?: Flash;
}

function createForm(pc: PageContext, m: PaymentLinksModel): SafeHtml {
  const lang = pc.lang;
  const v = (name: string) => m.values[name] ?? '';
  return html`<form method="post" action="/admin/payment-links" class="card" novalidate>
    <h2>${t(lang, TEXT.create)}</h2>
    ${csrfField(pc.csrf)}
    <div class="grid-2">
      ${inputField({ name: 'amount', label: t(lang, TEXT.amount), value: v('amount'), errors: m.errors, required: true, inputmode: 'decimal', dir: 'ltr', placeholder: '100.00' })}
      ${inputField({ name: 'currency', label: t(lang, TEXT.currency), value: v('currency') || 'SAR', errors: m.errors, required: true, dir: 'ltr' })}
      ${inputField({ name: 'order_reference', label: t(lang, TEXT.orderReference), value: v('order_reference'), errors: m.errors, dir: 'auto' })}
      ${inputField({ name: 'customer_email', label: t(lang, TEXT.email), value: v('customer_email'), type: 'email', errors: m.errors, dir: 'ltr' })}
      ${inputField({ name: 'description', label: t(lang, TEXT.description), value: v('description'), errors: m.errors, dir: 'auto' })}
      ${inputField({ name: 'expires_at', label: t(lang, TEXT.expires), value: v('expires_at'), type: 'datetime-local', errors: m.errors })}
    </div>
    <p><button type="submit">${t(lang, TEXT.submit)}</button></p>
  </form>`;
}

function statusBadge(lang: PageContext['lang'], status: PaymentLinkStatus): SafeHtml {
  const tone = status === 'paid' ? 'ok' : status === 'open' ? '' : 'off';
  return html`<span class="badge ${tone}">${t(lang, STATUS_TEXT[status])}</span>`;
}

function row(pc: PageContext, r: LinkRow): SafeHtml {
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
  return html`<tr>
    <td>${time(l.createdAt, lang)}</td>
    <td>
      ${copyField({ id: `link-${l.id}`, label: html`<span class="sr-only">${t(lang, TEXT.url)}</span>`, value: r.url, lang })}
    </td>
    <td dir="ltr">${money(l.amount, l.currency)}</td>
    <td>
      ${l.orderReference ? html`<span dir="auto">${l.orderReference}</span>` : ''}${l.description ? html`<br /><span class="muted" dir="auto">${l.description}</span>` : ''}
    </td>
    <td dir="ltr">${l.customerEmail ?? ''}</td>
    <td>${time(l.expiresAt, lang)}</td>
    <td>
      ${statusBadge(lang, r.status)}${r.paidReference ? html`<br />${t(lang, TEXT.paidBy)} <a href="/admin/transactions/${encodeURIComponent(r.paidReference)}" dir="ltr">${r.paidReference}</a>` : ''}
      ${deactivate}
    </td>
  </tr>`;
}

/** Renders the payment links page. */
export function paymentLinksPage(pc: PageContext, m: PaymentLinksModel): string {
  const lang = pc.lang;
  const created = m.created
    ? html`<section class="card highlight" role="status">
        <h2>${t(lang, TEXT.createdTitle)}</h2>
        ${copyField({
          id: 'created-link',
          label: t(lang, TEXT.url),
          value: m.created.url,
          lang,
        })}
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
              ${m.rows.map((r) => row(pc, r))}
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
  const body = html`${created}${createForm(pc, m)}
    <h2>${t(lang, TEXT.list)}</h2>
    ${table}${pager}`;
  const flash =
    m.flash ??
    (m.errors.length > 0 ? { kind: 'error' as const, text: t(lang, COMMON.fixErrors) } : undefined);
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'links',
    ...(flash ? { flash } : {}),
  });
}
