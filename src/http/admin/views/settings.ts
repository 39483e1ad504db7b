/** The merchant settings page (S21): time zone, and the name, logo and accent colour on customer pages. */
import type { FieldError } from '../../../errors.js';
import type { LogoMeta } from '../../../services/merchant-logo.js';
import type { MerchantSettings } from '../../../services/merchant-settings.js';
import { timeZoneChoices } from '../../../domain/time-zone.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { csrfField, fieldId, inputField, selectField, type Flash } from './components.js';
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
  logo: { en: 'Logo', ar: 'الشعار' },
  logoHint: {
    en: 'A PNG, JPEG or WebP picture of at most 256 KB, shown at the top of payment pages beside the name.',
    ar: 'صورة PNG أو JPEG أو WebP بحجم 256 كيلوبايت كحد أقصى، تظهر أعلى صفحات الدفع بجانب الاسم.',
  },
  logoCurrent: { en: 'Current logo', ar: 'الشعار الحالي' },
  logoNone: {
    en: 'No logo yet: payment pages show the name alone.',
    ar: 'لا يوجد شعار بعد: تعرض صفحات الدفع الاسم فقط.',
  },
  logoUpload: { en: 'Upload logo', ar: 'رفع الشعار' },
  logoRemove: { en: 'Remove logo', ar: 'إزالة الشعار' },
  logoRemoveConfirm: {
    en: 'Remove the logo from payment pages?',
    ar: 'هل تريد إزالة الشعار من صفحات الدفع؟',
  },
} satisfies Record<string, Text>;

/** The logo card: the current logo, a file upload (multipart, works without JavaScript) and removal. */
function logoSection(pc: PageContext, logo: LogoMeta | null, name: string, errors: FieldError[]): SafeHtml {
  const lang = pc.lang;
  const error = errors.find((e) => e.field === 'logo');
  const id = fieldId('logo');
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const current = logo
    ? html`<figure class="logo-preview">
        <img src="/brand/logo?v=${logo.etag}" alt="${name || t(lang, TEXT.logo)}" width="${logo.width}" height="${logo.height}" />
        <figcaption class="hint">${t(lang, TEXT.logoCurrent)}</figcaption>
      </figure>`
    : html`<p class="hint">${t(lang, TEXT.logoNone)}</p>`;
  return html`<section class="card" aria-labelledby="logo-title">
    <h2 id="logo-title">${t(lang, TEXT.logo)}</h2>
    ${current}
    <form method="post" action="/admin/settings/logo" enctype="multipart/form-data" novalidate>
      ${csrfField(pc.csrf)}
      <div class="field${error ? ' has-error' : ''}">
        <label class="field" for="${id}">${t(lang, TEXT.logo)}</label>
        <p class="hint" id="${id}-hint">${t(lang, TEXT.logoHint)}</p>
        <input id="${id}" name="logo" type="file" accept="image/png,image/jpeg,image/webp" aria-describedby="${describedBy}"${error ? html` aria-invalid="true"` : ''} />
        ${error ? html`<p class="field-error" id="${id}-error">${error.message}</p>` : ''}
      </div>
      <p><button type="submit">${t(lang, TEXT.logoUpload)}</button></p>
    </form>
    ${
      logo
        ? html`<form method="post" action="/admin/settings/logo/remove" data-confirm="${t(lang, TEXT.logoRemoveConfirm)}">
          ${csrfField(pc.csrf)}
          <button type="submit" class="secondary">${t(lang, TEXT.logoRemove)}</button>
        </form>`
        : ''
    }
  </section>`;
}

/** Renders the settings form with `values` and any `errors`. */
export function settingsPage(
  pc: PageContext,
  values: MerchantSettings,
  errors: FieldError[],
  flash?: Flash,
  logo: LogoMeta | null = null,
): string {
  const lang = pc.lang;
  const localized = localizeErrors(lang, errors);
  const labels = {
    timeZone: t(lang, TEXT.timeZone),
    name: t(lang, TEXT.name),
    accentColor: t(lang, TEXT.accent),
    logo: t(lang, TEXT.logo),
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
    </form>
    ${logoSection(pc, logo, values.name, localized)}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'settings',
    ...(flash ? { flash } : {}),
  });
}
