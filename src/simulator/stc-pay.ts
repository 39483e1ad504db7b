/**
 * STC Pay on the simulated hosted page (S19): a request with `digital_wallet=STCPAY` (or
 * `payment_option=STCPAY`) asks for the customer's mobile number (an input of type `tel`), then for
 * the one-time password STC Pay sends to it (`name="otp"`, the sandbox code shown in `#sandbox-otp`).
 * A wrong OTP ends the payment as a failed authentication (13030), as the 3-D Secure step does; the
 * sandbox mobile numbers below decline (13666) or report insufficient funds (13029); any other valid
 * Saudi mobile number pays.
 */
import { MESSAGE } from '../providers/aps/codes.js';
import { layout, summary, type PageFrame } from './hosted-page-views.js';
import { html } from './html.js';
import { newOtp } from './ids.js';
import type { HostedSession } from './model.js';
import type { PaymentOutcome } from './outcomes.js';
import type { Fields } from './responses.js';

/** Sandbox mobile numbers with a fixed outcome (listed on the page). */
export const STC_PAY_MAGIC_NUMBERS: ReadonlyArray<{
  number: string;
  outcome: PaymentOutcome;
  label: string;
}> = [
  {
    number: '0500000666',
    outcome: { kind: 'declined', messageCode: MESSAGE.DECLINED },
    label: 'declined (13666)',
  },
  {
    number: '0500000029',
    outcome: { kind: 'declined', messageCode: MESSAGE.INSUFFICIENT_FUNDS },
    label: 'insufficient funds (13029)',
  },
];

/** A Saudi mobile number as the official plugins take it: 05XXXXXXXX, 5XXXXXXXX or with 966 / +966. */
export function normaliseMobile(typed: string): string | undefined {
  const digits = typed.replace(/[\s()-]/g, '');
  const m = /^(?:\+?966|0)?(5\d{8})$/.exec(digits);
  return m ? `0${m[1]}` : undefined;
}

/** True when the session pays with STC Pay. */
export function isStcPaySession(session: HostedSession): boolean {
  return session.request.digital_wallet === 'STCPAY' || session.request.payment_option === 'STCPAY';
}

/** The mobile-number step. */
export function stcMobilePage(frame: PageFrame, action: string, request: Fields, error?: string): string {
  const ar = frame.language === 'ar';
  const title = ar ? 'الدفع عبر STC Pay' : 'Pay with STC Pay';
  return layout(
    frame,
    title,
    html`<h1>${title}</h1>
      ${summary(frame, request)}
      <form method="post" action="${action}">
        <label for="phone_number">${ar ? 'رقم الجوال المسجل في STC Pay' : 'Mobile number registered with STC Pay'}</label>
        ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
        <input id="phone_number" name="phone_number" type="tel" inputmode="tel" autocomplete="tel" required maxlength="19" placeholder="05XXXXXXXX" dir="ltr" />
        <div class="actions">
          <button class="primary" type="submit">${ar ? 'إرسال رمز التحقق' : 'Send verification code'}</button>
          <button class="secondary" type="submit" name="cancel" value="1" formnovalidate>${ar ? 'إلغاء' : 'Cancel'}</button>
        </div>
      </form>
      <p>Sandbox:</p>
      <ul>
        ${STC_PAY_MAGIC_NUMBERS.map((m) => html`<li><code>${m.number}</code> — ${m.label}</li>`)}
        <li>${'any other Saudi mobile number — success'}</li>
      </ul>`,
  );
}

/** The OTP step; the sandbox shows the code sent. */
export function stcOtpPage(
  frame: PageFrame,
  action: string,
  request: Fields,
  phone: string,
  otp: string,
): string {
  const ar = frame.language === 'ar';
  const title = ar ? 'رمز التحقق' : 'Verification code';
  return layout(
    frame,
    title,
    html`<h1>${title}</h1>
      ${summary(frame, request)}
      <p>${ar ? 'أرسلنا رمزًا إلى' : 'We sent a code to'} <bdi dir="ltr">${phone}</bdi></p>
      <p class="badge">Sandbox OTP: <strong class="otp" id="sandbox-otp">${otp}</strong></p>
      <form method="post" action="${action}">
        <label for="otp">${ar ? 'رمز التحقق' : 'One-time password'}</label>
        <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" required maxlength="6" />
        <div class="actions">
          <button class="primary" type="submit">${ar ? 'ادفع' : 'Pay'}</button>
          <button class="secondary" type="submit" name="cancel" value="1" formnovalidate>${ar ? 'إلغاء' : 'Cancel'}</button>
        </div>
      </form>`,
  );
}

/** What one POST to an STC Pay session does: show a page again, or end the payment. */
export type StcPayStep = { kind: 'page'; body: string } | { kind: 'finish'; outcome: PaymentOutcome };

/** Advances an STC Pay session with the posted fields (cancel and expiry are handled before). */
export function stcPayStep(
  frame: PageFrame,
  action: string,
  session: HostedSession,
  posted: (name: string) => string,
): StcPayStep {
  const state = session.stcPay;
  if (!state) {
    const typed = posted('phone_number');
    const phone = normaliseMobile(typed);
    if (typed.trim() === '') return { kind: 'page', body: stcMobilePage(frame, action, session.request) };
    if (!phone) {
      const error =
        frame.language === 'ar' ? 'رقم جوال سعودي غير صحيح' : 'Enter a Saudi mobile number (05XXXXXXXX).';
      return { kind: 'page', body: stcMobilePage(frame, action, session.request, error) };
    }
    session.stcPay = { phoneNumber: phone, otp: newOtp() };
    session.step = 'otp';
    return { kind: 'page', body: stcOtpPage(frame, action, session.request, phone, session.stcPay.otp) };
  }
  const typed = posted('otp').trim();
  if (typed === '') {
    return { kind: 'page', body: stcOtpPage(frame, action, session.request, state.phoneNumber, state.otp) };
  }
  if (typed !== state.otp)
    return { kind: 'finish', outcome: { kind: 'declined', messageCode: MESSAGE.AUTHENTICATION_FAILED } };
  const magic = STC_PAY_MAGIC_NUMBERS.find((m) => m.number === state.phoneNumber);
  return { kind: 'finish', outcome: magic?.outcome ?? { kind: 'approved' } };
}

/** The page a GET of an open STC Pay session shows. */
export function stcPayPage(frame: PageFrame, action: string, session: HostedSession): string {
  const state = session.stcPay;
  return state
    ? stcOtpPage(frame, action, session.request, state.phoneNumber, state.otp)
    : stcMobilePage(frame, action, session.request);
}
