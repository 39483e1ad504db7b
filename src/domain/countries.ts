/**
 * Countries (ISO 3166-1 alpha-2) as customers pick them (S21 "the page asks"): the officially assigned
 * codes, and their names in the page's language from `Intl.DisplayNames`, so no name table is kept here.
 */
import type { Language } from './locale.js';

/** Every officially assigned ISO 3166-1 alpha-2 code. */
export const COUNTRY_CODES: readonly string[] = Object.freeze(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT ' +
    'BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ' +
    'ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT ' +
    'HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS ' +
    'LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI ' +
    'NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG ' +
    'SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

const KNOWN = new Set(COUNTRY_CODES);

/** True when `code` is an assigned ISO 3166-1 alpha-2 code, upper case (`SA`, not `sa` or `ZZ`). */
export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && KNOWN.has(code);
}

/** `value` as an assigned country code (trimmed, upper-cased), or null when it is not one. */
export function toCountryCode(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 8) return null;
  const code = value.trim().toUpperCase();
  return KNOWN.has(code) ? code : null;
}

const names = new Map<Language, Intl.DisplayNames>();

/** The name of `code` in `lang` ("Saudi Arabia", "المملكة العربية السعودية"); the code when unknown. */
export function countryName(code: string, lang: Language): string {
  let display = names.get(lang);
  if (!display) {
    display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    names.set(lang, display);
  }
  return display.of(code) ?? code;
}

const choices = new Map<Language, { code: string; name: string }[]>();

/** Every country with its name in `lang`, sorted by name as readers of `lang` expect. */
export function countryChoices(lang: Language): readonly { code: string; name: string }[] {
  let list = choices.get(lang);
  if (!list) {
    const collator = new Intl.Collator(lang);
    list = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, lang) })).sort((a, b) =>
      collator.compare(a.name, b.name),
    );
    choices.set(lang, list);
  }
  return list;
}
