/** The provider form's "Card entry" choice (S18): APS' hosted page, or its Merchant Page embedded in ours. */
import { CARD_ENTRIES, type CardEntry } from '../../../domain/provider-types.js';
import type { FieldError } from '../../../errors.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { fieldErrorLine } from './components.js';
import type { PageContext } from './shell.js';

const TEXT: Record<'legend' | 'hint' | CardEntry, Text> = {
  legend: { en: 'Card entry', ar: 'إدخال البطاقة' },
  hosted: {
    en: "Hosted: the customer types the card on APS' payment page (Redirection)",
    ar: 'مستضافة: يُدخل العميل البطاقة في صفحة الدفع لدى APS (إعادة التوجيه)',
  },
  embedded: {
    en: "Embedded: APS' Merchant Page inside payport's payment page (the customer stays on the page)",
    ar: 'مضمّنة: صفحة التاجر من APS داخل صفحة الدفع في payport (يبقى العميل في الصفحة)',
  },
  hint: {
    en: "Either way card data is typed on APS' own page and never reaches payport. Embedded needs the Merchant Page (tokenization) service active at APS.",
    ar: 'في الحالتين تُدخل بيانات البطاقة في صفحة APS نفسها ولا تصل إلى payport. تتطلب الطريقة المضمّنة تفعيل خدمة صفحة التاجر (الترميز) لدى APS.',
  },
};

/** The radio group `cardEntry` with its two values. */
export function cardEntryField(
  pc: PageContext,
  value: string | undefined,
  errors: readonly FieldError[],
): SafeHtml {
  const lang = pc.lang;
  const current = value === 'embedded' ? 'embedded' : 'hosted';
  return html`<fieldset class="field${errors.some((e) => e.field === 'cardEntry') ? ' has-error' : ''}">
    <legend>${t(lang, TEXT.legend)}</legend>
    <ul class="plain">
      ${CARD_ENTRIES.map(
        (entry) =>
          html`<li>
            <label class="choice" for="cardEntry-${entry}"
              ><input
                type="radio"
                id="cardEntry-${entry}"
                name="cardEntry"
                value="${entry}"
                ${entry === current ? html` checked` : ''}
              />
              ${t(lang, TEXT[entry])}</label
            >
          </li>`,
      )}
    </ul>
    <p class="hint">${t(lang, TEXT.hint)}</p>
    ${fieldErrorLine(errors, 'cardEntry')}
  </fieldset>`;
}
