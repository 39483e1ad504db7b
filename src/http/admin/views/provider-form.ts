/**
 * The APS provider form (S11, the seed's "Configuration in the payment system"): header with badges and
 * the Published toggle, state radio, Credentials (secrets write-only), then Configuration, Messages, the
 * APS back-office settings panel and Test credentials — plain sections reached by anchors, no JS needed.
 */
import type { FieldError } from '../../../errors.js';
import { PROVIDER_SHA_TYPES, PROVIDER_STATES } from '../../../domain/provider.js';
import type { CredentialTestResult } from '../../../services/credential-test.js';
import type {
  ApsBackOfficeSettings,
  ProviderSettingsInput,
  ProviderSettingsView,
  SecretField,
} from '../../../services/provider-settings.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, PROVIDER_STATE_TEXT, t, tf, type Text } from '../i18n.js';
import {
  csrfField,
  fieldErrorLine,
  fieldId,
  inputField,
  providerStateBadge,
  publishedBadge,
  selectField,
  type Flash,
} from './components.js';
import { apsSettingsPanel, credentialTestPanel } from './provider-aps-panel.js';
import { applePayPanel, type ApplePayPanelModel } from './provider-apple-pay-panel.js';
import { configurationSection, messagesSection } from './provider-form-sections.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  back: { en: '← All providers', ar: '→ كل المزودين' },
  testMode: { en: 'Test mode', ar: 'وضع الاختبار' },
  tabs: { en: 'Sections', ar: 'الأقسام' },
  general: { en: 'State and publication', ar: 'الحالة والنشر' },
  credentials: { en: 'Credentials', ar: 'بيانات الاعتماد' },
  configuration: { en: 'Configuration', ar: 'الإعدادات' },
  messages: { en: 'Messages', ar: 'الرسائل' },
  apsSettings: { en: 'APS back-office settings', ar: 'إعدادات لوحة تحكم APS' },
  test: { en: 'Test credentials', ar: 'اختبار بيانات الاعتماد' },
  name: { en: 'Name', ar: 'الاسم' },
  sequence: { en: 'Display order (lower first)', ar: 'ترتيب العرض (الأصغر أولًا)' },
  state: { en: 'State', ar: 'الحالة' },
  stateHint: {
    en: 'Disabled: offered nowhere. Test: APS sandbox, customers see a "test mode" badge. Enabled: APS production, real payments. Switching to Enabled publishes; switching to Test unpublishes.',
    ar: 'معطّل: لا يُعرض في أي مكان. اختبار: بيئة APS التجريبية ويرى العملاء شارة "وضع الاختبار". مفعّل: بيئة APS الفعلية ومدفوعات حقيقية. التبديل إلى مفعّل ينشر المزوّد، والتبديل إلى اختبار يلغي نشره.',
  },
  published: { en: 'Published (shown to customers)', ar: 'منشور (يظهر للعملاء)' },
  publishedHint: {
    en: 'A Disabled provider cannot be published. Signed-in back-office users also see unpublished providers on payment pages, to test them.',
    ar: 'لا يمكن نشر مزوّد معطّل. يرى مستخدمو لوحة الإدارة المسجلون المزودين غير المنشورين في صفحات الدفع لاختبارها.',
  },
  publish: { en: 'Publish', ar: 'نشر' },
  unpublish: { en: 'Unpublish', ar: 'إلغاء النشر' },
  credentialsIntro: {
    en: 'Copy these four values from the APS back office, Integration Settings ‣ Security Settings. All four are required in Test and Enabled state.',
    ar: 'انسخ هذه القيم الأربع من لوحة تحكم APS، من Integration Settings ‣ Security Settings. القيم الأربع مطلوبة في وضعي الاختبار والتفعيل.',
  },
  merchantIdentifier: { en: 'Merchant Identifier', ar: 'معرّف التاجر (Merchant Identifier)' },
  accessCode: { en: 'Access Code', ar: 'رمز الوصول (Access Code)' },
  shaRequestPhrase: { en: 'SHA Request Phrase', ar: 'عبارة طلب SHA (SHA Request Phrase)' },
  shaResponsePhrase: { en: 'SHA Response Phrase', ar: 'عبارة استجابة SHA (SHA Response Phrase)' },
  shaType: { en: 'SHA Type', ar: 'نوع SHA (SHA Type)' },
  secretSet: {
    en: 'Set, ends in …{last}. Leave empty to keep it.',
    ar: 'محفوظ، ينتهي بـ …{last}. اتركه فارغًا للإبقاء عليه.',
  },
  secretSetShort: { en: 'Set. Leave empty to keep it.', ar: 'محفوظ. اتركه فارغًا للإبقاء عليه.' },
  secretNotSet: { en: 'Not set yet.', ar: 'غير محفوظ بعد.' },
  retype: {
    en: 'For safety, secrets you typed are never shown again: type them again before saving.',
    ar: 'حفاظًا على الأمان، لا تُعرض الأسرار التي كتبتها مرة أخرى: اكتبها مجددًا قبل الحفظ.',
  },
  save: { en: 'Save provider', ar: 'حفظ المزوّد' },
} satisfies Record<string, Text>;

const SHA_TYPE_LABELS: Record<string, string> = {
  sha256: 'SHA-256',
  sha512: 'SHA-512',
  sha1: 'SHA-128 (SHA-1)',
  hmac256: 'HMAC-SHA256',
  hmac512: 'HMAC-SHA512',
};

/** Everything the provider page shows. */
export interface ProviderPageModel {
  provider: ProviderSettingsView;
  values: ProviderSettingsInput;
  errors: FieldError[];
  aps: ApsBackOfficeSettings;
  flash?: Flash;
  /** True after a failed save in which secrets were typed (they are not echoed back). */
  secretsDropped?: boolean;
  credentialTest?: CredentialTestResult;
  /** The Apple Pay section (S19), when loaded. */
  applePay?: ApplePayPanelModel;
}

function secretField(pc: PageContext, model: ProviderPageModel, name: SecretField): SafeHtml {
  const hint = model.provider.secrets[name];
  const text = !hint.set
    ? t(pc.lang, TEXT.secretNotSet)
    : hint.lastFour
      ? tf(pc.lang, TEXT.secretSet, { last: hint.lastFour })
      : t(pc.lang, TEXT.secretSetShort);
  return inputField({
    name,
    label: t(pc.lang, TEXT[name]),
    type: 'password',
    value: '',
    errors: model.errors,
    hint: text,
    autocomplete: 'new-password',
    dir: 'ltr',
  });
}

function stateRadios(pc: PageContext, model: ProviderPageModel): SafeHtml {
  const radios = PROVIDER_STATES.map(
    (state) =>
      html`<label class="choice"
        ><input
          type="radio"
          name="state"
          value="${state}"
          ${model.values.state === state ? html` checked` : ''}
        />
        ${t(pc.lang, PROVIDER_STATE_TEXT[state])}</label
      >`,
  );
  return html`<fieldset
    class="field${model.errors.some((e) => e.field === 'state') ? ' has-error' : ''}"
    aria-describedby="state-hint"
  >
    <legend>${t(pc.lang, TEXT.state)}</legend>
    <p class="hint" id="state-hint">${t(pc.lang, TEXT.stateHint)}</p>
    <div class="choices">${radios}</div>
    ${fieldErrorLine(model.errors, 'state')}
  </fieldset>`;
}

function publishedToggle(pc: PageContext, model: ProviderPageModel): SafeHtml {
  const id = fieldId('isPublished');
  return html`<div class="field${model.errors.some((e) => e.field === 'isPublished') ? ' has-error' : ''}">
    <label class="choice" for="${id}"
      ><input
        type="checkbox"
        id="${id}"
        name="isPublished"
        value="on"
        ${model.values.isPublished ? html` checked` : ''}
        aria-describedby="${id}-hint"
      />
      ${t(pc.lang, TEXT.published)}</label
    >
    <p class="hint" id="${id}-hint">${t(pc.lang, TEXT.publishedHint)}</p>
    ${fieldErrorLine(model.errors, 'isPublished')}
  </div>`;
}

function header(pc: PageContext, model: ProviderPageModel): SafeHtml {
  const p = model.provider;
  const toggle = html`<form
    method="post"
    action="/admin/providers/${encodeURIComponent(p.id)}/publish"
    class="inline"
  >
    ${csrfField(pc.csrf)}<input type="hidden" name="published" value="${p.isPublished ? '0' : '1'}" />
    <button type="submit" class="secondary small">
      ${t(pc.lang, p.isPublished ? TEXT.unpublish : TEXT.publish)}
    </button>
  </form>`;
  return html`<p><a href="/admin/providers">${t(pc.lang, TEXT.back)}</a></p>
    <div class="provider-header">
      ${providerStateBadge(pc.lang, p.state)}
      ${publishedBadge(pc.lang, p.isPublished)}${
        p.state === 'test' ? html` <span class="ribbon">${t(pc.lang, TEXT.testMode)}</span>` : ''
      }
      ${toggle}
    </div>
    <nav class="tabs" aria-label="${t(pc.lang, TEXT.tabs)}">
      <a href="#credentials">${t(pc.lang, TEXT.credentials)}</a
      ><a href="#configuration">${t(pc.lang, TEXT.configuration)}</a
      ><a href="#messages">${t(pc.lang, TEXT.messages)}</a
      ><a href="#aps-settings">${t(pc.lang, TEXT.apsSettings)}</a
      ><a href="#test-credentials">${t(pc.lang, TEXT.test)}</a>
    </nav>`;
}

/** Renders the provider page. */
export function providerPage(pc: PageContext, model: ProviderPageModel): string {
  const lang = pc.lang;
  const v = model.values;
  const flash =
    model.flash ??
    (model.errors.length > 0 ? { kind: 'error' as const, text: t(lang, COMMON.fixErrors) } : undefined);
  const form = html`<form
    method="post"
    action="/admin/providers/${encodeURIComponent(model.provider.id)}"
    novalidate
  >
    ${csrfField(pc.csrf)}
    <section class="card" id="general">
      <h2>${t(lang, TEXT.general)}</h2>
      ${inputField({ name: 'name', label: t(lang, TEXT.name), value: v.name, errors: model.errors, required: true })}
      ${stateRadios(pc, model)} ${publishedToggle(pc, model)}
      ${inputField({ name: 'sequence', label: t(lang, TEXT.sequence), value: v.sequence, errors: model.errors, inputmode: 'numeric' })}
    </section>
    <section class="card" id="credentials">
      <h2>${t(lang, TEXT.credentials)}</h2>
      <p class="hint">${t(lang, TEXT.credentialsIntro)}</p>
      ${model.secretsDropped ? html`<p class="flash error" role="alert">${t(lang, TEXT.retype)}</p>` : ''}
      ${inputField({ name: 'merchantIdentifier', label: t(lang, TEXT.merchantIdentifier), value: v.merchantIdentifier, errors: model.errors, autocomplete: 'off', dir: 'ltr' })}
      ${secretField(pc, model, 'accessCode')} ${secretField(pc, model, 'shaRequestPhrase')}
      ${secretField(pc, model, 'shaResponsePhrase')}
      ${selectField({
        name: 'shaType',
        label: t(lang, TEXT.shaType),
        value: v.shaType,
        options: PROVIDER_SHA_TYPES.map((type) => ({ value: type, label: SHA_TYPE_LABELS[type] ?? type })),
        errors: model.errors,
      })}
    </section>
    ${configurationSection(pc, v, model.errors)} ${messagesSection(pc, v, model.errors)}
    <p class="sticky-actions"><button type="submit">${t(lang, TEXT.save)}</button></p>
  </form>`;
  const body = html`${header(pc, model)}${form}${apsSettingsPanel(pc, model.aps, model.provider.state === 'enabled')}${model.applePay ? applePayPanel(pc, model.provider.id, model.applePay) : ''}${credentialTestPanel(pc, model.provider, model.credentialTest)}`;
  return adminDocument(pc, {
    title: model.provider.name,
    body,
    active: 'providers',
    ...(flash ? { flash } : {}),
  });
}
