/**
 * Back-office wording in English and Arabic. Each view keeps its own texts as `{ en, ar }` pairs next to
 * its markup; the words shared by several pages (states, roles, navigation, buttons) live here.
 */
import type { FinancialStatus } from '../../domain/ledger.js';
import type { Language } from '../../domain/locale.js';
import type { ProviderState } from '../../domain/provider.js';
import type { TransactionState, UserRole } from '../../store/schema.js';

/** A text in both back-office languages. */
export interface Text {
  en: string;
  ar: string;
}

/** The text in `lang`. */
export function t(lang: Language, text: Text): string {
  return text[lang];
}

/** A text with `{name}` placeholders filled in (values are inserted as given; the template escapes them). */
export function tf(lang: Language, text: Text, values: Record<string, string | number>): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A payment's financial status (S9), as its badge says it. */
export const FINANCIAL_STATUS_TEXT: Record<FinancialStatus, Text> = {
  unpaid: { en: 'Unpaid', ar: 'غير مدفوعة' },
  pending: { en: 'Pending', ar: 'قيد الانتظار' },
  authorized: { en: 'Authorized', ar: 'مفوّضة' },
  partially_captured: { en: 'Partially captured', ar: 'محصّلة جزئيًا' },
  paid: { en: 'Paid', ar: 'مدفوعة' },
  partially_refunded: { en: 'Partially refunded', ar: 'مستردّة جزئيًا' },
  refunded: { en: 'Refunded', ar: 'مستردّة' },
  voided: { en: 'Voided', ar: 'تفويض ملغى' },
  failed: { en: 'Failed', ar: 'فشلت' },
  cancelled: { en: 'Cancelled', ar: 'ملغاة' },
};

/** A settled capture, void or refund, as its badge says it. */
export const OPERATION_DONE_TEXT: Record<'capture' | 'void' | 'refund', Text> = {
  capture: { en: 'Captured', ar: 'حُصّلت' },
  void: { en: 'Released', ar: 'أُلغي التفويض' },
  refund: { en: 'Refunded', ar: 'استُردّت' },
};

/** Operations, as lists and the timeline name them. */
export const OPERATION_TEXT: Record<'online_redirect' | 'capture' | 'void' | 'refund', Text> = {
  online_redirect: { en: 'Payment', ar: 'دفعة' },
  capture: { en: 'Capture', ar: 'تحصيل' },
  void: { en: 'Void', ar: 'إلغاء تفويض' },
  refund: { en: 'Refund', ar: 'استرداد' },
};

/** Transaction states (S5). */
export const TRANSACTION_STATE_TEXT: Record<TransactionState, Text> = {
  draft: { en: 'Draft', ar: 'مسودة' },
  pending: { en: 'Pending', ar: 'قيد الانتظار' },
  authorized: { en: 'Authorized', ar: 'مفوّضة' },
  done: { en: 'Paid', ar: 'مدفوعة' },
  cancel: { en: 'Cancelled', ar: 'ملغاة' },
  error: { en: 'Error', ar: 'خطأ' },
};

/** Provider states (S3), as the APS form's radio shows them. */
export const PROVIDER_STATE_TEXT: Record<ProviderState, Text> = {
  disabled: { en: 'Disabled', ar: 'معطّل' },
  test: { en: 'Test', ar: 'اختبار' },
  enabled: { en: 'Enabled', ar: 'مفعّل' },
};

/** Back-office roles (S11). */
export const ROLE_TEXT: Record<UserRole, Text> = {
  admin: { en: 'Admin', ar: 'مسؤول' },
  operator: { en: 'Operator', ar: 'مشغّل' },
};

/** Words used on several pages. */
export const COMMON = {
  published: { en: 'Published', ar: 'منشور' },
  unpublished: { en: 'Unpublished', ar: 'غير منشور' },
  save: { en: 'Save', ar: 'حفظ' },
  filter: { en: 'Filter', ar: 'تصفية' },
  reset: { en: 'Reset', ar: 'إعادة تعيين' },
  any: { en: 'Any', ar: 'الكل' },
  copy: { en: 'Copy', ar: 'نسخ' },
  copied: { en: 'Copied', ar: 'تم النسخ' },
  next: { en: 'Older →', ar: 'الأقدم ←' },
  first: { en: 'Newest', ar: 'الأحدث' },
  none: { en: 'Nothing here yet.', ar: 'لا يوجد شيء هنا بعد.' },
  noMatch: { en: 'Nothing matches these filters.', ar: 'لا توجد نتائج مطابقة لهذه المرشحات.' },
  live: { en: 'Live', ar: 'مباشر' },
  test: { en: 'Test', ar: 'اختبار' },
  yes: { en: 'Yes', ar: 'نعم' },
  no: { en: 'No', ar: 'لا' },
  saved: { en: 'Saved.', ar: 'تم الحفظ.' },
  fixErrors: {
    en: 'Nothing was saved. Fix the fields marked below.',
    ar: 'لم يُحفظ شيء. صحّح الحقول المشار إليها أدناه.',
  },
} satisfies Record<string, Text>;

/** The main sections of the back office. */
export type Section =
  | 'home'
  | 'settings'
  | 'transactions'
  | 'notifications'
  | 'links'
  | 'providers'
  | 'developers'
  | 'users'
  | 'customers';

/** Navigation labels. */
export const SECTION_TEXT: Record<Section, Text> = {
  home: { en: 'Home', ar: 'الرئيسية' },
  settings: { en: 'Settings', ar: 'الإعدادات' },
  transactions: { en: 'Transactions', ar: 'المعاملات' },
  notifications: { en: 'Notifications', ar: 'الإشعارات' },
  links: { en: 'Payment links', ar: 'روابط الدفع' },
  providers: { en: 'Providers', ar: 'مزودو الدفع' },
  developers: { en: 'Developers', ar: 'المطورون' },
  users: { en: 'Users', ar: 'المستخدمون' },
  customers: { en: 'Customers', ar: 'العملاء' },
};
