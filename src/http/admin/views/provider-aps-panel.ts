/**
 * The "APS back-office settings" panel (what the seed tells the merchant to paste into APS, built from
 * PUBLIC_URL, each labelled with where it goes) and the Test credentials panel with its verdict.
 */
import type { CredentialTestResult, CredentialVerdict } from '../../../services/credential-test.js';
import type { ApsBackOfficeSettings, ProviderSettingsView } from '../../../services/provider-settings.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { copyField, csrfField, time } from './components.js';
import type { PageContext } from './shell.js';

const TEXT = {
  title: { en: 'APS back-office settings', ar: 'إعدادات لوحة تحكم APS' },
  intro: {
    en: 'Paste these values into the APS back office (https://fort.payfort.com/) exactly as shown. They are built from PUBLIC_URL; if it is wrong, change PUBLIC_URL and restart payport.',
    ar: 'الصق هذه القيم في لوحة تحكم APS (https://fort.payfort.com/) كما هي تمامًا. وهي مبنية على PUBLIC_URL؛ إن كان خاطئًا فغيّره وأعد تشغيل payport.',
  },
  origin: { en: 'Origin URL', ar: 'Origin URL (عنوان المصدر)' },
  originWhere: {
    en: 'APS: Integration Settings ‣ Security Settings ‣ Origin URL, then Save Changes.',
    ar: 'في APS: Integration Settings ‣ Security Settings ‣ Origin URL ثم Save Changes.',
  },
  redirection: { en: 'Redirection URL', ar: 'Redirection URL (عنوان إعادة التوجيه)' },
  redirectionWhere: {
    en: 'APS: Integration Settings ‣ Technical Settings ‣ Redirection ‣ Redirection URL. Also set Status to Active, choose your Payment Options and set Send Response Parameters to Yes.',
    ar: 'في APS: Integration Settings ‣ Technical Settings ‣ Redirection ‣ Redirection URL. واضبط أيضًا Status على Active واختر Payment Options واضبط Send Response Parameters على Yes.',
  },
  feedback: {
    en: 'Direct Transaction Feedback URL',
    ar: 'Direct Transaction Feedback URL (عنوان الإشعار المباشر)',
  },
  feedbackWhere: {
    en: 'APS: Integration Settings ‣ Technical Settings ‣ Redirection ‣ Direct Transaction Feedback.',
    ar: 'في APS: Integration Settings ‣ Technical Settings ‣ Redirection ‣ Direct Transaction Feedback.',
  },
  notification: { en: 'Notification URL', ar: 'Notification URL (عنوان الإشعارات)' },
  notificationWhere: {
    en: 'APS: Integration Settings ‣ Technical Settings ‣ Redirection ‣ Notification URL, then Save Changes.',
    ar: 'في APS: Integration Settings ‣ Technical Settings ‣ Redirection ‣ Notification URL ثم Save Changes.',
  },
  localWarning: {
    en: 'PUBLIC_URL is a local address: APS cannot send customers back or deliver feedback to it. Fine with the payport simulator; for APS set PUBLIC_URL to the public https address of this server.',
    ar: 'PUBLIC_URL عنوان محلي: لا يستطيع APS إعادة العملاء إليه أو إرسال الإشعارات إليه. هذا مناسب مع محاكي payport؛ أما مع APS فاضبط PUBLIC_URL على عنوان https العام لهذا الخادم.',
  },
  liveUrlWarning: {
    en: 'This provider is Enabled, but PUBLIC_URL is not an https address without a port. APS accepts only https URLs with a domain name and no port for the Redirection, Direct Transaction Feedback and Notification URLs: customers would not come back and feedback would not arrive. Set PUBLIC_URL to the public https address of this server (port 443, no port in the URL) and restart payport.',
    ar: 'هذا المزوّد مفعّل، لكن PUBLIC_URL ليس عنوان https بلا منفذ. لا يقبل APS لعناوين إعادة التوجيه والإشعار المباشر والإشعارات إلا عناوين https باسم نطاق وبلا منفذ: لن يعود العملاء ولن تصل الإشعارات. اضبط PUBLIC_URL على عنوان https العام لهذا الخادم (المنفذ 443 دون ذكر منفذ في العنوان) وأعد تشغيل payport.',
  },
  testTitle: { en: 'Test credentials', ar: 'اختبار بيانات الاعتماد' },
  testIntro: {
    en: 'Asks APS about the status of a made-up payment, using the saved credentials. A signed answer proves the Merchant Identifier, Access Code, both SHA phrases and the SHA Type at once; otherwise you are told which one is wrong. Save the form first.',
    ar: 'يسأل APS عن حالة دفعة وهمية باستخدام بيانات الاعتماد المحفوظة. الإجابة الموقّعة تثبت صحة معرّف التاجر ورمز الوصول وعبارتي SHA ونوع SHA معًا؛ وإلا يُخبرك بأيها خاطئ. احفظ النموذج أولًا.',
  },
  testButton: { en: 'Test credentials', ar: 'اختبار بيانات الاعتماد' },
  testedAt: { en: 'Tested at', ar: 'وقت الاختبار' },
  endpoint: { en: 'Endpoint', ar: 'نقطة الاتصال' },
  code: { en: 'APS response code', ar: 'رمز استجابة APS' },
} satisfies Record<string, Text>;

/** True when APS could not reach `url` from the internet (a loopback or private development address). */
export function isLocalAddress(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

/**
 * True when APS would refuse URLs built on `publicUrl`: it takes only https URLs with a domain name and
 * no port for the return and feedback URLs (reference §4.1 [APS-REF], §4.2 [APS-WH]).
 */
export function isUnfitForLiveAps(publicUrl: string): boolean {
  try {
    const url = new URL(publicUrl);
    return url.protocol !== 'https:' || url.port !== '';
  } catch {
    return true;
  }
}

const VERDICT_TEXT: Record<CredentialVerdict, Text> = {
  ok: { en: 'The credentials work.', ar: 'بيانات الاعتماد تعمل.' },
  disabled: { en: 'The provider is Disabled.', ar: 'المزوّد معطّل.' },
  incomplete: { en: 'Credentials are missing.', ar: 'بيانات اعتماد ناقصة.' },
  invalid: { en: 'The credentials cannot be sent as they are.', ar: 'لا يمكن إرسال بيانات الاعتماد كما هي.' },
  unreachable: { en: 'APS could not be reached.', ar: 'تعذّر الوصول إلى APS.' },
  bad_answer: { en: 'APS gave an unexpected answer.', ar: 'أعاد APS إجابة غير متوقعة.' },
  merchant_identifier: { en: 'The Merchant Identifier is wrong.', ar: 'معرّف التاجر غير صحيح.' },
  access_code: { en: 'The Access Code is wrong.', ar: 'رمز الوصول غير صحيح.' },
  request_signature: {
    en: 'The SHA Request Phrase (or the SHA Type) is wrong.',
    ar: 'عبارة طلب SHA (أو نوع SHA) غير صحيحة.',
  },
  response_signature: {
    en: 'The SHA Response Phrase (or the SHA Type) is wrong.',
    ar: 'عبارة استجابة SHA (أو نوع SHA) غير صحيحة.',
  },
  rejected: { en: 'APS refused the request.', ar: 'رفض APS الطلب.' },
};

/**
 * The four URLs to paste into APS, with copy buttons. `live` (the provider is Enabled) adds a warning
 * when they are not what the live APS accepts.
 */
export function apsSettingsPanel(pc: PageContext, aps: ApsBackOfficeSettings, live = false): SafeHtml {
  const lang = pc.lang;
  return html`<section class="card" id="aps-settings" data-tab-panel>
    <h2>${t(lang, TEXT.title)}</h2>
    <p class="hint">${t(lang, TEXT.intro)}</p>
    ${
      live && isUnfitForLiveAps(aps.originUrl)
        ? html`<p class="flash error" id="aps-live-url-warning" role="alert">${t(lang, TEXT.liveUrlWarning)}</p>`
        : ''
    }
    ${isLocalAddress(aps.originUrl) ? html`<p class="flash error">${t(lang, TEXT.localWarning)}</p>` : ''}
    ${copyField({ id: 'aps-origin-url', label: t(lang, TEXT.origin), value: aps.originUrl, lang, hint: t(lang, TEXT.originWhere) })}
    ${copyField({ id: 'aps-redirection-url', label: t(lang, TEXT.redirection), value: aps.redirectionUrl, lang, hint: t(lang, TEXT.redirectionWhere) })}
    ${copyField({ id: 'aps-feedback-url', label: t(lang, TEXT.feedback), value: aps.directFeedbackUrl, lang, hint: t(lang, TEXT.feedbackWhere) })}
    ${copyField({ id: 'aps-notification-url', label: t(lang, TEXT.notification), value: aps.notificationUrl, lang, hint: t(lang, TEXT.notificationWhere) })}
  </section>`;
}

function verdict(pc: PageContext, result: CredentialTestResult): SafeHtml {
  const lang = pc.lang;
  return html`<div
    class="test-result ${result.ok ? 'ok' : 'bad'}"
    role="status"
    data-verdict="${result.verdict}"
  >
    <p class="verdict"><strong>${t(lang, VERDICT_TEXT[result.verdict])}</strong></p>
    <p lang="en" dir="ltr">${result.message}</p>
    <dl class="facts">
      <dt>${t(lang, TEXT.endpoint)}</dt>
      <dd dir="ltr">${result.endpoint}</dd>
      ${
        result.responseCode
          ? html`<dt>${t(lang, TEXT.code)}</dt>
              <dd dir="ltr">${result.responseCode}</dd>`
          : ''
      }
      <dt>${t(lang, TEXT.testedAt)}</dt>
      <dd>${time(result.testedAt, lang)}</dd>
    </dl>
  </div>`;
}

/** The Test credentials button and, after a run, its verdict. */
export function credentialTestPanel(
  pc: PageContext,
  provider: ProviderSettingsView,
  result?: CredentialTestResult,
): SafeHtml {
  const lang = pc.lang;
  return html`<section class="card" id="test-credentials" data-tab-panel>
    <h2>${t(lang, TEXT.testTitle)}</h2>
    <p class="hint">${t(lang, TEXT.testIntro)}</p>
    <form
      method="post"
      action="/admin/providers/${encodeURIComponent(provider.id)}/test-credentials#test-credentials"
    >
      ${csrfField(pc.csrf)}<button type="submit" class="secondary">${t(lang, TEXT.testButton)}</button>
    </form>
    ${result ? verdict(pc, result) : ''}
  </section>`;
}
