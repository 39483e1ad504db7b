/** The merchant settings page (S21): time zone, and the name and accent colour on customer pages. */
import type { FieldError } from '../../../errors.js';
import type { MerchantSettings } from '../../../services/merchant-settings.js';
import { timeZoneChoices } from '../../../domain/time-zone.js';
import { html } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { csrfField, inputField, selectField, type Flash } from './components.js';
import { errorSummary, localizeErrors } from './form-errors.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Settings', ar: 'الإعدادات' },
  timeZone: { en: 'Time zone', ar: 'المنطقة الزمنية' },
  timeZoneHint: {
    en: 'Today’s figures on the home page and payment link expiry use it.',
    ar: 'تعتمد عليها أرقام اليوم في الصفحة الرئيسية وانتهاء صلاحية روابط الدفع.',
  },
  branding: { en: 'Customer pages', ar: 'صفحات العملاء' },
  name: { en: 'Merchant name', ar: 'اسم التاجر' },
  nameHint: { en: 'Shown at the top of payment pages.', ar: 'يظهر أعلى صفحات الدفع.' },
  accent: { en: 'Accent colour', ar: 'لون التمييز' },
  accentHint: {
    en: 'A colour such as #0b6e4f for buttons and links; empty keeps payport’s.',
    ar: 'لون مثل ‎#0b6e4f للأزرار والروابط؛ اتركه فارغًا لاستخدام لون payport.',
  },
  save: { en: 'Save settings', ar: 'حفظ الإعدادات' },
} satisfies Record<string, Text>;

/** Renders the settings form with `values` and any `errors`. */
export function settingsPage(
  pc: PageContext,
  values: MerchantSettings,
  errors: FieldError[],
  flash?: Flash,
): string {
  const lang = pc.lang;
  const localized = localizeErrors(lang, errors);
  const labels = {
    timeZone: t(lang, TEXT.timeZone),
    name: t(lang, TEXT.name),
    accentColor: t(lang, TEXT.accent),
  };
  const body = html`${errorSummary(lang, errors, labels)}
    <form method="post" action="/admin/settings" novalidate>
      ${csrfField(pc.csrf)}
      <section class="card">
        ${selectField({
          name: 'timeZone',
          label: labels.timeZone,
          value: values.timeZone,
          options: timeZoneChoices().map((zone) => ({ value: zone, label: zone })),
          errors: localized,
        })}
        <p class="hint">${t(lang, TEXT.timeZoneHint)}</p>
      </section>
      <section class="card">
        <h2>${t(lang, TEXT.branding)}</h2>
        ${inputField({ name: 'name', label: labels.name, value: values.name, errors: localized, hint: t(lang, TEXT.nameHint) })}
        ${inputField({ name: 'accentColor', label: labels.accentColor, value: values.accentColor, errors: localized, hint: t(lang, TEXT.accentHint), dir: 'ltr' })}
      </section>
      <p><button type="submit">${t(lang, TEXT.save)}</button></p>
    </form>`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'settings',
    ...(flash ? { flash } : {}),
  });
}
