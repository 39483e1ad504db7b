/**
 * payport's valU pages (SPEC S20): first the mobile number valU knows the customer by and an optional
 * down payment, then the one-time code valU sent with the repayment plans to choose from. Plain forms,
 * usable without JavaScript, English and Arabic.
 */
import type { Language } from '../../domain/locale.js';
import type { OtpPaymentPlan } from '../../providers/provider.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import { html, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import { amountHtml, detailList } from './parts.js';

const TEXT = {
  title: { en: 'Pay with valU', ar: 'الدفع عبر فاليو' },
  amountDue: { en: 'Amount due', ar: 'المبلغ المستحق' },
  phone: { en: 'valU mobile number', ar: 'رقم الجوال المسجل في فاليو' },
  downPayment: { en: 'Down payment (optional)', ar: 'الدفعة المقدمة (اختيارية)' },
  downPaymentHint: {
    en: 'Paid now from your valU account; the rest is split into monthly repayments.',
    ar: 'تُدفع الآن من حساب فاليو، ويُقسَّم الباقي على أقساط شهرية.',
  },
  sendCode: { en: 'Send me a code', ar: 'أرسل لي رمز التحقق' },
  codeSent: {
    en: 'valU sent a one-time code to your mobile number. Choose a plan and enter the code.',
    ar: 'أرسلت فاليو رمز تحقق لمرة واحدة إلى جوالك. اختر خطة السداد وأدخل الرمز.',
  },
  plans: { en: 'Repayment plan', ar: 'خطة السداد' },
  months: { en: '{n} months', ar: '{n} أشهر' },
  perMonth: { en: '{amount} a month', ar: '{amount} شهريًا' },
  code: { en: 'One-time code', ar: 'رمز التحقق' },
  confirm: { en: 'Confirm payment', ar: 'تأكيد الدفع' },
  order: { en: 'Order', ar: 'الطلب' },
  unreachable: {
    en: 'valU could not be reached just now. No money was taken; please try again.',
    ar: 'تعذّر الاتصال بفاليو الآن. لم يُخصم أي مبلغ؛ يُرجى المحاولة مرة أخرى.',
  },
} as const;

type Key = keyof typeof TEXT;

function t(lang: Language, key: Key): string {
  return TEXT[key][lang];
}

/** What both valU pages show. */
export interface ValuPageModel {
  lang: Language;
  tx: TransactionRecord;
  /** Hidden fields carried by the form (reference and token, or the signed attempt). */
  hidden: Record<string, string>;
  error?: string | undefined;
}

function summary(model: ValuPageModel): SafeHtml {
  const { lang, tx } = model;
  return html`<section class="card summary">
    <p class="muted">${t(lang, 'amountDue')}</p>
    <p class="amount">${amountHtml(tx.amount, tx.currency, lang)}</p>
    ${detailList([
      [t(lang, 'order'), tx.orderReference ?? tx.description],
      [t(lang, 'phone'), tx.customerPhone ? html`<bdi dir="ltr">${tx.customerPhone}</bdi>` : null],
    ])}
  </section>`;
}

function hiddenInputs(hidden: Record<string, string>): SafeHtml[] {
  return Object.entries(hidden).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
}

function errorBox(error: string | undefined): SafeHtml {
  return error ? html`<p class="error-text" role="alert" id="valu-error">${error}</p>` : html``;
}

function layout(lang: Language, body: SafeHtml): string {
  return page({
    lang,
    title: t(lang, 'title'),
    body: html`<main id="main"><h1>${t(lang, 'title')}</h1>${body}</main>`,
  });
}

/** Step 1: the down payment, then "send me a code". */
export function valuStartPage(model: ValuPageModel): string {
  const { lang } = model;
  return layout(
    lang,
    html`${summary(model)}
      <form class="card checkout" method="post" action="/payment/valu/code">
        ${hiddenInputs(model.hidden)} ${errorBox(model.error)}
        <div class="field">
          <label class="field" for="down_payment">${t(lang, 'downPayment')}</label>
          <p class="muted hint" id="down_payment-hint">${t(lang, 'downPaymentHint')}</p>
          <input
            type="text"
            id="down_payment"
            name="down_payment"
            inputmode="decimal"
            dir="ltr"
            autocomplete="off"
            aria-describedby="down_payment-hint"
          />
        </div>
        <button type="submit" class="wide pay">${t(lang, 'sendCode')}</button>
      </form>`,
  );
}

function planRow(lang: Language, tx: TransactionRecord, plan: OtpPaymentPlan, index: number): SafeHtml {
  const id = `tenure-${plan.months}`;
  const perMonth =
    plan.amountPerMonthMinor === null
      ? ''
      : html` · ${t(lang, 'perMonth').split('{amount}')[0]}${amountHtml(plan.amountPerMonthMinor, tx.currency, lang)}${t(lang, 'perMonth').split('{amount}')[1]}`;
  return html`<li>
    <label for="${id}" class="method">
      <input type="radio" id="${id}" name="tenure" value="${String(plan.months)}" required${index === 0 ? html` checked` : ''} />
      <span class="method-name">${t(lang, 'months').replace('{n}', String(plan.months))}${perMonth}</span>
    </label>
  </li>`;
}

/** Step 2: the plans and the one-time code. */
export function valuCodePage(model: ValuPageModel & { plans: OtpPaymentPlan[] }): string {
  const { lang, tx } = model;
  return layout(
    lang,
    html`${summary(model)}
      <form class="card checkout" method="post" action="/payment/valu/confirm">
        ${hiddenInputs(model.hidden)}
        <p role="status">${t(lang, 'codeSent')}</p>
        ${errorBox(model.error)}
        <fieldset class="methods-group">
          <legend>${t(lang, 'plans')}</legend>
          <ul class="methods">
            ${model.plans.map((plan, index) => planRow(lang, tx, plan, index))}
          </ul>
        </fieldset>
        <div class="field">
          <label class="field" for="otp">${t(lang, 'code')}</label>
          <input
            type="text"
            id="otp"
            name="otp"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{4,8}"
            dir="ltr"
            required
          />
        </div>
        <button type="submit" class="wide pay">${t(lang, 'confirm')}</button>
      </form>`,
  );
}

/** The text shown when valU cannot be reached. */
export function valuUnreachableText(lang: Language): string {
  return t(lang, 'unreachable');
}
