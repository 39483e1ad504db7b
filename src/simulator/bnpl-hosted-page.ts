/**
 * The hosted page for installments and Tabby (SPEC S20). `installments=STANDALONE` shows the card
 * fields beside the test issuers' plans as radio inputs `name="plan_code"`; the answer carries
 * `number_of_installments`, `plan_code` and `issuer_code`. `payment_option=TABBY` shows a stand-in of
 * Tabby's page with Approve and Decline (Tabby needs `phone_number` and `order_description`).
 */
import { cardDigits } from './cards.js';
import { cardPage, type PageFrame } from './hosted-page-views.js';
import { html, trusted, type SafeHtml } from './html.js';
import { decidePlan, TEST_ISSUERS } from './installment-plans.js';
import { labels, type Language } from './messages.js';
import type { HostedSession, SimToken } from './model.js';
import { formatAmount } from './money.js';
import type { PaymentOutcome, CardProblem } from './outcomes.js';
import type { PaymentPageCheck } from './request-validation.js';
import type { Fields } from './responses.js';

const TEXT = {
  en: {
    plans: 'Installment plan',
    months: '{n} monthly installments',
    minimum: 'from {amount}',
    choosePlan: 'Choose an installment plan.',
    tabbyTitle: 'Tabby (sandbox)',
    tabbyBody: 'Split your purchase into 4 interest-free payments.',
    phone: 'Mobile number',
    approve: 'Approve with Tabby',
    decline: 'Decline',
    sandbox: 'Sandbox: Approve pays (14000); Decline is Tabby rejecting the customer (13666).',
  },
  ar: {
    plans: 'خطة التقسيط',
    months: '{n} أقساط شهرية',
    minimum: 'ابتداءً من {amount}',
    choosePlan: 'اختر خطة التقسيط.',
    tabbyTitle: 'تابي (بيئة الاختبار)',
    tabbyBody: 'قسّم مشترياتك على 4 دفعات بدون فوائد.',
    phone: 'رقم الجوال',
    approve: 'الموافقة عبر تابي',
    decline: 'رفض',
    sandbox: 'بيئة الاختبار: الموافقة تدفع (14000)، والرفض يعني أن تابي رفضت العميل (13666).',
  },
} as const;

/** True when the session is an installments payment. */
export function isInstallmentsSession(session: HostedSession): boolean {
  return session.request.installments === 'STANDALONE';
}

/** True when the session is a Tabby payment. */
export function isTabbySession(session: HostedSession): boolean {
  return session.request.payment_option === 'TABBY';
}

/**
 * The extra checks of an installments or Tabby request, after the common ones: installments are
 * PURCHASE only; Tabby always carries a phone number and an order description.
 */
export function checkBnplRequest(check: PaymentPageCheck): PaymentPageCheck {
  if (!check.ok) return check;
  const { request } = check;
  const refuse = (messageCode: string, detail: string): PaymentPageCheck => ({
    ok: false,
    messageCode,
    detail,
    account: check.account,
    returnUrl: check.returnUrl,
  });
  if (request.installments === 'STANDALONE' && request.command !== 'PURCHASE') {
    return refuse('033', 'installments=STANDALONE takes command PURCHASE only');
  }
  if (request.payment_option === 'TABBY') {
    if (!request.phone_number) return refuse('001', 'phone_number is required with payment_option TABBY');
    if (!request.order_description)
      return refuse('001', 'order_description is required with payment_option TABBY');
  }
  return check;
}

function planList(language: Language, request: Fields, chosen: string | undefined): SafeHtml {
  const t = TEXT[language];
  return html`<fieldset class="plans">
    <legend>${t.plans}</legend>
    ${TEST_ISSUERS.map(
      (issuer) => html`<p><strong>${issuer.name[language]}</strong> <code>${issuer.issuerCode}</code></p>
        ${issuer.plans.map(
          (plan) => html`<label>
            <input
              type="radio"
              name="plan_code"
              value="${plan.planCode}"
              data-issuer="${issuer.issuerCode}"
              required
              ${plan.planCode === chosen ? trusted('checked') : ''}
            />
            ${t.months.replace('{n}', String(plan.months))} ·
            ${t.minimum.replace('{amount}', formatAmount(String(plan.minimumMinor), request.currency ?? ''))}
            <code>${plan.planCode}</code>
          </label>`,
        )}`,
    )}
  </fieldset>`;
}

/**
 * The card page of a session: for installments, the card fields with the plans beside them (inserted
 * before the Pay button); any other session, the plain card page.
 */
export function sessionCardPage(
  frame: PageFrame,
  action: string,
  session: HostedSession,
  problems: readonly CardProblem[] = [],
  planProblem = false,
  saved?: SimToken,
): string {
  const page = cardPage(frame, action, session.request, problems, saved);
  if (!isInstallmentsSession(session)) return page;
  const t = TEXT[frame.language];
  const plans = html`${planProblem ? html`<p class="error" role="alert" id="plan-error">${t.choosePlan}</p>` : ''}${planList(
    frame.language,
    session.request,
    session.request.plan_code,
  )}`;
  const marker = '<div class="actions">';
  const at = page.indexOf(marker);
  return at < 0 ? page : page.slice(0, at) + plans.value + page.slice(at);
}

/** The stand-in of Tabby's page. */
export function tabbyPage(frame: PageFrame, action: string, request: Fields): string {
  const t = TEXT[frame.language];
  const common = labels(frame.language);
  const page = cardPage(frame, action, request);
  const body = html`<h1>${t.tabbyTitle}</h1>
    <p>${t.tabbyBody}</p>
    <p>${t.phone}: <bdi dir="ltr">${request.phone_number ?? ''}</bdi></p>
    <p><strong><bdi>${formatAmount(request.amount ?? '0', request.currency ?? '')}</bdi></strong></p>
    <form method="post" action="${action}">
      <div class="actions">
        <button class="primary" type="submit" name="tabby_decision" value="approve">${t.approve}</button>
        <button class="secondary" type="submit" name="tabby_decision" value="reject">${t.decline}</button>
        <button class="secondary" type="submit" name="cancel" value="1">${common.cancel}</button>
      </div>
    </form>
    <p class="badge">${t.sandbox}</p>`;
  // Same frame (template, language, CSP nonce) as the card page, with Tabby's content in <main>.
  const start = page.indexOf('<main>') + '<main>'.length;
  const end = page.indexOf('</main>');
  return start < '<main>'.length || end < 0 ? page : page.slice(0, start) + body.value + page.slice(end);
}

/** The outcome of Tabby's page. */
export function tabbyOutcome(decision: string): PaymentOutcome | undefined {
  if (decision === 'approve') return { kind: 'approved' };
  if (decision === 'reject') return { kind: 'declined', messageCode: '666' };
  return undefined;
}

/**
 * Applies the plan chosen on an installments page: the answer fields are added to the session's
 * request (APS echoes the request and adds them); a decline says why. `missing` when no plan was chosen.
 */
export function choosePlan(
  session: HostedSession,
  planCode: string,
  typedCardNumber: string,
): { kind: 'missing' } | { kind: 'declined'; outcome: PaymentOutcome } | { kind: 'chosen' } {
  if (planCode === '') return { kind: 'missing' };
  const digits = cardDigits(typedCardNumber) ?? '';
  const decision = decidePlan(
    planCode,
    digits,
    Number(session.request.amount),
    session.request.currency ?? '',
  );
  if (!decision.ok)
    return { kind: 'declined', outcome: { kind: 'declined', messageCode: decision.messageCode } };
  session.request.plan_code = decision.plan.planCode;
  session.request.issuer_code = decision.issuer.issuerCode;
  session.request.number_of_installments = String(decision.plan.months);
  return { kind: 'chosen' };
}
