/** Transactions: filters, totals per currency, the list with pagination, and CSV export. */
import { FINANCIAL_STATUSES } from '../../../domain/ledger.js';
import { PAYMENT_METHODS } from '../../../domain/payment-methods.js';
import type { FieldError } from '../../../errors.js';
import type { MoneyTotal, TransactionRecord } from '../../../store/repositories/index.js';
import { TRANSACTION_STATES } from '../../../store/schema.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, FINANCIAL_STATUS_TEXT, t, TRANSACTION_STATE_TEXT, type Text } from '../i18n.js';
import { transactionQueryString, type TransactionListQuery } from '../transaction-filters.js';
import { inputField, money, selectField, time, transactionBadge } from './components.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Transactions', ar: 'المعاملات' },
  filters: { en: 'Filters', ar: 'المرشحات' },
  search: { en: 'Search references and email', ar: 'البحث في المراجع والبريد الإلكتروني' },
  state: { en: 'State', ar: 'الحالة' },
  money: { en: 'Money', ar: 'المبالغ' },
  provider: { en: 'Provider', ar: 'المزوّد' },
  method: { en: 'Payment method', ar: 'طريقة الدفع' },
  from: { en: 'Created from', ar: 'من تاريخ' },
  to: { en: 'Created until', ar: 'حتى تاريخ' },
  operation: { en: 'Kind', ar: 'النوع' },
  payments: { en: 'Customer payments', ar: 'مدفوعات العملاء' },
  all: { en: 'All operations', ar: 'كل العمليات' },
  capture: { en: 'Captures', ar: 'التحصيلات' },
  refund: { en: 'Refunds', ar: 'الاستردادات' },
  void: { en: 'Voids', ar: 'إلغاءات التفويض' },
  export: { en: 'Export CSV', ar: 'تصدير CSV' },
  totals: {
    en: 'Money that moved, per currency (all pages)',
    ar: 'الأموال المتحركة لكل عملة (كل الصفحات)',
  },
  currency: { en: 'Currency', ar: 'العملة' },
  count: { en: 'Payments', ar: 'المدفوعات' },
  captured: { en: 'Captured', ar: 'المحصَّل' },
  refunded: { en: 'Refunded', ar: 'المستردّ' },
  net: { en: 'Net', ar: 'الصافي' },
  mode: { en: 'Mode', ar: 'الوضع' },
  amount: { en: 'Amount', ar: 'المبلغ' },
  created: { en: 'Created', ar: 'تاريخ الإنشاء' },
  reference: { en: 'Reference', ar: 'المرجع' },
  customer: { en: 'Customer', ar: 'العميل' },
} satisfies Record<string, Text>;

/** What the list page shows. */
export interface TransactionListModel {
  query: TransactionListQuery;
  errors: FieldError[];
  providers: { id: string; name: string }[];
  items: TransactionRecord[];
  nextCursor: string | null;
  totals: MoneyTotal[];
}

function filterForm(pc: PageContext, m: TransactionListModel): SafeHtml {
  const lang = pc.lang;
  const any = { value: '', label: t(lang, COMMON.any) };
  const active = ['q', 'state', 'money', 'provider', 'method', 'from', 'to', 'op'].some(
    (key) => m.query[key as keyof TransactionListQuery] !== '',
  );
  return html`<details class="filters-toggle" open data-collapse-on-phone ${active || m.errors.length > 0 ? html` data-active` : ''}>
    <summary>${t(lang, TEXT.filters)}</summary>
    <form
    method="get"
    action="/admin/transactions"
    class="card filters"
    role="search"
    aria-label="${t(lang, TEXT.filters)}"
  >
    <div class="grid-4">
      ${inputField({ name: 'q', label: t(lang, TEXT.search), value: m.query.q, type: 'search', errors: m.errors, dir: 'auto' })}
      ${selectField({ name: 'state', label: t(lang, TEXT.state), value: m.query.state, errors: m.errors, options: [any, ...TRANSACTION_STATES.map((s) => ({ value: s, label: t(lang, TRANSACTION_STATE_TEXT[s]) }))] })}
      ${selectField({ name: 'money', label: t(lang, TEXT.money), value: m.query.money, errors: m.errors, options: [any, ...FINANCIAL_STATUSES.map((s) => ({ value: s, label: t(lang, FINANCIAL_STATUS_TEXT[s]) }))] })}
      ${selectField({ name: 'provider', label: t(lang, TEXT.provider), value: m.query.provider, options: [any, ...m.providers.map((p) => ({ value: p.id, label: p.name }))] })}
      ${selectField({ name: 'method', label: t(lang, TEXT.method), value: m.query.method, errors: m.errors, options: [any, ...PAYMENT_METHODS.map((pm) => ({ value: pm.code, label: pm.name[lang] }))] })}
      ${inputField({ name: 'from', label: t(lang, TEXT.from), value: m.query.from, type: 'date', errors: m.errors })}
      ${inputField({ name: 'to', label: t(lang, TEXT.to), value: m.query.to, type: 'date', errors: m.errors })}
      ${selectField({
        name: 'op',
        label: t(lang, TEXT.operation),
        value: m.query.op,
        errors: m.errors,
        options: [
          { value: '', label: t(lang, TEXT.payments) },
          { value: 'all', label: t(lang, TEXT.all) },
          { value: 'capture', label: t(lang, TEXT.capture) },
          { value: 'refund', label: t(lang, TEXT.refund) },
          { value: 'void', label: t(lang, TEXT.void) },
        ],
      })}
    </div>
    <p class="toolbar">
      <button type="submit">${t(lang, COMMON.filter)}</button>
      <a class="button secondary" href="/admin/transactions">${t(lang, COMMON.reset)}</a>
      <a
        class="button secondary"
        href="/admin/transactions/export.csv${transactionQueryString(m.query, { cursor: '' })}"
        >${t(lang, TEXT.export)}</a
      >
    </p>
  </form></details>`;
}

function totalsTable(pc: PageContext, totals: MoneyTotal[]): SafeHtml {
  if (totals.length === 0) return html``;
  const lang = pc.lang;
  const rows = totals.map(
    (row) =>
      html`<tr data-currency="${row.currency}" data-live="${row.isLive ? 'live' : 'test'}">
        <td>${row.currency}</td>
        <td>${row.isLive ? html`<span class="badge ok">${t(lang, COMMON.live)}</span>` : html`<span class="badge off">${t(lang, COMMON.test)}</span>`}</td>
        <td>${row.payments}</td>
        <td dir="ltr" data-total="captured">${money(row.captured, row.currency)}</td>
        <td dir="ltr" data-total="refunded">${row.refunded > 0 ? `−${money(row.refunded, row.currency)}` : money(0, row.currency)}</td>
        <td dir="ltr" data-total="net"><strong>${row.net < 0 ? `−${money(-row.net, row.currency)}` : money(row.net, row.currency)}</strong></td>
      </tr>`,
  );
  return html`<section aria-labelledby="totals-title">
    <h2 id="totals-title">${t(lang, TEXT.totals)}</h2>
    <div class="table-wrap">
      <table class="compact totals cards-on-phone">
        <thead>
          <tr>
            <th scope="col">${t(lang, TEXT.currency)}</th>
            <th scope="col">${t(lang, TEXT.mode)}</th>
            <th scope="col">${t(lang, TEXT.count)}</th>
            <th scope="col">${t(lang, TEXT.captured)}</th>
            <th scope="col">${t(lang, TEXT.refunded)}</th>
            <th scope="col">${t(lang, TEXT.net)}</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
  </section>`;
}

function listTable(pc: PageContext, m: TransactionListModel, providerNames: Map<string, string>): SafeHtml {
  const lang = pc.lang;
  if (m.items.length === 0) return html`<p class="muted">${t(lang, COMMON.noMatch)}</p>`;
  const rows = m.items.map(
    (tx) =>
      html`<tr>
        <td data-label="${t(lang, TEXT.created)}">${time(tx.createdAt, lang)}</td>
        <td data-label="${t(lang, TEXT.reference)}">
          <a href="/admin/transactions/${encodeURIComponent(tx.reference)}" dir="ltr">${tx.reference}</a
          >${tx.orderReference ? html`<br /><span class="muted" dir="ltr">${tx.orderReference}</span>` : ''}
        </td>
        <td data-label="${t(lang, TEXT.customer)}">
          ${tx.customerName ?? ''}${tx.customerEmail ? html`<br /><span class="muted" dir="ltr">${tx.customerEmail}</span>` : ''}
        </td>
        <td data-label="${t(lang, TEXT.amount)}" dir="ltr">${money(tx.amount, tx.currency)}</td>
        <td data-label="${t(lang, TEXT.state)}">
          ${transactionBadge(lang, tx)}${tx.isLive ? '' : html` <span class="badge off">${t(lang, COMMON.test)}</span>`}
        </td>
        <td data-label="${t(lang, TEXT.provider)}">
          ${providerNames.get(tx.providerId) ?? ''}<br /><span class="muted"
            >${tx.paymentMethod}${tx.cardBrand ? ` · ${tx.cardBrand}` : ''}${tx.cardLast4 ? ` ••${tx.cardLast4}` : ''}</span
          >
        </td>
      </tr>`,
  );
  return html`<div class="table-wrap">
    <table class="cards-on-phone">
      <thead>
        <tr>
          <th scope="col">${t(lang, TEXT.created)}</th>
          <th scope="col">${t(lang, TEXT.reference)}</th>
          <th scope="col">${t(lang, TEXT.customer)}</th>
          <th scope="col">${t(lang, TEXT.amount)}</th>
          <th scope="col">${t(lang, TEXT.state)}</th>
          <th scope="col">${t(lang, TEXT.provider)}</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** Renders the transactions list. */
export function transactionsListPage(pc: PageContext, m: TransactionListModel): string {
  const lang = pc.lang;
  const providerNames = new Map(m.providers.map((p) => [p.id, p.name]));
  const pager = html`<nav class="pager" aria-label="pages">
    ${
      m.query.cursor !== ''
        ? html`<a href="/admin/transactions${transactionQueryString(m.query, { cursor: '' })}"
            >${t(lang, COMMON.first)}</a
          >`
        : ''
    }${m.nextCursor ? html`<a href="/admin/transactions${transactionQueryString(m.query, { cursor: m.nextCursor })}" rel="next">${t(lang, COMMON.next)}</a>` : ''}
  </nav>`;
  const body = html`${filterForm(pc, m)}${totalsTable(pc, m.totals)}${listTable(pc, m, providerNames)}${pager}`;
  return adminDocument(pc, { title: t(lang, TEXT.title), body, active: 'transactions' });
}
