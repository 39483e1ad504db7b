/**
 * Every sentence of the customer pages, in English and Arabic (S10). Kept in one place so a
 * translation is reviewed side by side with its original; `{amount}`-style holes are filled by
 * {@link fill}, never by concatenating translated fragments.
 */
import type { Language } from '../../domain/locale.js';

const EN = {
  paymentTitle: 'Payment',
  summaryTitle: 'Payment summary',
  amountDue: 'Amount to pay',
  orderReference: 'Order reference',
  paymentReference: 'Payment reference',
  customerName: 'Name',
  email: 'Email',
  description: 'Description',
  amount: 'Amount',
  paymentMethod: 'Payment method',
  emailLabel: 'Email address',
  emailHint: 'Needed to process your payment.',
  chooseMethod: 'Choose a payment method',
  testMode: 'Test mode',
  unpublished: 'Unpublished',
  payButton: 'Pay {amount}',
  secureNote: 'You will be taken to the secure payment page to complete your payment.',
  errorSummary: 'Please correct the following:',
  emailInvalid: 'Enter a valid email address, like name@example.com.',
  phoneLabel: 'Mobile number (Tabby, valU)',
  phoneHint: 'With the country code, like +966501234567. Tabby and valU use it to identify you.',
  phoneInvalid: 'Enter your mobile number with the country code, like +966501234567.',
  phoneCountry: 'This payment method is not offered for this mobile number’s country.',
  methodRequired: 'Choose a payment method.',
  methodUnavailable: 'This payment method is no longer available. Choose another one.',
  noMethodTitle: 'No payment method available',
  noMethodBody:
    'There is no payment method available for this payment right now. Please contact the merchant.',
  notFoundTitle: 'Page not found',
  notFoundBody:
    'This payment page does not exist or its link is incomplete. Check the link you received or contact the merchant.',
  invalidLinkTitle: 'This payment link is not valid',
  invalidLinkBody: 'The payment details in this link cannot be used. Please ask the merchant for a new link.',
  linkExpiredTitle: 'This payment link has expired',
  linkExpiredBody: 'Please ask the merchant for a new payment link.',
  linkInactiveTitle: 'This payment link is no longer active',
  linkInactiveBody: 'The merchant has deactivated this link. Please contact them if you still need to pay.',
  linkPaidTitle: 'This payment link has already been paid',
  linkPaidBody: 'Nothing more is due. Thank you!',
  linkInProgressTitle: 'A payment for this link is in progress',
  linkInProgressBody:
    'A payment was made with this link and is waiting for confirmation. To make sure you are not charged twice, it cannot be paid again now.',
  viewPayment: 'See the payment status',
  formExpiredTitle: 'This page has expired',
  formExpiredBody:
    'For your security, payment pages expire after a while. Nothing was charged. Open the payment page again to pay.',
  formInvalidTitle: 'This form is not valid',
  formInvalidBody:
    'The payment form was changed or damaged. Nothing was charged. Open the payment page again.',
  formUsedTitle: 'This form was already sent',
  formUsedBody:
    'Each payment form can be sent once. Nothing more was charged. Open the payment page again to pay.',
  startAgain: 'Back to the payment page',
  redirectTitle: 'Taking you to the payment page…',
  redirectBody: 'You are being taken to the secure payment page. This only takes a moment.',
  redirectButton: 'Continue to the payment page',
  paymentNotFoundTitle: 'Payment not found',
  paymentNotFoundBody: 'We could not find this payment. If you were charged, please contact the merchant.',
  stateDraftTitle: 'Please wait…',
  stateDraftBody: 'Your payment has not been processed yet.',
  statePendingTitle: 'Please wait…',
  stateAuthorizedTitle: 'Payment authorized',
  stateDoneTitle: 'Thank you!',
  stateCancelTitle: 'Payment cancelled',
  stateErrorTitle: 'Payment failed',
  stateErrorBody: 'An error occurred while processing your payment.',
  refresh: 'Refresh',
  refreshHint: 'This page updates by itself. If it does not, use Refresh.',
  continueToMerchant: 'Return to the merchant',
  failureDeclinedTitle: 'Your bank declined the payment',
  failureDeclinedBody:
    'Your bank did not approve this payment. You can try again with another card, or ask your bank why.',
  failureCardTitle: 'The card details were not accepted',
  failureCardBody: 'Check the card number, the expiry date and the security code, then try again.',
  failureCancelledTitle: 'You cancelled the payment',
  failureCancelledBody: 'The payment was stopped before it was completed.',
  failureOtherTitle: 'The payment did not go through',
  failureOtherBody: 'Something went wrong while processing your payment.',
  noMoneyTaken: 'No money was taken from your account.',
  tryAgain: 'Try again',
  otherLanguage: 'العربية',
  countryTitle: 'Where are you paying from?',
  countryLabel: 'Country',
  countryHint: 'The payment methods offered depend on your country.',
  countryPlaceholder: 'Choose your country',
  countryContinue: 'Continue',
  countryInvalid: 'Choose your country from the list.',
  countryChange: 'Change country',
  noMethodCountryBody:
    'No payment method is available for payments from this country. Choose another country, or contact the merchant.',
} as const;

/** The keys of the customer-page texts. */
export type TextKey = keyof typeof EN;

const AR: Record<TextKey, string> = {
  paymentTitle: 'الدفع',
  summaryTitle: 'ملخص الدفع',
  amountDue: 'المبلغ المطلوب',
  orderReference: 'مرجع الطلب',
  paymentReference: 'مرجع الدفع',
  customerName: 'الاسم',
  email: 'البريد الإلكتروني',
  description: 'الوصف',
  amount: 'المبلغ',
  paymentMethod: 'طريقة الدفع',
  emailLabel: 'عنوان البريد الإلكتروني',
  emailHint: 'مطلوب لإتمام عملية الدفع.',
  chooseMethod: 'اختر طريقة الدفع',
  testMode: 'وضع الاختبار',
  unpublished: 'غير منشور',
  payButton: 'ادفع {amount}',
  secureNote: 'سيتم نقلك إلى صفحة الدفع الآمنة لإتمام عملية الدفع.',
  errorSummary: 'يرجى تصحيح ما يلي:',
  emailInvalid: 'أدخل عنوان بريد إلكتروني صالحًا، مثل name@example.com.',
  phoneLabel: 'رقم الجوال (تابي، فاليو)',
  phoneHint: 'مع رمز الدولة، مثل ‎+966501234567. تستخدمه تابي وفاليو للتعرّف عليك.',
  phoneInvalid: 'أدخل رقم جوالك مع رمز الدولة، مثل ‎+966501234567.',
  phoneCountry: 'طريقة الدفع هذه غير متاحة لدولة رقم الجوال هذا.',
  methodRequired: 'اختر طريقة دفع.',
  methodUnavailable: 'طريقة الدفع هذه لم تعد متاحة. اختر طريقة أخرى.',
  noMethodTitle: 'لا تتوفر طريقة دفع',
  noMethodBody: 'لا تتوفر حاليًا أي طريقة دفع لهذه الدفعة. يرجى التواصل مع التاجر.',
  notFoundTitle: 'الصفحة غير موجودة',
  notFoundBody:
    'صفحة الدفع هذه غير موجودة أو أن رابطها غير مكتمل. تحقق من الرابط الذي وصلك أو تواصل مع التاجر.',
  invalidLinkTitle: 'رابط الدفع هذا غير صالح',
  invalidLinkBody: 'لا يمكن استخدام بيانات الدفع الواردة في هذا الرابط. يرجى طلب رابط جديد من التاجر.',
  linkExpiredTitle: 'انتهت صلاحية رابط الدفع هذا',
  linkExpiredBody: 'يرجى طلب رابط دفع جديد من التاجر.',
  linkInactiveTitle: 'رابط الدفع هذا لم يعد فعّالًا',
  linkInactiveBody: 'قام التاجر بإيقاف هذا الرابط. يرجى التواصل معه إذا كنت لا تزال بحاجة إلى الدفع.',
  linkPaidTitle: 'تم دفع رابط الدفع هذا بالفعل',
  linkPaidBody: 'لا يوجد أي مبلغ مستحق. شكرًا لك!',
  linkInProgressTitle: 'هناك دفعة قيد المعالجة لهذا الرابط',
  linkInProgressBody:
    'تم إجراء دفعة باستخدام هذا الرابط وهي بانتظار التأكيد. حتى لا يتم خصم المبلغ منك مرتين، لا يمكن الدفع مرة أخرى الآن.',
  viewPayment: 'عرض حالة الدفعة',
  formExpiredTitle: 'انتهت صلاحية هذه الصفحة',
  formExpiredBody:
    'حفاظًا على أمانك، تنتهي صلاحية صفحات الدفع بعد فترة. لم يتم خصم أي مبلغ. افتح صفحة الدفع مرة أخرى لإتمام الدفع.',
  formInvalidTitle: 'هذا النموذج غير صالح',
  formInvalidBody: 'تم تغيير نموذج الدفع أو أنه تالف. لم يتم خصم أي مبلغ. افتح صفحة الدفع مرة أخرى.',
  formUsedTitle: 'تم إرسال هذا النموذج من قبل',
  formUsedBody:
    'يمكن إرسال كل نموذج دفع مرة واحدة. لم يتم خصم أي مبلغ إضافي. افتح صفحة الدفع مرة أخرى للدفع.',
  startAgain: 'العودة إلى صفحة الدفع',
  redirectTitle: 'جارٍ نقلك إلى صفحة الدفع…',
  redirectBody: 'يتم الآن نقلك إلى صفحة الدفع الآمنة. لن يستغرق ذلك سوى لحظات.',
  redirectButton: 'المتابعة إلى صفحة الدفع',
  paymentNotFoundTitle: 'لم يتم العثور على الدفعة',
  paymentNotFoundBody: 'لم نتمكن من العثور على هذه الدفعة. إذا تم خصم المبلغ، يرجى التواصل مع التاجر.',
  stateDraftTitle: 'يرجى الانتظار…',
  stateDraftBody: 'لم تتم معالجة دفعتك بعد.',
  statePendingTitle: 'يرجى الانتظار…',
  stateAuthorizedTitle: 'تم تفويض الدفعة',
  stateDoneTitle: 'شكرًا لك!',
  stateCancelTitle: 'تم إلغاء الدفعة',
  stateErrorTitle: 'فشلت عملية الدفع',
  stateErrorBody: 'حدث خطأ أثناء معالجة دفعتك.',
  refresh: 'تحديث',
  refreshHint: 'يتم تحديث هذه الصفحة تلقائيًا. إذا لم يحدث ذلك، اضغط على «تحديث».',
  continueToMerchant: 'العودة إلى التاجر',
  failureDeclinedTitle: 'رفض البنك عملية الدفع',
  failureDeclinedBody:
    'لم يوافق البنك الذي تتعامل معه على هذه الدفعة. يمكنك المحاولة مرة أخرى ببطاقة أخرى، أو سؤال البنك عن السبب.',
  failureCardTitle: 'لم يتم قبول بيانات البطاقة',
  failureCardBody: 'تحقق من رقم البطاقة وتاريخ انتهاء الصلاحية ورمز الأمان، ثم حاول مرة أخرى.',
  failureCancelledTitle: 'لقد ألغيت عملية الدفع',
  failureCancelledBody: 'توقفت عملية الدفع قبل إتمامها.',
  failureOtherTitle: 'لم تتم عملية الدفع',
  failureOtherBody: 'حدث خطأ أثناء معالجة دفعتك.',
  noMoneyTaken: 'لم يتم خصم أي مبلغ من حسابك.',
  tryAgain: 'حاول مرة أخرى',
  otherLanguage: 'English',
  countryTitle: 'من أي دولة تدفع؟',
  countryLabel: 'الدولة',
  countryHint: 'تعتمد طرق الدفع المتاحة على دولتك.',
  countryPlaceholder: 'اختر دولتك',
  countryContinue: 'متابعة',
  countryInvalid: 'اختر دولتك من القائمة.',
  countryChange: 'تغيير الدولة',
  noMethodCountryBody: 'لا تتوفر طريقة دفع للدفع من هذه الدولة. اختر دولة أخرى أو تواصل مع التاجر.',
};

const TEXTS: Record<Language, Record<TextKey, string>> = { en: EN, ar: AR };

/** The text of `key` in `lang`. */
export function t(lang: Language, key: TextKey): string {
  return TEXTS[lang][key];
}

/** Fills `{name}` holes of a text with the given values (plain strings; the template escapes them). */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (hole, name: string) => values[name] ?? hole);
}

/** The language a page offers to switch to. */
export function otherLanguage(lang: Language): Language {
  return lang === 'ar' ? 'en' : 'ar';
}
