/**
 * The provider page's Apple Pay section (S19): APS' own Apple Pay credentials (access code, SHA
 * request/response phrases, SHA type), Apple's merchant identifier, the merchant identity certificate
 * and its key (pasted in PEM form; the key is write-only), and the domain-association file served at
 * `/.well-known/apple-developer-merchantid-domain-association`. Its own form, so a problem in it never
 * blocks the card settings, and a refused save keeps nothing.
 */
import type { FieldError } from '../../../errors.js';
import { PROVIDER_SHA_TYPES } from '../../../domain/provider.js';
import type { ApplePayView } from '../../../services/apple-pay-settings.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { csrfField, errorFor, fieldId, inputField, selectField } from './components.js';
import type { PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Apple Pay', ar: 'Apple Pay' },
  intro: {
    en: 'Apple Pay has its own credentials at APS (Integration Settings ‣ Apple Pay) and its own certificate from Apple. Secrets are encrypted and never shown again; leave them empty to keep the saved ones.',
    ar: 'لـ Apple Pay بيانات اعتماد خاصة لدى APS وشهادة خاصة من Apple. تُشفَّر الأسرار ولا تُعرض مرة أخرى؛ اتركها فارغة للإبقاء على المحفوظة.',
  },
  configured: { en: 'Apple Pay is configured.', ar: 'تم إعداد Apple Pay.' },
  notConfigured: { en: 'Apple Pay is not configured.', ar: 'لم يتم إعداد Apple Pay.' },
  appleMerchantId: { en: 'Apple merchant identifier', ar: 'معرّف التاجر لدى Apple' },
  accessCode: { en: 'Apple Pay Access Code', ar: 'رمز الوصول لـ Apple Pay' },
  shaRequestPhrase: { en: 'Apple Pay SHA Request Phrase', ar: 'عبارة طلب SHA لـ Apple Pay' },
  shaResponsePhrase: { en: 'Apple Pay SHA Response Phrase', ar: 'عبارة استجابة SHA لـ Apple Pay' },
  shaType: { en: 'Apple Pay SHA Type', ar: 'نوع SHA لـ Apple Pay' },
  certificate: { en: 'Merchant identity certificate (PEM)', ar: 'شهادة هوية التاجر (PEM)' },
  privateKey: { en: 'Key of the certificate (PEM)', ar: 'مفتاح الشهادة (PEM)' },
  domainAssociation: { en: 'Domain-association file', ar: 'ملف ربط النطاق' },
  set: { en: 'set (leave empty to keep)', ar: 'محفوظ (اتركه فارغًا للإبقاء عليه)' },
  notSet: { en: 'not set', ar: 'غير محدد' },
  save: { en: 'Save Apple Pay', ar: 'حفظ Apple Pay' },
  notSaved: { en: 'The Apple Pay settings were not saved:', ar: 'لم تُحفظ إعدادات Apple Pay:' },
} satisfies Record<string, Text>;

/** What the section shows: the stored view, and after a refused save the errors and typed public values. */
export interface ApplePayPanelModel {
  view: ApplePayView;
  errors?: FieldError[];
  values?: { appleMerchantId: string; shaType: string; certificate: string; domainAssociation: string };
}

function textarea(
  name: string,
  label: string,
  value: string,
  errors: readonly FieldError[],
  hint?: string,
): SafeHtml {
  const id = fieldId(name);
  const error = errorFor(errors, name);
  return html`<div class="field${error ? ' has-error' : ''}">
    <label class="field" for="${id}">${label}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : ''}
    <textarea id="${id}" name="${name}" rows="4" spellcheck="false" dir="ltr"${
      error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''
    }>${value}</textarea>
    <input
      type="file"
      class="file-into"
      data-file-into="${id}"
      accept=".pem,.crt,.cer,.key,.txt,text/plain"
      aria-label="${label}"
      hidden
    />
    ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** The Apple Pay section and its form. */
export function applePayPanel(pc: PageContext, providerId: string, model: ApplePayPanelModel): SafeHtml {
  const lang = pc.lang;
  const errors = model.errors ?? [];
  const { view } = model;
  const values = model.values ?? {
    appleMerchantId: view.appleMerchantId,
    shaType: view.shaType,
    certificate: view.certificatePem,
    domainAssociation: view.domainAssociation,
  };
  const secretHint = (set: boolean) => t(lang, set ? TEXT.set : TEXT.notSet);
  return html`<section class="card" id="apple-pay" data-tab-panel>
    <h2>${t(lang, TEXT.title)}</h2>
    <p class="hint">${t(lang, TEXT.intro)}</p>
    <p class="apple-pay-status">
      ${t(lang, view.configured ? TEXT.configured : TEXT.notConfigured)}
      ${view.certificateSummary ? html`<br /><small dir="ltr">${view.certificateSummary}</small>` : ''}
    </p>
    ${
      errors.length > 0
        ? html`<div class="flash error" role="alert">
          <p>${t(lang, TEXT.notSaved)}</p>
          <ul>
            ${errors.map((e) => html`<li>${e.message}</li>`)}
          </ul>
        </div>`
        : ''
    }
    <form method="post" action="/admin/providers/${encodeURIComponent(providerId)}/apple-pay#apple-pay">
      ${csrfField(pc.csrf)}
      ${inputField({
        name: 'applePay.appleMerchantId',
        label: t(lang, TEXT.appleMerchantId),
        value: values.appleMerchantId,
        errors,
        placeholder: 'merchant.com.example.shop',
        dir: 'ltr',
      })}
      ${inputField({
        name: 'applePay.accessCode',
        label: t(lang, TEXT.accessCode),
        type: 'password',
        errors,
        hint: secretHint(view.secretsSet.accessCode),
        autocomplete: 'off',
      })}
      ${inputField({
        name: 'applePay.shaRequestPhrase',
        label: t(lang, TEXT.shaRequestPhrase),
        type: 'password',
        errors,
        hint: secretHint(view.secretsSet.shaRequestPhrase),
        autocomplete: 'off',
      })}
      ${inputField({
        name: 'applePay.shaResponsePhrase',
        label: t(lang, TEXT.shaResponsePhrase),
        type: 'password',
        errors,
        hint: secretHint(view.secretsSet.shaResponsePhrase),
        autocomplete: 'off',
      })}
      ${selectField({
        name: 'applePay.shaType',
        label: t(lang, TEXT.shaType),
        value: values.shaType,
        options: PROVIDER_SHA_TYPES.map((type) => ({ value: type, label: type })),
        errors,
      })}
      ${textarea('applePay.certificate', t(lang, TEXT.certificate), values.certificate, errors)}
      ${textarea('applePay.privateKey', t(lang, TEXT.privateKey), '', errors, secretHint(view.secretsSet.privateKey))}
      ${textarea('applePay.domainAssociation', t(lang, TEXT.domainAssociation), values.domainAssociation, errors)}
      <button type="submit">${t(lang, TEXT.save)}</button>
    </form>
  </section>`;
}
