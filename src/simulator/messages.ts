/**
 * The hosted page in English and Arabic: interface labels, and `response_message` in the request's
 * language (APS answers in the language of the request; codes without an Arabic text fall back to
 * English).
 */
import { messageText } from '../providers/aps/codes.js';

/** The two languages APS' hosted page speaks. */
export type Language = 'en' | 'ar';

/** `language` of a request as one of {@link Language} (anything else is English). */
export function toLanguage(value: string | undefined): Language {
  return value === 'ar' ? 'ar' : 'en';
}

const ARABIC_MESSAGES: Readonly<Record<string, string>> = {
  '000': 'عملية ناجحة',
  '001': 'معلمة مفقودة',
  '002': 'تنسيق معلمة غير صالح',
  '003': 'خيار الدفع غير متاح لحساب هذا التاجر',
  '004': 'أمر غير صالح',
  '005': 'مبلغ غير صالح',
  '007': 'رقم طلب مكرر',
  '008': 'عدم تطابق التوقيع',
  '009': 'معرّف التاجر غير صالح',
  '010': 'رمز الوصول غير صالح',
  '012': 'البطاقة منتهية الصلاحية',
  '013': 'عملة غير صالحة',
  '014': 'خيار دفع غير مفعّل',
  '015': 'حساب التاجر غير مفعّل',
  '016': 'رقم البطاقة غير صالح',
  '023': 'العملة غير مقبولة لدى البنك المستحوذ',
  '027': 'معلمات إضافية غير صالحة',
  '029': 'الرصيد غير كافٍ',
  '030': 'فشلت المصادقة',
  '032': 'طول المعلمة غير صالح',
  '033': 'قيمة المعلمة غير مسموح بها',
  '034': 'العملية غير مسموح بها',
  '036': 'الطلب غير موجود',
  '037': 'عنوان العودة مفقود',
  '039': 'لا يوجد خيار دفع مفعّل',
  '042': 'مبلغ العملية يتجاوز المبلغ المصرّح به',
  '044': 'اسم الرمز غير موجود',
  '048': 'مبلغ العملية يتجاوز المبلغ المحصّل',
  '049': 'العملية غير صالحة لخيار الدفع هذا',
  '065': 'المعاملة بانتظار إجراء العميل',
  '063': 'تم تحديث الرمز',
  '064': 'مطلوب التحقق الآمن ثلاثي الأبعاد',
  '066': 'مرجع التاجر موجود مسبقًا',
  '072': 'ألغى العميل المعاملة',
  '073': 'تنسيق الطلب غير صالح',
  '080': 'خيار دفع غير صالح',
  '090': 'المعاملة قيد المراجعة',
  '100': 'تاريخ انتهاء غير صالح',
  '662': 'العملية غير مسموح بها، الطلب لم يتأكد بعد',
  '666': 'تم رفض المعاملة',
  '777': 'تمت معالجة المعاملة ولكن تعذّر استلام التأكيد',
  '778': 'انتهت مهلة الجلسة',
};

/** `response_message` for a three-digit message code in `language`. */
export function responseMessage(messageCode: string, language: Language): string {
  const english = messageText(messageCode) ?? `Message ${messageCode}`;
  return language === 'ar' ? (ARABIC_MESSAGES[messageCode] ?? english) : english;
}

const LABELS = {
  en: {
    amount: 'Amount',
    reference: 'Order reference',
    cardNumber: 'Card number',
    expiryDate: 'Expiry date (YYMM)',
    securityCode: 'Security code (CVV)',
    holderName: 'Card holder name',
    pay: 'Pay',
    cancel: 'Cancel',
    otpTitle: '3-D Secure verification',
    otpLabel: 'One-time password',
    otpHint: 'Sandbox: the issuer sent the code',
    verify: 'Verify',
    sandbox: 'Sandbox: no real money moves.',
    testCards: 'Test cards and magic values',
    card: 'Card',
    cvv: 'CVV',
    result: 'Result',
    holderNameMagic: 'Card holder name',
    missing: 'Please fill in',
    correct: 'Please correct the card details',
    invalidSecurityCode: 'Invalid security code',
    redirecting: 'Returning you to the merchant…',
    continue: 'Continue',
    processed: 'Your payment has been processed.',
    closePage: 'You can close this page.',
    alreadyDone: 'This payment session has already been completed.',
    refused: 'Payment request refused',
    unknownSession: 'This payment session does not exist.',
    rememberMe: 'Remember this card for next time',
    useCard: 'Continue',
    savedCard: 'Saved card',
  },
  ar: {
    amount: 'المبلغ',
    reference: 'رقم الطلب',
    cardNumber: 'رقم البطاقة',
    expiryDate: 'تاريخ الانتهاء (YYMM)',
    securityCode: 'رمز الأمان (CVV)',
    holderName: 'اسم حامل البطاقة',
    pay: 'ادفع',
    cancel: 'إلغاء',
    otpTitle: 'التحقق الآمن ثلاثي الأبعاد',
    otpLabel: 'كلمة المرور لمرة واحدة',
    otpHint: 'بيئة الاختبار: الرمز الذي أرسله البنك المصدر',
    verify: 'تحقق',
    sandbox: 'بيئة اختبار: لا تُنقل أي أموال حقيقية.',
    testCards: 'بطاقات الاختبار والقيم الخاصة',
    card: 'البطاقة',
    cvv: 'رمز الأمان',
    result: 'النتيجة',
    holderNameMagic: 'اسم حامل البطاقة',
    missing: 'يرجى تعبئة',
    correct: 'يرجى تصحيح بيانات البطاقة',
    invalidSecurityCode: 'رمز الأمان غير صالح',
    redirecting: 'جارٍ إعادتك إلى التاجر…',
    continue: 'متابعة',
    processed: 'تمت معالجة عملية الدفع.',
    closePage: 'يمكنك إغلاق هذه الصفحة.',
    alreadyDone: 'اكتملت جلسة الدفع هذه بالفعل.',
    refused: 'تم رفض طلب الدفع',
    unknownSession: 'جلسة الدفع هذه غير موجودة.',
    rememberMe: 'تذكّر هذه البطاقة للمرة القادمة',
    useCard: 'متابعة',
    savedCard: 'البطاقة المحفوظة',
  },
} as const;

/** The hosted page's labels. */
export type Labels = { readonly [K in keyof (typeof LABELS)['en']]: string };

/** Labels of the hosted page in `language`. */
export function labels(language: Language): Labels {
  return LABELS[language];
}
