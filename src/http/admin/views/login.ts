/** The sign-in page. */
import { html } from '../../views/html.js';
import { tf, type Text } from '../i18n.js';
import { adminDocument, type PageContext } from './shell.js';

/** Why the previous attempt failed, if it did. */
export type SignInProblem =
  | { kind: 'invalid' }
  | { kind: 'code' }
  | { kind: 'locked'; minutes: number }
  | { kind: 'rate_limited'; minutes: number }
  | { kind: 'signed_out' };

const TEXT = {
  title: { en: 'Sign in', ar: 'تسجيل الدخول' },
  email: { en: 'Email or user name', ar: 'البريد الإلكتروني أو اسم المستخدم' },
  password: { en: 'Password', ar: 'كلمة المرور' },
  submit: { en: 'Sign in', ar: 'تسجيل الدخول' },
  code: { en: 'Authenticator code (if you set one up)', ar: 'رمز تطبيق المصادقة (إن كنت قد فعّلته)' },
  codeWrong: {
    en: 'Enter the current 6-digit code from your authenticator app.',
    ar: 'أدخل الرمز الحالي المكوّن من 6 أرقام من تطبيق المصادقة.',
  },
  invalid: { en: 'The email or the password is wrong.', ar: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.' },
  locked: {
    en: 'Too many failed sign-ins for this account: it is locked for {minutes} more minute(s). An admin can reset the password to unlock it at once.',
    ar: 'محاولات دخول فاشلة كثيرة لهذا الحساب: الحساب مقفل لمدة {minutes} دقيقة. يمكن للمسؤول إعادة تعيين كلمة المرور لفتحه فورًا.',
  },
  limited: {
    en: 'Too many sign-in attempts from this address. Try again in {minutes} minute(s).',
    ar: 'محاولات دخول كثيرة من هذا العنوان. حاول مرة أخرى بعد {minutes} دقيقة.',
  },
  signedOut: { en: 'You are signed out.', ar: 'تم تسجيل خروجك.' },
  help: {
    en: 'No account yet? An admin creates one in Users, or on the server with: payport users add --email you@example.com --role admin',
    ar: 'ليس لديك حساب؟ ينشئه المسؤول من صفحة المستخدمين، أو على الخادم بالأمر: payport users add --email you@example.com --role admin',
  },
} satisfies Record<string, Text>;

/** Renders the sign-in form. */
export function signInPage(
  pc: PageContext,
  options: { formToken: string; email: string; next: string; problem?: SignInProblem },
): string {
  const lang = pc.lang;
  const problem = options.problem;
  let flash: { kind: 'ok' | 'error'; text: string } | undefined;
  if (problem?.kind === 'invalid') flash = { kind: 'error', text: TEXT.invalid[lang] };
  if (problem?.kind === 'code') flash = { kind: 'error', text: TEXT.codeWrong[lang] };
  if (problem?.kind === 'locked')
    flash = { kind: 'error', text: tf(lang, TEXT.locked, { minutes: problem.minutes }) };
  if (problem?.kind === 'rate_limited')
    flash = { kind: 'error', text: tf(lang, TEXT.limited, { minutes: problem.minutes }) };
  if (problem?.kind === 'signed_out') flash = { kind: 'ok', text: TEXT.signedOut[lang] };
  const body = html`<form method="post" action="/admin/login" class="card narrow">
      <input type="hidden" name="_csrf" value="${options.formToken}" />
      <input type="hidden" name="next" value="${options.next}" />
      <label class="field" for="email">${TEXT.email[lang]}</label>
      <input
        id="email"
        name="email"
        type="text"
        value="${options.email}"
        autocomplete="username"
        required
        autofocus
        dir="ltr"
      />
      <label class="field" for="password">${TEXT.password[lang]}</label>
      <input
        id="password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        dir="ltr"
      />
      <label class="field" for="code">${TEXT.code[lang]}</label>
      <input
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        autocomplete="one-time-code"
        pattern="[0-9 ]*"
        dir="ltr"
      />
      <button type="submit" class="wide">${TEXT.submit[lang]}</button>
    </form>
    <p class="muted narrow">${TEXT.help[lang]}</p>`;
  return adminDocument(pc, { title: TEXT.title[lang], body, ...(flash ? { flash } : {}) });
}
