/**
 * The APS provider form (S11, S21, the seed's "Configuration in the payment system"): header with badges
 * and the Published toggle, then tabs — State and publication, Credentials (secrets write-only),
 * Configuration, Messages, the APS back-office settings and Test credentials. Without JavaScript the
 * tabs are anchors to plain sections; admin.js turns them into a keyboard-accessible tablist with one
 * panel shown (the first one with an error, or the one the address names). A refused save lists every
 * error on top, each linking to its field, and repeats it next to the field, in the page's language.
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
import { PROVIDER_STATE_TEXT, t, tf, type Text } from '../i18n.js';
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
import { errorSummary, localizeErrors } from './form-errors.js';
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
    en: 'Test: payments go to the APS sandbox with APS test cards and no real money moves; customers see a "test mode" badge. Enabled: real payments through APS production, with your production credentials. Disabled: offered nowhere and never calls APS.',
    ar: 'اختبار: تذهب المدفوعات إلى بيئة APS التجريبية ببطاقات الاختبار ولا تنتقل أموال حقيقية، ويرى العملاء شارة "وضع الاختبار". مفعّل: مدفوعات حقيقية عبر بيئة APS الفعلية ببيانات اعتمادك الفعلية. معطّل: لا يُعرض في أي مكان ولا يتصل بـ APS.',
  },
  published: { en: 'Published (shown to customers)', ar: 'منشور (يظهر للعملاء)' },
  publishedHint: {
    en: 'Published: customers see this provider on payment pages. Not published: only you, signed in to this back office, see it there, to try it. Choosing Enabled ticks this box and choosing Test clears it; tick it again if customers should pay in test mode. A Disabled provider cannot be published.',
    ar: 'منشور: يرى العملاء هذا المزوّد في صفحات الدفع. غير منشور: تراه أنت فقط هناك عند تسجيل دخولك إلى لوحة الإدارة، لتجربته. اختيار مفعّل يحدد هذا المربع واختيار اختبار يلغي تحديده؛ حدّده مجددًا إن أردت أن يدفع العملاء في وضع الاختبار. لا يمكن نشر مزوّد معطّل.',
  },
  newTitle: { en: 'New APS provider', ar: 'مزوّد APS جديد' },
  draftNote: {
    en: 'This new provider is stored only once the form below is saved.',
    ar: 'لا يُخزَّن هذا المزوّد الجديد إلا بعد حفظ النموذج أدناه.',
  },
  create: { en: 'Save provider', ar: 'حفظ المزوّد' },
  remove: { en: 'Remove this provider', ar: 'حذف هذا المزوّد' },
  removeHint: {
    en: 'It never took a payment, so it can be removed.',
    ar: 'لم يستقبل أي دفعة، لذا يمكن حذفه.',
  },
  removeConfirm: { en: 'Remove this provider for good?', ar: 'هل تريد حذف هذا المزوّد نهائيًا؟' },
  testNextToLive: {
    en: 'A Test provider is published next to a live one. Customers only see the live one; unpublish the Test provider or set it to Disabled.',
    ar: 'مزوّد في وضع الاختبار منشور بجانب مزوّد فعلي. يرى العملاء المزوّد الفعلي فقط؛ ألغِ نشر مزوّد الاختبار أو اجعله معطّلًا.',
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
  /** A "New APS provider" form: nothing stored yet, saved by its first valid Save. */
  draft?: boolean;
  /** The provider never took a payment, so it may be removed. */
  removable?: boolean;
  /** A Test provider is published while a live one is too (customers see only the live one). */
  testNextToLive?: boolean;
}

/**
 * The form's tabs, in order. A new section is one entry here and one `tabPanel(…)` with the same id:
 * admin.js finds the panels through these links, so nothing else needs to change.
 */
export const PROVIDER_TABS: { id: string; label: Text; inForm: boolean }[] = [
  { id: 'general', label: TEXT.general, inForm: true },
  { id: 'credentials', label: TEXT.credentials, inForm: true },
  { id: 'configuration', label: TEXT.configuration, inForm: true },
  { id: 'messages', label: TEXT.messages, inForm: true },
  { id: 'aps-settings', label: TEXT.apsSettings, inForm: false },
  { id: 'apple-pay', label: { en: 'Apple Pay', ar: 'Apple Pay' }, inForm: false },
  { id: 'test-credentials', label: TEXT.test, inForm: false },
];

/** Which tab each field lives on, for the fields of the first tabs (the others are found by admin.js). */
const FIELD_LABELS: Record<string, Text> = {
  name: TEXT.name,
  sequence: TEXT.sequence,
  state: TEXT.state,
  isPublished: TEXT.published,
  merchantIdentifier: TEXT.merchantIdentifier,
  accessCode: TEXT.accessCode,
  shaRequestPhrase: TEXT.shaRequestPhrase,
  shaResponsePhrase: TEXT.shaResponsePhrase,
  shaType: TEXT.shaType,
  paymentMethods: { en: 'Payment methods', ar: 'طرق الدفع' },
  captureManually: { en: 'Manual capture', ar: 'التحصيل اليدوي' },
  currencies: { en: 'Currencies', ar: 'العملات' },
  countries: { en: 'Countries', ar: 'الدول' },
  minAmount: { en: 'Minimum amount', ar: 'الحد الأدنى للمبلغ' },
  maxAmount: { en: 'Maximum amount', ar: 'الحد الأقصى للمبلغ' },
  amountCurrency: { en: 'Currency of the limits', ar: 'عملة الحدين' },
  customBaseUrl: { en: 'Custom endpoint base URL', ar: 'العنوان الأساسي المخصص' },
  cardEntry: { en: 'Card entry', ar: 'إدخال البطاقة' },
  installmentsMinimums: { en: 'Installments minimums', ar: 'الحد الأدنى للتقسيط' },
};

function fieldLabel(lang: 'en' | 'ar', field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return t(lang, known);
  const message = /^messages\.(\w+)\.(en|ar)$/.exec(field);
  if (message) return `${t(lang, TEXT.messages)} (${message[1]}, ${message[2]})`;
  return field;
}

/** A tab's panel: a card section with the id its tab links to. */
export function tabPanel(id: string, content: SafeHtml): SafeHtml {
  return html`<section class="card" id="${id}" data-tab-panel>${content}</section>`;
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
    id="f-state"
    tabindex="-1"
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
  const error = model.errors.some((e) => e.field === 'isPublished');
  return html`<div class="field${error ? ' has-error' : ''}">
    <label class="choice" for="${id}"
      ><input
        type="checkbox"
        id="${id}"
        name="isPublished"
        value="on"
        data-publication
        ${model.values.isPublished ? html` checked` : ''}
        aria-describedby="${id}-hint${error ? ` ${id}-error` : ''}"
        ${error ? html` aria-invalid="true"` : ''}
      />
      ${t(pc.lang, TEXT.published)}</label
    >
    <p class="hint" id="${id}-hint">${t(pc.lang, TEXT.publishedHint)}</p>
    ${fieldErrorLine(model.errors, 'isPublished')}
  </div>`;
}

function tabs(pc: PageContext, model: ProviderPageModel): SafeHtml {
  const shown = PROVIDER_TABS.filter(
    (tab) =>
      (!model.draft || tab.id !== 'test-credentials') &&
      (model.applePay !== undefined || tab.id !== 'apple-pay'),
  );
  return html`<nav class="tabs" aria-label="${t(pc.lang, TEXT.tabs)}" data-tabs>
    ${shown.map((tab) => html`<a href="#${tab.id}" data-tab="${tab.id}">${t(pc.lang, tab.label)}</a>`)}
  </nav>`;
}

function header(pc: PageContext, model: ProviderPageModel): SafeHtml {
  const p = model.provider;
  const back = html`<p><a href="/admin/providers">${t(pc.lang, TEXT.back)}</a></p>`;
  const warning = model.testNextToLive
    ? html`<p class="flash error" role="alert" data-warning="test-next-to-live">${t(pc.lang, TEXT.testNextToLive)}</p>`
    : '';
  if (model.draft) return html`${back}<p class="hint">${t(pc.lang, TEXT.draftNote)}</p>`;
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
  return html`${back}
    <div class="provider-header">
      ${providerStateBadge(pc.lang, p.state)}
      ${publishedBadge(pc.lang, p.isPublished)}${
        p.state === 'test' ? html` <span class="ribbon">${t(pc.lang, TEXT.testMode)}</span>` : ''
      }
      ${toggle}
    </div>
    ${warning}`;
}

function removal(pc: PageContext, model: ProviderPageModel): SafeHtml {
  if (model.draft || !model.removable) return html``;
  return html`<section class="card danger" aria-labelledby="remove-title">
    <h2 id="remove-title">${t(pc.lang, TEXT.remove)}</h2>
    <p class="hint">${t(pc.lang, TEXT.removeHint)}</p>
    <form
      method="post"
      action="/admin/providers/${encodeURIComponent(model.provider.id)}/delete"
      data-confirm="${t(pc.lang, TEXT.removeConfirm)}"
    >
      ${csrfField(pc.csrf)}<button type="submit" class="danger">${t(pc.lang, TEXT.remove)}</button>
    </form>
  </section>`;
}

/** Renders the provider page (or, with `draft`, the form of a provider not saved yet). */
export function providerPage(pc: PageContext, model: ProviderPageModel): string {
  const lang = pc.lang;
  const v = model.values;
  const errors = localizeErrors(lang, model.errors);
  const local = { ...model, errors };
  const labels = Object.fromEntries(model.errors.map((e) => [e.field, fieldLabel(lang, e.field)]));
  const action = model.draft
    ? '/admin/providers/new'
    : `/admin/providers/${encodeURIComponent(model.provider.id)}`;
  const form = html`<form method="post" action="${action}" novalidate data-provider-form>
    ${csrfField(pc.csrf)}
    ${tabPanel(
      'general',
      html`<h2>${t(lang, TEXT.general)}</h2>
        ${inputField({ name: 'name', label: t(lang, TEXT.name), value: v.name, errors, required: true })}
        ${stateRadios(pc, local)} ${publishedToggle(pc, local)}
        ${inputField({ name: 'sequence', label: t(lang, TEXT.sequence), value: v.sequence, errors, inputmode: 'numeric' })}`,
    )}
    ${tabPanel(
      'credentials',
      html`<h2>${t(lang, TEXT.credentials)}</h2>
        <p class="hint">${t(lang, TEXT.credentialsIntro)}</p>
        ${model.secretsDropped ? html`<p class="flash error" role="alert">${t(lang, TEXT.retype)}</p>` : ''}
        ${inputField({ name: 'merchantIdentifier', label: t(lang, TEXT.merchantIdentifier), value: v.merchantIdentifier, errors, autocomplete: 'off', dir: 'ltr' })}
        ${secretField(pc, local, 'accessCode')} ${secretField(pc, local, 'shaRequestPhrase')}
        ${secretField(pc, local, 'shaResponsePhrase')}
        ${selectField({
          name: 'shaType',
          label: t(lang, TEXT.shaType),
          value: v.shaType,
          options: PROVIDER_SHA_TYPES.map((type) => ({ value: type, label: SHA_TYPE_LABELS[type] ?? type })),
          errors,
        })}`,
    )}
    ${configurationSection(pc, v, errors)} ${messagesSection(pc, v, errors)}
    <p class="sticky-actions" data-form-actions>
      <button type="submit">${t(lang, model.draft ? TEXT.create : TEXT.save)}</button>
    </p>
  </form>`;
  const panels = html`${form}${apsSettingsPanel(pc, model.aps, model.provider.state === 'enabled')}${
    model.applePay ? applePayPanel(pc, model.provider.id, model.applePay) : ''
  }${model.draft ? '' : credentialTestPanel(pc, model.provider, model.credentialTest)}`;
  const body = html`${header(pc, model)}${errorSummary(lang, model.errors, labels, { state: 'f-state' })}${tabs(pc, model)}
    <div class="tab-panels">${panels}</div>
    ${removal(pc, model)}`;
  // A refused save speaks through the summary on top; the flash carries other news only.
  const flash = model.flash;
  return adminDocument(pc, {
    title: model.draft ? t(lang, TEXT.newTitle) : model.provider.name,
    body,
    active: 'providers',
    ...(flash ? { flash } : {}),
  });
}
