/**
 * The back-office home (S21): the go-live checklist with a link to do each open step, today's figures
 * (paid, refunded, failed by currency, Live and Test apart, refunds negative) and the recent problems.
 */
import type {
  BackOfficeHome,
  ChecklistItem,
  DayFigure,
  GoLiveStep,
} from '../../../services/back-office-home.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, t, tf, type Text } from '../i18n.js';
import { money, time } from './components.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Home', ar: 'الرئيسية' },
  checklist: { en: 'Go-live checklist', ar: 'قائمة الاستعداد للتشغيل الفعلي' },
  checklistDone: {
    en: 'All done: customers pay for real through APS.',
    ar: 'اكتملت كل الخطوات: يدفع العملاء فعليًا عبر APS.',
  },
  done: { en: 'Done', ar: 'تم' },
  todo: { en: 'To do', ar: 'مطلوب' },
  today: { en: 'Today', ar: 'اليوم' },
  todaySince: { en: 'Since midnight, {zone} time.', ar: 'منذ منتصف الليل بتوقيت {zone}.' },
  changeZone: { en: 'Change the time zone', ar: 'تغيير المنطقة الزمنية' },
  noMoney: { en: 'No payments today yet.', ar: 'لا توجد مدفوعات اليوم بعد.' },
  currency: { en: 'Currency', ar: 'العملة' },
  mode: { en: 'Mode', ar: 'الوضع' },
  paid: { en: 'Paid', ar: 'مدفوع' },
  refunded: { en: 'Refunded', ar: 'مستردّ' },
  failed: { en: 'Failed payments', ar: 'مدفوعات فاشلة' },
  payments: { en: '{count} payments', ar: 'عدد المدفوعات: {count}' },
  refunds: { en: '{count} refunds', ar: 'عدد المبالغ المستردّة: {count}' },
  problems: { en: 'Recent problems', ar: 'المشكلات الأخيرة' },
  noProblems: { en: 'No problems. Everything is in order.', ar: 'لا توجد مشكلات. كل شيء على ما يرام.' },
  discrepancy: { en: 'APS books differ on {ref}', ar: 'سجلات APS مختلفة للمعاملة {ref}' },
  endpoint: {
    en: 'Event endpoint {url}: {failed} failed, {retrying} being retried',
    ar: 'نقطة الأحداث {url}: {failed} فشلت، و{retrying} قيد إعادة المحاولة',
  },
  notification: { en: 'Provider message refused: {outcome}', ar: 'رُفضت رسالة من المزوّد: {outcome}' },
  allTransactions: { en: 'All transactions', ar: 'كل المعاملات' },
} satisfies Record<string, Text>;

const STEP_TEXT: Record<GoLiveStep, { title: Text; how: Text; link: Text }> = {
  configured: {
    title: { en: 'Provider configured', ar: 'تهيئة المزوّد' },
    how: {
      en: 'An APS provider in Test or Enabled state with its four credentials.',
      ar: 'مزوّد APS في وضع الاختبار أو التفعيل مع بيانات اعتماده الأربع.',
    },
    link: { en: 'Configure the provider', ar: 'تهيئة المزوّد' },
  },
  tested: {
    title: { en: 'Credentials tested', ar: 'اختبار بيانات الاعتماد' },
    how: {
      en: 'Test credentials asks APS with them and proves all four at once.',
      ar: 'يسأل زر اختبار بيانات الاعتماد APS بها ويثبت صحة القيم الأربع معًا.',
    },
    link: { en: 'Test the credentials', ar: 'اختبار بيانات الاعتماد' },
  },
  urls: {
    title: { en: 'APS URLs pasted', ar: 'لصق عناوين APS' },
    how: {
      en: 'Proven by the first genuine notification from APS at the Notification URL.',
      ar: 'يثبت ذلك وصول أول إشعار موثّق من APS إلى عنوان الإشعارات.',
    },
    link: { en: 'See the URLs to paste into APS', ar: 'عرض العناوين التي تُلصق في APS' },
  },
  test_payment: {
    title: { en: 'A test payment paid', ar: 'دفعة اختبارية مدفوعة' },
    how: {
      en: 'Create a payment link and pay it with an APS test card.',
      ar: 'أنشئ رابط دفع وادفعه ببطاقة اختبار من APS.',
    },
    link: { en: 'Create a payment link', ar: 'إنشاء رابط دفع' },
  },
  live: {
    title: { en: 'Live enabled', ar: 'تفعيل الدفع الفعلي' },
    how: {
      en: 'Switch the provider to Enabled with your production credentials; it is then published.',
      ar: 'بدّل المزوّد إلى مفعّل ببيانات الاعتماد الفعلية؛ وعندها يُنشر.',
    },
    link: { en: 'Enable the provider', ar: 'تفعيل المزوّد' },
  },
};

const OUTCOME_TEXT: Record<string, Text> = {
  bad_signature: { en: 'bad signature', ar: 'توقيع غير صحيح' },
  amount_mismatch: { en: 'amount or currency differs', ar: 'المبلغ أو العملة مختلفة' },
  aps_rejected_request: { en: 'APS rejected the request', ar: 'رفض APS الطلب' },
  refused_transition: { en: 'state change not allowed', ar: 'تغيير حالة غير مسموح' },
};

function stepLink(item: ChecklistItem): string {
  const provider = item.providerId
    ? `/admin/providers/${encodeURIComponent(item.providerId)}`
    : '/admin/providers';
  switch (item.step) {
    case 'tested':
      return item.providerId ? `${provider}#test-credentials` : provider;
    case 'urls':
      return item.providerId ? `${provider}#aps-settings` : provider;
    case 'test_payment':
      return '/admin/payment-links';
    default:
      return provider;
  }
}

function checklist(pc: PageContext, items: ChecklistItem[]): SafeHtml {
  const lang = pc.lang;
  const all = items.every((i) => i.done);
  const rows = items.map((item) => {
    const text = STEP_TEXT[item.step];
    return html`<li class="step ${item.done ? 'done' : 'todo'}" data-step="${item.step}" data-done="${item.done ? 'yes' : 'no'}">
      <span class="badge ${item.done ? 'ok' : 'warn'}">${t(lang, item.done ? TEXT.done : TEXT.todo)}</span>
      <strong>${t(lang, text.title)}</strong>
      <p class="hint">${t(lang, text.how)}</p>
      ${item.done ? '' : html`<p><a href="${stepLink(item)}">${t(lang, text.link)}</a></p>`}
    </li>`;
  });
  return html`<section class="card" aria-labelledby="checklist-title">
    <h2 id="checklist-title">${t(lang, TEXT.checklist)}</h2>
    ${all ? html`<p class="flash ok">${t(lang, TEXT.checklistDone)}</p>` : ''}
    <ol class="checklist">
      ${rows}
    </ol>
  </section>`;
}

function figureRow(pc: PageContext, f: DayFigure): SafeHtml {
  const lang = pc.lang;
  return html`<tr data-currency="${f.currency}" data-mode="${f.isLive ? 'live' : 'test'}">
    <th scope="row" data-label="${t(lang, TEXT.currency)}">${f.currency}</th>
    <td data-label="${t(lang, TEXT.mode)}">
      <span class="badge ${f.isLive ? 'ok' : ''}">${t(lang, f.isLive ? COMMON.live : COMMON.test)}</span>
    </td>
    <td data-label="${t(lang, TEXT.paid)}" data-figure="paid">
      <span dir="ltr">${money(f.paid, f.currency)}</span>
      <span class="muted">${tf(lang, TEXT.payments, { count: f.paidCount })}</span>
    </td>
    <td data-label="${t(lang, TEXT.refunded)}" data-figure="refunded">
      <span dir="ltr">${f.refunded > 0 ? money(-f.refunded, f.currency) : money(0, f.currency)}</span>
      <span class="muted">${tf(lang, TEXT.refunds, { count: f.refundCount })}</span>
    </td>
    <td data-label="${t(lang, TEXT.failed)}" data-figure="failed">${f.failedCount}</td>
  </tr>`;
}

function figures(pc: PageContext, home: BackOfficeHome): SafeHtml {
  const lang = pc.lang;
  const table =
    home.figures.length === 0
      ? html`<p class="muted">${t(lang, TEXT.noMoney)}</p>`
      : html`<div class="table-wrap">
          <table class="cards-on-phone figures">
            <thead>
              <tr>
                <th scope="col">${t(lang, TEXT.currency)}</th>
                <th scope="col">${t(lang, TEXT.mode)}</th>
                <th scope="col">${t(lang, TEXT.paid)}</th>
                <th scope="col">${t(lang, TEXT.refunded)}</th>
                <th scope="col">${t(lang, TEXT.failed)}</th>
              </tr>
            </thead>
            <tbody>
              ${home.figures.map((f) => figureRow(pc, f))}
            </tbody>
          </table>
        </div>`;
  const settings =
    pc.user?.role === 'admin' ? html` <a href="/admin/settings">${t(lang, TEXT.changeZone)}</a>` : '';
  return html`<section class="card" aria-labelledby="today-title">
    <h2 id="today-title">${t(lang, TEXT.today)}</h2>
    <p class="hint">${tf(lang, TEXT.todaySince, { zone: home.timeZone })}${settings}</p>
    ${table}
    <p><a href="/admin/transactions">${t(lang, TEXT.allTransactions)}</a></p>
  </section>`;
}

function problems(pc: PageContext, home: BackOfficeHome): SafeHtml {
  const lang = pc.lang;
  const items: SafeHtml[] = [
    ...home.discrepancies.map(
      (d) =>
        html`<li data-problem="discrepancy">
          <a href="/admin/transactions/${encodeURIComponent(d.reference)}" dir="auto"
            >${tf(lang, TEXT.discrepancy, { ref: d.reference })}</a
          >
          ${time(d.at, lang)}
        </li>`,
    ),
    ...home.endpoints.map(
      (e) =>
        html`<li data-problem="endpoint">
          ${
            pc.user?.role === 'admin'
              ? html`<a href="/admin/developers/endpoints/${encodeURIComponent(e.endpointId)}"
                >${tf(lang, TEXT.endpoint, { url: e.url, failed: e.failed, retrying: e.retrying })}</a
              >`
              : tf(lang, TEXT.endpoint, { url: e.url, failed: e.failed, retrying: e.retrying })
          }
          ${e.lastError ? html`<span class="muted" dir="ltr">${e.lastError}</span>` : ''}
        </li>`,
    ),
    ...home.notifications.map(
      (n) =>
        html`<li data-problem="notification">
          <a href="/admin/notifications?outcome=${encodeURIComponent(n.outcome)}"
            >${tf(lang, TEXT.notification, { outcome: t(lang, OUTCOME_TEXT[n.outcome] ?? { en: n.outcome, ar: n.outcome }) })}</a
          >
          ${n.reference ? html`<span dir="ltr">${n.reference}</span>` : ''} ${time(n.receivedAt, lang)}
        </li>`,
    ),
  ];
  return html`<section class="card" aria-labelledby="problems-title">
    <h2 id="problems-title">${t(lang, TEXT.problems)}</h2>
    ${
      items.length === 0
        ? html`<p class="muted">${t(lang, TEXT.noProblems)}</p>`
        : html`<ul class="problems">
          ${items}
        </ul>`
    }
  </section>`;
}

/** Renders the home page. */
export function homePage(pc: PageContext, home: BackOfficeHome): string {
  const body = html`<div class="home">${checklist(pc, home.checklist)} ${figures(pc, home)} ${problems(pc, home)}</div>`;
  return adminDocument(pc, { title: t(pc.lang, TEXT.title), body, active: 'home' });
}
