/** The customer-page sentences of saved cards and the embedded card form (S18), in English and Arabic. */
import type { Language } from '../../domain/locale.js';

const TEXT = {
  cardFormTitle: { en: 'Enter your card', ar: 'أدخل بطاقتك' },
  cardFormBody: {
    en: 'Your card details are typed into the secure form of the payment provider below; they never reach this site.',
    ar: 'تُدخل بيانات بطاقتك في النموذج الآمن لمزوّد الدفع أدناه، ولا تصل أبدًا إلى هذا الموقع.',
  },
  cardFrameTitle: { en: 'Secure card form', ar: 'نموذج البطاقة الآمن' },
  savedCardsLegend: { en: 'Your saved cards', ar: 'بطاقاتك المحفوظة' },
  savedCardLabel: { en: '{brand} ending in {last4}', ar: '{brand} تنتهي بـ {last4}' },
  savedCardExpiry: { en: 'expires {expiry}', ar: 'تنتهي صلاحيتها {expiry}' },
  saveCard: { en: 'Save my card for next time', ar: 'احفظ بطاقتي للمرة القادمة' },
  saveCardHint: {
    en: 'Only the payment provider keeps the card; we keep its brand, last four digits and expiry.',
    ar: 'مزوّد الدفع وحده يحتفظ بالبطاقة؛ نحتفظ بنوعها وآخر أربعة أرقام وتاريخ انتهائها فقط.',
  },
  continueTitle: { en: 'Continuing…', ar: 'جارٍ المتابعة…' },
  continueLink: { en: 'Continue', ar: 'متابعة' },
  cardUnverifiedTitle: { en: 'The card form could not be verified', ar: 'تعذّر التحقق من نموذج البطاقة' },
  cardUnverifiedBody: {
    en: 'Nothing was charged. Go back to the payment page and try again.',
    ar: 'لم يُخصم أي مبلغ. عُد إلى صفحة الدفع وحاول مرة أخرى.',
  },
  cardUnknownTitle: { en: 'Payment not found', ar: 'لم يتم العثور على الدفعة' },
  cardFormShow: { en: 'Show the card form', ar: 'اعرض نموذج البطاقة' },
} as const;

/** A key of the saved-card texts. */
export type CardTextKey = keyof typeof TEXT;

/** The text of `key` in `lang`, with `{name}` holes filled from `values`. */
export function ct(lang: Language, key: CardTextKey, values: Record<string, string> = {}): string {
  return TEXT[key][lang].replace(/\{(\w+)\}/g, (hole, name: string) => values[name] ?? hole);
}
