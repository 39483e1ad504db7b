/** The two languages of payport's customer-facing text (SPEC S6, S10). */

/** Languages payport shows pages and sends to APS in. */
export const LANGUAGES = ['en', 'ar'] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** A text in every language payport speaks. */
export interface LocalizedText {
  en: string;
  ar: string;
}

/** True when `value` is exactly `en` or `ar`. */
export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ar';
}

/** Maps any locale tag to a supported language: `ar`, `ar-SA`, `AR_kw` → `ar`; anything else → `en`. */
export function toLanguage(locale: string | null | undefined): Language {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'ar' ? 'ar' : 'en';
}
