/** Chooses the page language: `?lang=` first, then `Accept-Language`, then English (S10). */
import { isLanguage, toLanguage, type Language } from '../../domain/locale.js';

/** The language to render a customer page in. */
export function pickLanguage(queryLang: unknown, acceptLanguage: string | undefined): Language {
  if (typeof queryLang === 'string' && queryLang.trim() !== '') return toLanguage(queryLang);
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const entry of ranked) {
    const primary = entry.tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'en' || primary === 'ar') return primary;
  }
  return 'en';
}

/** Text direction of a language. */
export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

export { isLanguage, type Language };
