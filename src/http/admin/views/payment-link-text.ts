/**
 * The words of the payment links page (S11, S21) in English and Arabic, and the form's problems said
 * the way people read them: what is wrong and what to write instead, never a developer's message.
 */
import type { Language } from '../../../domain/locale.js';
import { amountProblemText } from './amount-text.js';
import type { LinkEmailResult } from '../../../services/email/link-email.js';
import type { LinkFormProblem } from '../../../services/payment-link-form.js';
import type { PaymentLinkStatus } from '../../../services/payment-links.js';
import { t, type Text } from '../i18n.js';

/** Labels and sentences of the page. */
export const LINK_TEXT = {
  title: { en: 'Payment links', ar: 'روابط الدفع' },
  create: { en: 'New payment link', ar: 'رابط دفع جديد' },
  amount: { en: 'Amount', ar: 'المبلغ' },
  amountHint: {
    en: 'As you would write it, e.g. 1,250.50 or 1250.5',
    ar: 'كما تكتبه، مثل 1,250.50 أو ١٬٢٥٠٫٥٠',
  },
  currency: { en: 'Currency', ar: 'العملة' },
  noProvider: {
    en: 'No provider is in Test or Enabled state yet: the link can be paid once one is.',
    ar: 'لا يوجد مزوّد في وضع الاختبار أو التفعيل بعد: يمكن دفع الرابط عند تفعيل أحدهم.',
  },
  orderReference: { en: 'Order reference (optional)', ar: 'مرجع الطلب (اختياري)' },
  description: { en: 'Description (optional)', ar: 'الوصف (اختياري)' },
  email: { en: 'Customer email (optional)', ar: 'بريد العميل (اختياري)' },
  country: { en: 'Customer country (optional)', ar: 'بلد العميل (اختياري)' },
  countryAny: { en: 'Not fixed: asked when needed', ar: 'غير محدد: يُسأل عنه عند الحاجة' },
  countryHint: {
    en: 'Only the payment methods offered in this country are shown to the customer.',
    ar: 'لا تُعرض على العميل إلا طرق الدفع المتاحة في هذا البلد.',
  },
  submit: { en: 'Create link', ar: 'إنشاء الرابط' },
  createdTitle: { en: 'Link created: send it to the customer', ar: 'تم إنشاء الرابط: أرسله إلى العميل' },
  url: { en: 'Link', ar: 'الرابط' },
  status: { en: 'Status', ar: 'الحالة' },
  customer: { en: 'Customer', ar: 'العميل' },
  created: { en: 'Created', ar: 'تاريخ الإنشاء' },
  expiresShort: { en: 'Expires', ar: 'ينتهي' },
  deactivate: { en: 'Deactivate', ar: 'إيقاف' },
  deactivateConfirm: {
    en: 'Deactivate this link? Customers will no longer be able to pay with it.',
    ar: 'هل تريد إيقاف هذا الرابط؟ لن يتمكن العملاء من الدفع به.',
  },
  paidBy: { en: 'paid by', ar: 'دُفع عبر' },
  list: { en: 'Links', ar: 'الروابط' },
  sendTitle: { en: 'Send by email', ar: 'إرسال بالبريد الإلكتروني' },
  sendTo: { en: 'Email address', ar: 'عنوان البريد الإلكتروني' },
  sendLang: { en: 'Language of the email', ar: 'لغة الرسالة' },
  send: { en: 'Send by email', ar: 'أرسل بالبريد' },
  emailedTo: { en: 'Emailed to', ar: 'أُرسل بالبريد إلى' },
  summary: { en: 'Nothing was saved. Please correct:', ar: 'لم يُحفظ شيء. يرجى تصحيح ما يلي:' },
  notSent: { en: 'Nothing was sent. Please correct:', ar: 'لم يُرسل شيء. يرجى تصحيح ما يلي:' },
} satisfies Record<string, Text>;

/** The expiry label, naming the merchant's zone. */
export function expiresLabel(lang: Language, zone: string): string {
  return lang === 'ar' ? `ينتهي في، بتوقيت ${zone} (اختياري)` : `Expires at, ${zone} time (optional)`;
}

/** The status words of a link. */
export const LINK_STATUS_TEXT: Record<PaymentLinkStatus, Text> = {
  open: { en: 'Open', ar: 'مفتوح' },
  paid: { en: 'Paid', ar: 'مدفوع' },
  expired: { en: 'Expired', ar: 'منتهي' },
  inactive: { en: 'Deactivated', ar: 'موقوف' },
};

/** A form problem in `lang`. */
export function problemText(lang: Language, p: LinkFormProblem): string {
  const ar = lang === 'ar';
  switch (p.field) {
    case 'currency':
      if (p.problem === 'missing') return ar ? 'اختر عملة.' : 'Choose a currency.';
      return ar
        ? 'اختر إحدى العملات التي يقبلها مزوّدو الدفع لديك.'
        : 'Choose one of the currencies your payment providers accept.';
    case 'customer_email':
      return ar
        ? 'اكتب عنوان بريد إلكتروني صحيحًا مثل name@example.com.'
        : 'Enter an email address such as name@example.com.';
    case 'customer_country':
      return ar ? 'اختر بلدًا من القائمة.' : 'Choose a country from the list.';
    case 'order_reference':
    case 'description':
      return ar ? `يجب ألا يتجاوز ${p.max} حرفًا.` : `Use at most ${p.max} characters.`;
    case 'expires_at':
      if (p.problem === 'invalid') return ar ? 'اكتب تاريخًا ووقتًا صحيحين.' : 'Enter a date and a time.';
      if (p.problem === 'past')
        return ar
          ? `اختر وقتًا في المستقبل (بتوقيت ${p.timeZone}).`
          : `Choose a time in the future (${p.timeZone} time).`;
      return ar
        ? `هذا الوقت غير موجود في ${p.timeZone} لأن الساعة تتغير تلك الليلة. اختر وقتًا آخر.`
        : `This time does not exist in ${p.timeZone}: the clocks change that night. Choose another time.`;
    case 'amount':
      return amountProblemText(lang, p.problem, p.currency);
  }
}

/** Why a link was not emailed, in `lang`. */
export function emailProblemText(lang: Language, result: Exclude<LinkEmailResult, { ok: true }>): string {
  const ar = lang === 'ar';
  switch (result.reason) {
    case 'not_configured':
      return ar
        ? 'البريد الإلكتروني غير مُعدّ: اضبط SMTP_URL لإرسال روابط الدفع بالبريد.'
        : 'Email is not set up: set SMTP_URL to send payment links by email.';
    case 'not_found':
      return ar ? 'رابط الدفع هذا غير موجود.' : 'This payment link does not exist.';
    case 'not_open':
      return ar
        ? `لم يعد هذا الرابط قابلًا للدفع (${t(lang, LINK_STATUS_TEXT[result.status])})، فلم يُرسل.`
        : `This link can no longer be paid (${t(lang, LINK_STATUS_TEXT[result.status])}), so it was not sent.`;
    case 'no_address':
      return ar ? 'اكتب عنوان بريد العميل.' : 'Enter the customer’s email address.';
    case 'bad_address':
      return ar
        ? 'اكتب عنوان بريد إلكتروني صحيحًا مثل name@example.com.'
        : 'Enter an email address such as name@example.com.';
    case 'send_failed':
      return ar
        ? 'تعذّر إرسال البريد: رفضه خادم البريد أو لم يستجب. لم يُسجَّل شيء؛ حاول مجددًا لاحقًا.'
        : 'The email could not be sent: the mail server refused it or did not answer. Nothing was recorded; try again later.';
  }
}

/** The success line after sending. */
export function sentText(lang: Language, to: string): string {
  // Isolated (FSI … PDI) so an address keeps its own left-to-right order inside Arabic text.
  return lang === 'ar' ? `أُرسل رابط الدفع إلى \u2068${to}\u2069.` : `The payment link was sent to ${to}.`;
}
