/** One transaction: summary, the actions area (capture/void/refund/check status), its family and its timeline. */
import {
  getCardBrand,
  getPaymentMethod,
  isCardBrand,
  isPaymentMethodCode,
} from '../../../domain/payment-methods.js';
import type { TransactionRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, OPERATION_TEXT, t, type Text } from '../i18n.js';
import type { TransactionDetail } from '../timeline.js';
import type { TransactionAction } from '../transaction-actions.js';
import { csrfField, fieldId, money, time, transactionBadge, type Flash } from './components.js';
import { summaryOf } from './form-errors.js';
import { discrepancyBanner, moneyPanel } from './money-panel.js';
import { adminDocument, type PageContext } from './shell.js';
import { timelineSection } from './timeline-view.js';

const TEXT = {
  back: { en: '← Transactions', ar: '→ المعاملات' },
  summary: { en: 'Summary', ar: 'الملخص' },
  reference: { en: 'Reference', ar: 'المرجع' },
  orderReference: { en: 'Order reference', ar: 'مرجع الطلب' },
  provider: { en: 'Provider', ar: 'المزوّد' },
  method: { en: 'Payment method', ar: 'طريقة الدفع' },
  providerReference: { en: 'APS fort_id', ar: 'رقم APS (fort_id)' },
  mode: { en: 'Mode', ar: 'الوضع' },
  operation: { en: 'Operation', ar: 'العملية' },
  message: { en: 'State message', ar: 'رسالة الحالة' },
  customer: { en: 'Customer', ar: 'العميل' },
  landing: { en: 'Landing page', ar: 'صفحة الهبوط' },
  created: { en: 'Created', ar: 'تاريخ الإنشاء' },
  changed: { en: 'Last state change', ar: 'آخر تغيير للحالة' },
  link: { en: 'Payment link', ar: 'رابط الدفع' },
  parent: { en: 'Payment', ar: 'الدفعة الأصلية' },
  metadata: { en: 'Merchant metadata', ar: 'بيانات التاجر الإضافية' },
  actions: { en: 'Actions', ar: 'الإجراءات' },
  noAction: { en: 'No action is possible in this state.', ar: 'لا يوجد إجراء ممكن في هذه الحالة.' },
  amountOptional: { en: 'Amount (empty = all that is left)', ar: 'المبلغ (فارغ = كل المتبقي)' },
  amountRequired: { en: 'Amount', ar: 'المبلغ' },
  family: { en: 'Captures, voids and refunds', ar: 'التحصيلات والإلغاءات والاستردادات' },
  requestedBy: { en: 'Requested by', ar: 'بطلب من' },
  apsBackOffice: { en: 'APS back office', ar: 'لوحة تحكم APS' },
  notSent: { en: 'Nothing was sent to APS. Please correct:', ar: 'لم يُرسل شيء إلى APS. يرجى تصحيح ما يلي:' },
} satisfies Record<string, Text>;

/** What the detail page shows besides the stored facts. */
export interface TransactionDetailModel {
  detail: TransactionDetail;
  actions: TransactionAction[];
  /** True when the services provide any operation at all (otherwise the actions area is left out). */
  operationsProvided: boolean;
  flash?: Flash;
  /** A refused amount: shown next to its action's field, as typed, and in a summary at the top. */
  amountError?: { action: string; value: string; message: string };
}

function row(label: string, value: SafeHtml | string | null | undefined): SafeHtml {
  if (value === null || value === undefined || value === '') return html``;
  return html`<dt>${label}</dt>
    <dd>${value}</dd>`;
}

function summary(pc: PageContext, d: TransactionDetail): SafeHtml {
  const lang = pc.lang;
  const tx = d.transaction;
  // The catalogue's names in the page's language; an unknown code is shown as stored.
  const methodName = isPaymentMethodCode(tx.paymentMethod)
    ? getPaymentMethod(tx.paymentMethod).name[lang]
    : tx.paymentMethod;
  const brandName =
    tx.cardBrand && isCardBrand(tx.cardBrand) ? getCardBrand(tx.cardBrand).name[lang] : tx.cardBrand;
  const method = [methodName, brandName, tx.cardLast4 ? `••${tx.cardLast4}` : null]
    .filter(Boolean)
    .join(' · ');
  const customer = html`${tx.customerName ?? ''}${tx.customerEmail ? html` <span dir="ltr">&lt;${tx.customerEmail}&gt;</span>` : ''}${
    tx.customerPhone ? html` · <span dir="ltr">${tx.customerPhone}</span>` : ''
  }${tx.customerCountry ? html` · ${tx.customerCountry}` : ''}${tx.customerLang ? html` · ${tx.customerLang}` : ''}`;
  const metadata =
    Object.keys(tx.metadata).length > 0
      ? html`<pre dir="ltr">${JSON.stringify(tx.metadata, null, 2)}</pre>`
      : null;
  return html`<section class="card" aria-labelledby="summary-title">
    <h2 id="summary-title" class="sr-only">${t(lang, TEXT.summary)}</h2>
    <p class="amount" dir="ltr">${money(tx.amount, tx.currency)}</p>
    <p>
      ${transactionBadge(lang, tx)}
      ${tx.isLive ? html`<span class="badge ok">${t(lang, COMMON.live)}</span>` : html`<span class="badge off">${t(lang, COMMON.test)}</span>`}
    </p>
    <dl class="facts">
      ${row(t(lang, TEXT.message), tx.stateMessage)}
      ${row(t(lang, TEXT.reference), html`<span dir="ltr">${tx.reference}</span>`)}
      ${row(t(lang, TEXT.orderReference), tx.orderReference ? html`<span dir="ltr">${tx.orderReference}</span>` : null)}
      ${row(t(lang, TEXT.operation), t(lang, OPERATION_TEXT[tx.operation]))}
      ${row(t(lang, TEXT.requestedBy), requester(lang, tx))}
      ${row(t(lang, TEXT.parent), d.parent ? html`<a href="/admin/transactions/${encodeURIComponent(d.parent.reference)}" dir="ltr">${d.parent.reference}</a>` : null)}
      ${row(t(lang, TEXT.provider), d.providerName)} ${row(t(lang, TEXT.method), method)}
      ${row(t(lang, TEXT.providerReference), tx.providerReference ? html`<span dir="ltr">${tx.providerReference}</span>` : null)}
      ${row(t(lang, TEXT.customer), customer)} ${installmentsRows(lang, tx)}
      ${row(t(lang, TEXT.landing), tx.landingUrl ? html`<span dir="ltr">${tx.landingUrl}</span>` : null)}
      ${row(t(lang, TEXT.link), d.paymentLink ? html`<span dir="ltr">${d.paymentLink.id}</span>` : null)}
      ${row(t(lang, TEXT.created), time(tx.createdAt, lang))}
      ${row(t(lang, TEXT.changed), time(tx.lastStateChange, lang))} ${row(t(lang, TEXT.metadata), metadata)}
    </dl>
  </section>`;
}

/** The order description and the installment plan (S20), when the payment has them. */
function installmentsRows(lang: 'en' | 'ar', tx: TransactionRecord): SafeHtml {
  const plan = tx.installments;
  return html`${row(t(lang, INSTALLMENT_TEXT.description), tx.description)}
  ${plan ? row(t(lang, INSTALLMENT_TEXT.plan), html`<span data-installments="${String(plan.numberOfInstallments)}">${t(lang, INSTALLMENT_TEXT.months).replace('{n}', String(plan.numberOfInstallments))}</span>${plan.planCode ? html` · <span dir="ltr">${t(lang, INSTALLMENT_TEXT.planCode)} ${plan.planCode}</span>` : ''}${plan.issuerCode ? html` · <span dir="ltr">${t(lang, INSTALLMENT_TEXT.issuerCode)} ${plan.issuerCode}</span>` : ''}`) : ''}`;
}

const INSTALLMENT_TEXT = {
  description: { en: 'Description', ar: 'الوصف' },
  plan: { en: 'Installment plan', ar: 'خطة التقسيط' },
  months: { en: '{n} monthly installments', ar: '{n} أقساط شهرية' },
  planCode: { en: 'plan', ar: 'الخطة' },
  issuerCode: { en: 'issuer', ar: 'البنك المصدر' },
};

/** Who asked for a capture, void or refund: a user, an API key, or the APS back office. */
function requester(lang: 'en' | 'ar', tx: TransactionRecord): string | null {
  if (tx.operation === 'online_redirect') return null;
  if (tx.origin === 'aps') return t(lang, TEXT.apsBackOffice);
  return tx.requestedBy;
}

function actionForm(
  pc: PageContext,
  tx: TransactionRecord,
  action: TransactionAction,
  refused: TransactionDetailModel['amountError'],
): SafeHtml {
  const lang = pc.lang;
  const id = fieldId(`amount-${action.name}`);
  const error = refused?.action === action.name ? refused : undefined;
  const amount =
    action.amount === 'none'
      ? html``
      : html`<label class="field" for="${id}"
            >${t(lang, action.amount === 'required' ? TEXT.amountRequired : TEXT.amountOptional)}
            (${tx.currency})</label
          >
          <input
            id="${id}"
            name="amount"
            type="text"
            inputmode="decimal"
            dir="ltr"
            value="${error?.value ?? ''}"
            ${action.amount === 'required' ? html` required` : ''}
            ${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}
          />${error ? html`<p class="field-error" id="${id}-error">${error.message}</p>` : ''}`;
  return html`<form
    method="post"
    action="/admin/transactions/${encodeURIComponent(tx.reference)}/actions/${action.name}"
    class="action"
    ${action.confirm ? html` data-confirm="${t(lang, action.confirm)}"` : ''}
  >
    ${csrfField(pc.csrf)}${amount}<button
      type="submit"
      ${action.name === 'void' ? html` class="danger"` : ''}
    >
      ${t(lang, action.label)}
    </button>
  </form>`;
}

function actionsArea(pc: PageContext, m: TransactionDetailModel): SafeHtml {
  if (!m.operationsProvided) return html``;
  const lang = pc.lang;
  const tx = m.detail.transaction;
  const forms = m.actions.map((action) => actionForm(pc, tx, action, m.amountError));
  return html`<section class="card" id="actions" aria-labelledby="actions-title">
    <h2 id="actions-title">${t(lang, TEXT.actions)}</h2>
    ${forms.length > 0 ? html`<div class="actions">${forms}</div>` : html`<p class="muted">${t(lang, TEXT.noAction)}</p>`}
  </section>`;
}

function family(pc: PageContext, children: TransactionRecord[]): SafeHtml {
  if (children.length === 0) return html``;
  const lang = pc.lang;
  const rows = children.map(
    (c) =>
      html`<tr>
        <td>${time(c.createdAt, lang)}</td>
        <td>${t(lang, OPERATION_TEXT[c.operation])}</td>
        <td><a href="/admin/transactions/${encodeURIComponent(c.reference)}" dir="ltr">${c.reference}</a></td>
        <td dir="ltr">${money(c.amount, c.currency)}</td>
        <td>${transactionBadge(lang, c)}</td>
        <td>${requester(lang, c) ?? ''}</td>
      </tr>`,
  );
  return html`<section class="card">
    <h2>${t(lang, TEXT.family)}</h2>
    <div class="table-wrap">
      <table class="compact cards-on-phone">
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
  </section>`;
}

/** Renders the transaction page. */
export function transactionDetailPage(pc: PageContext, m: TransactionDetailModel): string {
  const tx = m.detail.transaction;
  const refused = m.amountError;
  const errors = refused
    ? summaryOf(t(pc.lang, TEXT.notSent), [
        {
          field: `amount-${refused.action}`,
          label: t(pc.lang, m.actions.find((a) => a.name === refused.action)?.label ?? TEXT.amountRequired),
          message: refused.message,
        },
      ])
    : '';
  const body = html`${errors}<p><a href="/admin/transactions">${t(pc.lang, TEXT.back)}</a></p>
    ${discrepancyBanner(pc.lang, tx)}${summary(pc, m.detail)}${moneyPanel(pc.lang, tx)}${actionsArea(pc, m)}${family(pc, m.detail.children)}${timelineSection(pc.lang, m.detail.timeline)}`;
  return adminDocument(pc, {
    title: tx.reference,
    body,
    active: 'transactions',
    ...(m.flash ? { flash: m.flash } : {}),
  });
}
