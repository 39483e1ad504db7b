/**
 * The plan choice of installments with the embedded card entry (S20): the plans the provider offers for
 * the payment, grouped by the bank that runs them, each with its monthly amount (formatted for the
 * page's language) and fees, plus "pay the full amount"; a plain form, so it works without JavaScript.
 */
import type { Language } from '../../domain/locale.js';
import type { InstallmentIssuer, OfferedPlan } from '../../providers/provider.js';
import { FULL_AMOUNT, planChoiceValue, type PlanOffer } from '../../services/cards/installment-choice.js';
import type { InstallmentChoiceRecord } from '../../store/repositories/index.js';
import { html, raw, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import { amountHtml } from './parts.js';

const TEXT = {
  planTitle: { en: 'Choose your installment plan', ar: 'اختر خطة التقسيط' },
  planIntro: {
    en: 'Installments are run by your card’s bank. Choose a plan of the bank that issued your card, then enter the card.',
    ar: 'يُقدّم التقسيطَ البنكُ المُصدر لبطاقتك. اختر خطة من البنك الذي أصدر بطاقتك، ثم أدخل البطاقة.',
  },
  planLegend: { en: 'Plans', ar: 'الخطط' },
  planMonths: { en: '{n} months', ar: '{n} أشهر' },
  planPerMonth: { en: '{amount} a month', ar: '{amount} شهريًا' },
  planFeesPercent: { en: 'Fees: {fees}%', ar: 'الرسوم: {fees}٪' },
  planFeesFixed: { en: 'Fees: {fees}', ar: 'الرسوم: {fees}' },
  planNoFees: { en: 'No fees', ar: 'بدون رسوم' },
  planTerms: { en: 'Terms of {bank}', ar: 'شروط {bank}' },
  fullAmount: { en: 'Pay the full amount now (no installments)', ar: 'ادفع المبلغ كاملًا الآن (بدون تقسيط)' },
  continueToCard: { en: 'Continue to the card', ar: 'المتابعة إلى البطاقة' },
  plansUnavailable: {
    en: 'No installment plan can be offered for this payment right now. You can still pay the full amount.',
    ar: 'لا يمكن عرض خطة تقسيط لهذه الدفعة الآن. لا يزال بإمكانك دفع المبلغ كاملًا.',
  },
  providerSays: { en: 'The payment provider says: {message}', ar: 'يقول مزوّد الدفع: {message}' },
  planRequired: { en: 'Choose a plan, or the full amount.', ar: 'اختر خطة، أو المبلغ كاملًا.' },
  planUnknown: {
    en: 'That plan is no longer offered. Choose one of the plans below.',
    ar: 'لم تعد تلك الخطة متاحة. اختر إحدى الخطط أدناه.',
  },
  planOutOfRange: {
    en: 'That plan does not take this amount. Choose another plan, or the full amount.',
    ar: 'لا تقبل تلك الخطة هذا المبلغ. اختر خطة أخرى، أو المبلغ كاملًا.',
  },
  cardBank: {
    en: 'Nothing was charged: the card you entered is not from {bank}, whose plan you chose. Choose a plan of your card’s bank, or the full amount, and enter the card again.',
    ar: 'لم يُخصم أي مبلغ: البطاقة التي أدخلتها ليست من {bank} التي اخترت خطتها. اختر خطة من بنك بطاقتك، أو المبلغ كاملًا، ثم أدخل البطاقة مرة أخرى.',
  },
  cardBankUnknown: {
    en: 'Nothing was charged: the card you entered is not from the bank whose plan you chose. Choose a plan of your card’s bank, or the full amount.',
    ar: 'لم يُخصم أي مبلغ: البطاقة التي أدخلتها ليست من البنك الذي اخترت خطته. اختر خطة من بنك بطاقتك، أو المبلغ كاملًا.',
  },
  planRequiredAgain: {
    en: 'Nothing was charged: choose an installment plan, or the full amount, before entering the card.',
    ar: 'لم يُخصم أي مبلغ: اختر خطة تقسيط، أو المبلغ كاملًا، قبل إدخال البطاقة.',
  },
  chosenPlan: {
    en: '{n} monthly installments of {amount} with {bank}. Use a card issued by {bank}.',
    ar: '{n} أقساط شهرية بقيمة {amount} مع {bank}. استخدم بطاقة صادرة من {bank}.',
  },
  chosenPlanNoAmount: {
    en: '{n} monthly installments with {bank}. Use a card issued by {bank}.',
    ar: '{n} أقساط شهرية مع {bank}. استخدم بطاقة صادرة من {bank}.',
  },
  chosenFull: { en: 'You pay the full amount now.', ar: 'ستدفع المبلغ كاملًا الآن.' },
  changePlan: { en: 'Change the plan', ar: 'تغيير الخطة' },
} as const;

type InstallmentsTextKey = keyof typeof TEXT;

/** The text of `key` in `lang`, holes filled from `values`. */
export function pt(lang: Language, key: InstallmentsTextKey, values: Record<string, string> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (hole, name: string) => values[name] ?? hole);
}

/** A problem shown at the top of the plan page. */
export type PlanPageProblem =
  'planRequired' | 'planUnknown' | 'planOutOfRange' | 'cardBank' | 'planRequiredAgain';

/** What the plan page shows. */
export interface PlanPageModel {
  lang: Language;
  amountMinor: number;
  currency: string;
  reference: string;
  offer: PlanOffer;
  /** The signed handle of the draft payment (form field `t`). */
  token: string;
  problem?: PlanPageProblem;
  /** The bank named in a `cardBank` problem. */
  bank?: string | null;
  /** The value chosen before (kept checked after an error). */
  chosen?: string;
}

/** `{amount}` holes filled with the isolated amount markup. */
function withAmount(text: string, amount: SafeHtml): SafeHtml {
  const [before = '', after = ''] = text.split('{amount}');
  return html`${before}${amount}${after}`;
}

function feesText(lang: Language, plan: OfferedPlan): string {
  const fees = plan.feesDisplay;
  if (fees === null || Number(fees) === 0) return pt(lang, 'planNoFees');
  return plan.feesType === 'percentage'
    ? pt(lang, 'planFeesPercent', { fees })
    : pt(lang, 'planFeesFixed', { fees: `${fees} ${plan.currency}` });
}

function planRow(
  model: PlanPageModel,
  issuer: InstallmentIssuer,
  plan: OfferedPlan,
  index: string,
  describedBy: string,
): SafeHtml {
  const { lang } = model;
  const value = planChoiceValue(issuer, plan);
  const id = `plan-${index}`;
  const perMonth =
    plan.amountPerMonthMinor === null
      ? html``
      : html`<span class="muted"
          >${withAmount(pt(lang, 'planPerMonth'), amountHtml(plan.amountPerMonthMinor, plan.currency, lang))}</span
        >`;
  return html`<li>
    <label for="${id}" class="method">
      <input
        type="radio"
        id="${id}"
        name="plan"
        value="${value}"
        required${model.chosen === value ? raw(' checked') : ''}${
          describedBy ? html` aria-describedby="${describedBy}"` : ''
        }
      />
      <span class="method-name">${pt(lang, 'planMonths', { n: String(plan.numberOfInstallments) })}</span>
      ${perMonth}
      <span class="muted">${feesText(lang, plan)}</span>
    </label>
  </li>`;
}

function problemText(model: PlanPageModel): string {
  const { lang, problem } = model;
  if (problem === 'cardBank') {
    return model.bank ? pt(lang, 'cardBank', { bank: model.bank }) : pt(lang, 'cardBankUnknown');
  }
  return problem ? pt(lang, problem) : '';
}

/** Renders the plan choice page. */
export function planPage(model: PlanPageModel): string {
  const { lang } = model;
  const amount = amountHtml(model.amountMinor, model.currency, lang);
  const describedBy = model.problem ? 'plan-problem' : '';
  const issuers = model.offer.kind === 'plans' ? model.offer.issuers : [];
  const unavailable =
    model.offer.kind === 'unavailable' || issuers.length === 0
      ? html`<p class="muted" id="plans-unavailable">${pt(lang, 'plansUnavailable')}</p>
          ${
            model.offer.kind === 'unavailable' && model.offer.message
              ? html`<p class="muted">${pt(lang, 'providerSays', { message: model.offer.message })}</p>`
              : ''
          }`
      : html``;
  const body = html`<main id="main">
    <h1>${pt(lang, 'planTitle')}</h1>
    ${
      model.problem
        ? html`<div class="error-summary card" role="alert" id="plan-problem">
          <p>${problemText(model)}</p>
        </div>`
        : ''
    }
    <section class="card summary">
      <p class="amount">${amount}</p>
      <p class="muted">${pt(lang, 'planIntro')}</p>
    </section>
    <form class="card checkout" method="post" action="/payment/installments">
      <input type="hidden" name="t" value="${model.token}" />
      ${unavailable}
      ${issuers.map(
        (issuer, i) => html`<fieldset class="methods-group">
          <legend>${issuer.name[lang]}</legend>
          <ul class="methods">
            ${issuer.plans.map((plan, j) => planRow(model, issuer, plan, `${i}-${j}`, describedBy))}
          </ul>
          ${
            issuer.termsUrl[lang]
              ? html`<p class="muted">
                <a href="${issuer.termsUrl[lang]}" rel="noopener noreferrer" target="_blank"
                  >${pt(lang, 'planTerms', { bank: issuer.name[lang] })}</a
                >
              </p>`
              : ''
          }
        </fieldset>`,
      )}
      <fieldset class="methods-group">
        <legend class="sr-only">${pt(lang, 'planLegend')}</legend>
        <ul class="methods">
          <li>
            <label for="plan-full" class="method">
              <input
                type="radio"
                id="plan-full"
                name="plan"
                value="${FULL_AMOUNT}"
                required${model.chosen === FULL_AMOUNT || issuers.length === 0 ? raw(' checked') : ''}
              />
              <span class="method-name">${pt(lang, 'fullAmount')}</span>
            </label>
          </li>
        </ul>
      </fieldset>
      <button type="submit" class="wide pay">${pt(lang, 'continueToCard')}</button>
    </form>
  </main>`;
  return page({ lang, title: `${pt(lang, 'planTitle')} · ${amount}`, body });
}

/** The chosen plan, shown above the card frame, with a way back to the plans. */
export function chosenPlanNote(
  lang: Language,
  choice: InstallmentChoiceRecord,
  changeHref: string,
): SafeHtml {
  let sentence: SafeHtml;
  if (choice.planCode === null || choice.numberOfInstallments === null) {
    sentence = html`${pt(lang, 'chosenFull')}`;
  } else {
    const bank = choice.issuerName ?? choice.issuerCode ?? '';
    const n = String(choice.numberOfInstallments);
    sentence =
      choice.amountPerMonth === null
        ? html`${pt(lang, 'chosenPlanNoAmount', { n, bank })}`
        : withAmount(
            pt(lang, 'chosenPlan', { n, bank }),
            amountHtml(choice.amountPerMonth, choice.currency, lang),
          );
  }
  return html`<p id="chosen-plan">${sentence} <a href="${changeHref}">${pt(lang, 'changePlan')}</a></p>`;
}
