/** The provider form's installments minimums (SPEC S20): one amount per currency installments run in. */
import type { Language } from '../../../domain/locale.js';
import type { FieldError } from '../../../errors.js';
import {
  INSTALLMENTS_CURRENCIES,
  installmentsMinimumField,
} from '../../../services/installments-settings.js';
import type { ProviderSettingsInput } from '../../../services/provider-settings.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t } from '../i18n.js';
import { inputField } from './components.js';

const TEXT = {
  title: { en: 'Installments', ar: 'التقسيط' },
  minimum: {
    en: 'Installments from (in {currency}; empty = no minimum)',
    ar: 'التقسيط ابتداءً من (بـ {currency}؛ فارغ = بلا حد أدنى)',
  },
  hint: {
    en: 'The payment page offers "Pay in installments" only from these amounts; the API refuses smaller ones naming the minimum.',
    ar: 'لا تعرض صفحة الدفع "الدفع بالتقسيط" إلا ابتداءً من هذه المبالغ، وترفض الواجهة البرمجية المبالغ الأصغر مع ذكر الحد الأدنى.',
  },
};

/** The minimum fields, one per installments currency. */
export function installmentsMinimumFields(
  lang: Language,
  v: ProviderSettingsInput,
  errors: readonly FieldError[],
): SafeHtml {
  return html`<h3>${t(lang, TEXT.title)}</h3>
    <div class="grid-3">
      ${INSTALLMENTS_CURRENCIES.map((currency) =>
        inputField({
          name: installmentsMinimumField(currency),
          label: t(lang, TEXT.minimum).replace('{currency}', currency),
          value: v.installmentsMinimums?.[currency] ?? '',
          errors,
          inputmode: 'decimal',
          dir: 'ltr',
        }),
      )}
    </div>
    <p class="hint">${t(lang, TEXT.hint)}</p>`;
}
