/** The Configuration and Messages sections of the provider form. */
import { PAYMENT_METHODS } from '../../../domain/payment-methods.js';
import { PROVIDER_MESSAGE_KINDS, type ProviderMessageKind } from '../../../domain/provider.js';
import type { FieldError } from '../../../errors.js';
import type { ProviderSettingsInput } from '../../../services/provider-settings.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { fieldErrorLine, fieldId, inputField } from './components.js';
import { installmentsMinimumFields } from './installments-fields.js';
import type { PageContext } from './shell.js';
import { cardEntryField } from './provider-card-entry.js';

const TEXT = {
  configuration: { en: 'Configuration', ar: 'الإعدادات' },
  methods: { en: 'Payment methods', ar: 'طرق الدفع' },
  methodsHint: {
    en: 'Enable them in the APS back office too (Technical Settings ‣ Redirection ‣ Payment Options). Local methods only show for their country and currency.',
    ar: 'فعّلها أيضًا في لوحة تحكم APS (Technical Settings ‣ Redirection ‣ Payment Options). تظهر الطرق المحلية فقط لبلدها وعملتها.',
  },
  authorizable: { en: 'can be captured later', ar: 'يمكن تحصيلها لاحقًا' },
  purchaseOnly: { en: 'immediate payment only', ar: 'دفع فوري فقط' },
  limitedTo: { en: 'limited to', ar: 'مقتصرة على' },
  captureManually: {
    en: 'Capture amounts manually (authorize at checkout, capture later)',
    ar: 'تحصيل المبالغ يدويًا (تفويض عند الدفع والتحصيل لاحقًا)',
  },
  captureHint: {
    en: 'Only possible when every enabled payment method can be captured later (card).',
    ar: 'ممكن فقط عندما تدعم كل طرق الدفع المفعّلة التحصيل اللاحق (البطاقة).',
  },
  availability: { en: 'Availability', ar: 'التوفر' },
  currencies: { en: 'Currencies (empty = all)', ar: 'العملات (فارغ = الكل)' },
  countries: { en: 'Countries (empty = all)', ar: 'الدول (فارغ = الكل)' },
  codesHint: { en: 'Codes separated by commas, e.g. SAR, AED', ar: 'رموز مفصولة بفواصل، مثل SAR, AED' },
  countriesHint: {
    en: 'Two-letter codes separated by commas, e.g. SA, AE',
    ar: 'رموز من حرفين مفصولة بفواصل، مثل SA, AE',
  },
  minAmount: { en: 'Minimum amount (empty = none)', ar: 'الحد الأدنى للمبلغ (فارغ = بلا حد)' },
  maxAmount: { en: 'Maximum amount (empty = none)', ar: 'الحد الأقصى للمبلغ (فارغ = بلا حد)' },
  amountCurrency: { en: 'Currency of the minimum and maximum', ar: 'عملة الحدين الأدنى والأقصى' },
  amountHint: {
    en: 'Decimal amounts such as 10.00; the limits apply to payments in this currency.',
    ar: 'مبالغ عشرية مثل 10.00؛ تنطبق الحدود على المدفوعات بهذه العملة.',
  },
  endpoints: { en: 'Endpoints', ar: 'نقاط الاتصال' },
  customBaseUrl: {
    en: 'Custom endpoint base URL (optional)',
    ar: 'عنوان أساسي مخصص لنقاط الاتصال (اختياري)',
  },
  customBaseHint: {
    en: 'Empty: APS sandbox in Test state, APS production when Enabled. Set it to use another host, e.g. the payport APS simulator (http://localhost:8081).',
    ar: 'فارغ: بيئة APS التجريبية في وضع الاختبار وبيئة APS الفعلية عند التفعيل. عيّنه لاستخدام مضيف آخر، مثل محاكي APS في payport (http://localhost:8081).',
  },
  messages: { en: 'Messages', ar: 'الرسائل' },
  messagesHint: {
    en: 'Shown to the customer as plain text, in their language (English is used when the Arabic text is empty).',
    ar: 'تُعرض للعميل كنص عادي بلغته (يُستخدم النص الإنجليزي عندما يكون النص العربي فارغًا).',
  },
  english: { en: 'English', ar: 'الإنجليزية' },
  arabic: { en: 'Arabic', ar: 'العربية' },
} satisfies Record<string, Text>;

const MESSAGE_KIND_TEXT: Record<ProviderMessageKind, Text> = {
  pre: { en: 'Before payment (under the method)', ar: 'قبل الدفع (أسفل طريقة الدفع)' },
  pending: { en: 'Payment pending', ar: 'الدفعة قيد الانتظار' },
  authorized: { en: 'Payment authorized', ar: 'الدفعة مفوّضة' },
  done: { en: 'Payment done', ar: 'تمت الدفعة' },
  cancel: { en: 'Payment cancelled', ar: 'أُلغيت الدفعة' },
};

function methodChoices(
  pc: PageContext,
  values: ProviderSettingsInput,
  errors: readonly FieldError[],
): SafeHtml {
  const lang = pc.lang;
  const items = PAYMENT_METHODS.map((method) => {
    const limits = [...method.countries, ...method.currencies];
    const detail = [
      t(lang, method.allowsAuthorization ? TEXT.authorizable : TEXT.purchaseOnly),
      limits.length > 0 ? `${t(lang, TEXT.limitedTo)} ${limits.join(' / ')}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return html`<li>
      <label class="choice"
        ><input
          type="checkbox"
          name="paymentMethods"
          value="${method.code}"
          ${values.paymentMethods.includes(method.code) ? html` checked` : ''}
        />
        ${method.name[lang]} <span class="muted">(${detail})</span></label
      >
    </li>`;
  });
  const hasError = errors.some((e) => e.field === 'paymentMethods');
  return html`<fieldset class="field${hasError ? ' has-error' : ''}" id="f-paymentMethods" tabindex="-1">
    <legend>${t(lang, TEXT.methods)}</legend>
    <p class="hint">${t(lang, TEXT.methodsHint)}</p>
    <ul class="plain">
      ${items}
    </ul>
    ${fieldErrorLine(errors, 'paymentMethods')}
  </fieldset>`;
}

/** The Configuration section: methods, manual capture, availability, endpoints. */
export function configurationSection(
  pc: PageContext,
  v: ProviderSettingsInput,
  errors: readonly FieldError[],
): SafeHtml {
  const lang = pc.lang;
  const captureId = fieldId('captureManually');
  return html`<section class="card" id="configuration" data-tab-panel>
    <h2>${t(lang, TEXT.configuration)}</h2>
    ${methodChoices(pc, v, errors)}
    <div class="field${errors.some((e) => e.field === 'captureManually') ? ' has-error' : ''}">
      <label class="choice" for="${captureId}"
        ><input
          type="checkbox"
          id="${captureId}"
          name="captureManually"
          value="on"
          ${v.captureManually ? html` checked` : ''}
        />
        ${t(lang, TEXT.captureManually)}</label
      >
      <p class="hint">${t(lang, TEXT.captureHint)}</p>
      ${fieldErrorLine(errors, 'captureManually')}
    </div>
    ${cardEntryField(pc, v.cardEntry, errors)}
    <h3>${t(lang, TEXT.availability)}</h3>
    ${inputField({ name: 'currencies', label: t(lang, TEXT.currencies), value: v.currencies, errors, hint: t(lang, TEXT.codesHint), dir: 'ltr' })}
    ${inputField({ name: 'countries', label: t(lang, TEXT.countries), value: v.countries, errors, hint: t(lang, TEXT.countriesHint), dir: 'ltr' })}
    <div class="grid-3">
      ${inputField({ name: 'minAmount', label: t(lang, TEXT.minAmount), value: v.minAmount, errors, inputmode: 'decimal', dir: 'ltr' })}
      ${inputField({ name: 'maxAmount', label: t(lang, TEXT.maxAmount), value: v.maxAmount, errors, inputmode: 'decimal', dir: 'ltr' })}
      ${inputField({ name: 'amountCurrency', label: t(lang, TEXT.amountCurrency), value: v.amountCurrency, errors, dir: 'ltr' })}
    </div>
    <p class="hint">${t(lang, TEXT.amountHint)}</p>
    ${installmentsMinimumFields(lang, v, errors)}
    <h3>${t(lang, TEXT.endpoints)}</h3>
    ${inputField({ name: 'customBaseUrl', label: t(lang, TEXT.customBaseUrl), value: v.customBaseUrl, type: 'url', errors, hint: t(lang, TEXT.customBaseHint), dir: 'ltr' })}
  </section>`;
}

function messageArea(
  name: string,
  label: string,
  value: string,
  errors: readonly FieldError[],
  dir: 'ltr' | 'rtl',
): SafeHtml {
  const id = fieldId(name);
  const hasError = errors.some((e) => e.field === name);
  return html`<div class="field${hasError ? ' has-error' : ''}">
    <label class="field" for="${id}">${label}</label>
    <textarea
      id="${id}"
      name="${name}"
      rows="2"
      dir="${dir}"
      maxlength="2000"
      ${hasError ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}
    >
${value}</textarea>
    ${fieldErrorLine(errors, name)}
  </div>`;
}

/** The Messages section: the five customer messages in English and Arabic. */
export function messagesSection(
  pc: PageContext,
  v: ProviderSettingsInput,
  errors: readonly FieldError[],
): SafeHtml {
  const lang = pc.lang;
  const groups = PROVIDER_MESSAGE_KINDS.map(
    (kind) =>
      html`<fieldset class="message-group">
        <legend>${t(lang, MESSAGE_KIND_TEXT[kind])}</legend>
        <div class="grid-2">
          ${messageArea(`messages.${kind}.en`, t(lang, TEXT.english), v.messages[kind].en, errors, 'ltr')}
          ${messageArea(`messages.${kind}.ar`, t(lang, TEXT.arabic), v.messages[kind].ar, errors, 'rtl')}
        </div>
      </fieldset>`,
  );
  return html`<section class="card" id="messages" data-tab-panel>
    <h2>${t(lang, TEXT.messages)}</h2>
    <p class="hint">${t(lang, TEXT.messagesHint)}</p>
    ${groups}
  </section>`;
}
