/**
 * Form errors as people read them (S21): the services' field messages said in the page's language, and
 * the summary at the top of a refused form, one link per field, so nothing is hidden below the fold.
 */
import type { Language } from '../../../domain/locale.js';
import type { FieldError } from '../../../errors.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { fieldId } from './components.js';

/** Arabic for the field messages services give (English), by pattern; `$1`… carry the details. */
const ARABIC: [RegExp, string][] = [
  [/^is required$/, 'هذا الحقل مطلوب.'],
  [
    /^(.+) is required when the provider is in (\w+) state$/,
    'مطلوب عندما يكون المزوّد في وضع الاختبار أو التفعيل.',
  ],
  [/^must be at most (\d+) characters$/, 'يجب ألا يتجاوز $1 حرفًا.'],
  [/^at most (\d+) characters$/, 'يجب ألا يتجاوز $1 حرفًا.'],
  [/^must be a whole number$/, 'يجب أن يكون عددًا صحيحًا.'],
  [/^choose Disabled, Test or Enabled$/, 'اختر معطّل أو اختبار أو مفعّل.'],
  [/^a disabled provider cannot be published/, 'لا يمكن نشر مزوّد معطّل؛ بدّله إلى اختبار أو مفعّل أولًا.'],
  [/^enable at least one payment method$/, 'فعّل طريقة دفع واحدة على الأقل.'],
  [/^unknown payment methods: (.+)$/, 'طرق دفع غير معروفة: $1'],
  [/^unknown currency codes?:? (.+)$/, 'رموز عملات غير معروفة: $1'],
  [
    /^countries must be two upper-case letters.*got: (.+)$/,
    'رمز الدولة حرفان لاتينيان كبيران (مثل SA)، والمُدخل: $1',
  ],
  [/^must be a positive whole number of minor units/, 'يجب أن يكون مبلغًا موجبًا، أو اتركه فارغًا بلا حد.'],
  [
    /^state the (ISO 4217 )?currency of the minimum and maximum amounts/,
    'حدّد عملة الحدين الأدنى والأقصى (مثل SAR).',
  ],
  [/^must not be greater than the maximum amount$/, 'يجب ألا يتجاوز الحد الأقصى.'],
  [/^must be an http:\/\/ or https:\/\/ URL$/, 'يجب أن يكون عنوانًا يبدأ بـ http:// أو https://'],
  [
    /^must not contain credentials, a query or a fragment$/,
    'يجب ألا يحتوي العنوان على بيانات دخول أو استعلام أو جزء بعد #.',
  ],
  [/^type it again to change the endpoint base URL/, 'اكتبه مجددًا لتغيير العنوان الأساسي لمزوّد فعلي.'],
  [/^only when every enabled payment method/, 'ممكن فقط عندما تدعم كل طرق الدفع المفعّلة التحصيل اللاحق.'],
  [/^unknown time zone$/, 'منطقة زمنية غير معروفة.'],
  [/^a colour such as (.+)$/, 'لون مثل $1'],
  [/^give an amount/, 'اكتب مبلغًا مثل 12.50'],
  [/^enter an amount/, 'اكتب مبلغًا مثل 1,250.50'],
  [/^choose a currency/, 'اختر عملة.'],
  [/^(must be|use) a date/, 'اكتب تاريخًا ووقتًا صحيحين.'],
  [/^must be in the future$/, 'يجب أن يكون في المستقبل.'],
  [/^must be a valid email address/, 'اكتب عنوان بريد إلكتروني صحيحًا.'],
  [/^choose a PNG, JPEG or WebP file$/, 'اختر ملف صورة بصيغة PNG أو JPEG أو WebP.'],
  [/^a logo may be at most (\d+) KB$/, 'يجب ألا يتجاوز حجم الشعار $1 كيلوبايت.'],
  [/^only PNG, JPEG or WebP pictures are accepted/, 'تُقبل صور PNG أو JPEG أو WebP فقط (وليس SVG).'],
  [/^a logo may be at most (\d+) pixels/, 'يجب ألا يتجاوز عرض الشعار وارتفاعه $1 بكسل.'],
  [
    /^must be an email address \(or a plain user name/,
    'اكتب بريدًا إلكترونيًا، أو اسم مستخدم من 3 إلى 64 حرفًا لاتينيًا أو رقمًا أو «.» أو «_» أو «-».',
  ],
  [/^A user with the email (.+) already exists/, 'يوجد مستخدم بالبريد الإلكتروني $1 بالفعل.'],
  [/^must be one of (.+)$/, 'اختر أحد الأدوار المعروضة.'],
  [
    /^the last admin cannot become an operator/,
    'لا يمكن تحويل آخر مسؤول إلى مشغّل؛ اجعل مستخدمًا آخر مسؤولًا أولًا.',
  ],
  [/^the last admin cannot be deleted$/, 'لا يمكن حذف آخر مسؤول.'],
  [/^you cannot delete your own account/, 'لا يمكنك حذف حسابك وأنت مسجّل الدخول به.'],
  [/^must be an absolute http\(s\) URL/, 'يجب أن يكون عنوانًا كاملًا يبدأ بـ https:// أو http://'],
  [/^must use https or http$/, 'يجب أن يستخدم العنوان https أو http.'],
  [/^must not contain a user name or password$/, 'يجب ألا يحتوي العنوان على اسم مستخدم أو كلمة مرور.'],
  [
    /^(\S+): host is /,
    'لا تُرسل الأحداث إلا إلى عناوين عامة على الإنترنت، ومضيف هذا العنوان داخلي أو خاص: $1',
  ],
  [/^must be among (.+)$/, 'يجب أن تكون الصلاحيات من بين: $1'],
];

const FALLBACK: Text = { en: '', ar: 'هذه القيمة غير مقبولة.' };

/** `message` in `lang` (services speak English; Arabic comes from the table above). */
export function localizeMessage(lang: Language, message: string): string {
  if (lang === 'en') return message;
  for (const [pattern, arabic] of ARABIC) {
    const m = pattern.exec(message);
    if (m) return arabic.replace(/\$(\d)/g, (_w, i: string) => m[Number(i)] ?? '');
  }
  return t(lang, FALLBACK);
}

/** The errors with their messages in `lang`. */
export function localizeErrors(lang: Language, errors: readonly FieldError[]): FieldError[] {
  return errors.map((e) => ({ ...e, message: localizeMessage(lang, e.message) }));
}

const TEXT = {
  title: { en: 'Nothing was saved. Please correct:', ar: 'لم يُحفظ شيء. يرجى تصحيح ما يلي:' },
} satisfies Record<string, Text>;

/** One line of an error summary: the field it links to, its label and the message in the page's language. */
export interface SummaryItem {
  field: string;
  /** The element to link to, when not the field's own input (e.g. a fieldset). */
  anchor?: string | undefined;
  label: string;
  message: string;
}

/** A refused form's summary: a heading that takes focus (admin.js) and one link per field. */
export function summaryOf(title: string, items: readonly SummaryItem[]): SafeHtml {
  if (items.length === 0) return html``;
  const lines = items.map(
    (e) =>
      html`<li>
        <a href="#${e.anchor ?? fieldId(e.field)}" data-field="${e.field}">${e.label}: ${e.message}</a>
      </li>`,
  );
  return html`<section class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${title}</h2>
    <ul>
      ${lines}
    </ul>
  </section>`;
}

/**
 * The summary of a refused form whose messages come from services (English, said in `lang` here):
 * `labels` names the fields; `anchors` sends a field to another element (e.g. a fieldset).
 */
export function errorSummary(
  lang: Language,
  errors: readonly FieldError[],
  labels: Record<string, string>,
  anchors: Record<string, string> = {},
): SafeHtml {
  return summaryOf(
    t(lang, TEXT.title),
    errors.map((e) => ({
      field: e.field,
      anchor: anchors[e.field],
      label: labels[e.field] ?? e.field,
      message: localizeMessage(lang, e.message),
    })),
  );
}
