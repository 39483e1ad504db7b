/** Amounts as people of a language read them (customer pages and emails alike). */
import type { Language } from './locale.js';
import { formatMinorUnits } from './money.js';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Language, currency: string, digits: number): Intl.NumberFormat {
  const key = `${lang}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(lang, {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  return format;
}

/**
 * An amount as customers of `lang` read it (`Intl.NumberFormat`): `SAR 1,250.50` in English,
 * `1,250.50 SAR` in Arabic, always with the currency's own number of decimals.
 */
export function displayAmount(amountMinor: number, currency: string, lang: Language): string {
  const decimal = formatMinorUnits(amountMinor, currency);
  const digits = decimal.split('.')[1]?.length ?? 0;
  // The decimal string, not a float: Intl formats it exactly (ES2023 string numerics).
  return numberFormat(lang, currency, digits).format(decimal as unknown as number);
}
