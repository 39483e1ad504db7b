/**
 * The payment page (S10, Odoo's `payment.form`): what is paid, the compatible methods as one radio
 * group with logos and test-mode badges, an email field when the email is unknown, and one Pay button.
 * A plain form: it works without JavaScript, and errors are shown next to their field.
 */
import { displayAmount } from '../../domain/amount-display.js';
import type { Language } from '../../domain/locale.js';
import { methodRules } from '../../domain/method-rules.js';
import { getCardBrand, type PaymentMethod } from '../../domain/payment-methods.js';
import { providerMessage, type CompatibleMethod } from '../../domain/provider.js';
import { formatMinorUnits } from '../../domain/money.js';
import { html, raw, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import type { CheckoutIntent } from './checkout-intent.js';
import { countryRow } from './country-question.js';
import { amountHtml, languageSwitch, paymentSummary } from './parts.js';
import { t, type TextKey } from './text.js';
import { saveCardField, savedCardRows, type SavedCardOption } from './saved-card-options.js';

/** Field errors of a submitted payment form (text keys, translated when rendered). */
export interface CheckoutErrors {
  email?: TextKey;
  payment_method?: TextKey;
  phone?: TextKey;
}

/** Everything the payment page shows. */
export interface PaymentPageModel {
  lang: Language;
  intent: CheckoutIntent;
  options: CompatibleMethod[];
  formToken: string;
  /** Current path, for the language switch (GET pages only). */
  path?: string;
  errors?: CheckoutErrors;
  /** Values to keep after a failed submission. */
  entered?: { email?: string; choice?: string; phone?: string };
  /** A returning customer's saved cards (S18), offered before the methods. */
  savedCards?: SavedCardOption[];
}

/** The form value that names one option: provider id and method code. */
export function choiceValue(option: CompatibleMethod): string {
  return `${option.provider.id}:${option.method.code}`;
}

/** Splits a submitted choice back into provider id and method code; null when malformed. */
export function parseChoice(value: unknown): { providerId: string; paymentMethod: string } | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const at = value.lastIndexOf(':');
  if (at <= 0 || at === value.length - 1) return null;
  return { providerId: value.slice(0, at), paymentMethod: value.slice(at + 1) };
}

function logos(method: PaymentMethod): SafeHtml {
  // Card brands tell the customer which cards work, so they are announced; a local method's logo
  // repeats its name, so it is hidden from screen readers.
  if (method.brands.length > 0) {
    return html`<span class="logos"
      >${method.brands.slice(0, 4).map((brand) => raw(getCardBrand(brand).logoSvg))}</span
    >`;
  }
  return html`<span class="logos" aria-hidden="true">${raw(method.logoSvg)}</span>`;
}

function methodRow(
  model: PaymentPageModel,
  option: CompatibleMethod,
  index: number,
  checked: boolean,
): SafeHtml {
  const { lang } = model;
  const id = `method-${index}`;
  const note = providerMessage(option.provider, 'pre', lang);
  const describedBy = [note ? `${id}-note` : '', model.errors?.payment_method ? 'payment_method-error' : '']
    .filter(Boolean)
    .join(' ');
  return html`<li>
    <label for="${id}" class="method">
      <input
        type="radio"
        id="${id}"
        name="payment_method"
        value="${choiceValue(option)}"
        required${checked ? raw(' checked') : ''}${
          describedBy ? html` aria-describedby="${describedBy}"` : ''
        }
      />
      <span class="method-name">${option.method.name[lang]}</span>
      ${logos(option.method)}
      ${option.provider.state === 'test' ? html`<span class="badge">${t(lang, 'testMode')}</span>` : ''}
      ${option.provider.isPublished ? '' : html`<span class="badge off">${t(lang, 'unpublished')}</span>`} </label
    >${note ? html`<p class="method-note muted" id="${id}-note">${note}</p>` : ''}
  </li>`;
}

function errorSummary(lang: Language, errors: CheckoutErrors): SafeHtml {
  const entries = (['email', 'payment_method', 'phone'] as const).filter((field) => errors[field]);
  if (entries.length === 0) return html``;
  return html`<div class="error-summary card" role="alert" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">${t(lang, 'errorSummary')}</h2>
    <ul>
      ${entries.map(
        (field) =>
          html`<li>
            <a href="#${field === 'payment_method' ? 'method-0' : field}">${t(lang, errors[field] as TextKey)}</a>
          </li>`,
      )}
    </ul>
  </div>`;
}

function emailField(model: PaymentPageModel): SafeHtml {
  const { lang } = model;
  const error = model.errors?.email;
  const value = model.entered?.email ?? model.intent.email ?? '';
  return html`<div class="field">
    <label class="field" for="email">${t(lang, 'emailLabel')}</label>
    <p class="muted hint" id="email-hint">${t(lang, 'emailHint')}</p>
    ${error ? html`<p class="error-text" id="email-error">${t(lang, error)}</p>` : ''}
    <input
      type="email"
      id="email"
      name="email"
      value="${value}"
      autocomplete="email"
      inputmode="email"
      maxlength="254"
      dir="ltr"
      required
      aria-describedby="email-hint${error ? ' email-error' : ''}"
      ${error ? raw(' aria-invalid="true"') : ''}
    />
  </div>`;
}

/**
 * The Apple Pay buttons (S19), hidden until `apple-pay.js` finds `ApplePaySession` in the browser; one
 * per provider offering Apple Pay. They carry what the payment sheet needs.
 */
function applePayButtons(model: PaymentPageModel): SafeHtml {
  const wallets = model.options.filter((option) => option.method.code === 'apple_pay');
  if (wallets.length === 0) return html``;
  const amount = formatMinorUnits(model.intent.amountMinor, model.intent.currency);
  const label = model.intent.description ?? model.intent.orderReference ?? t(model.lang, 'paymentTitle');
  return html`<div class="apple-pay" data-apple-pay hidden>
    ${wallets.map(
      (option) =>
        html`<button
          type="button"
          class="wide apple-pay-button"
          data-method="apple_pay"
          data-provider="${option.provider.id}"
          data-amount="${amount}"
          data-currency="${model.intent.currency}"
          data-label="${label}"
          lang="en"
          hidden
        >
          Apple Pay
        </button>`,
    )}
  </div>`;
}

/**
 * The mobile number Tabby and valU need (S20), asked once for the methods that need it; the server
 * checks it only when such a method is chosen, so it is not `required` here.
 */
function phoneField(model: PaymentPageModel): SafeHtml {
  const { lang } = model;
  const error = model.errors?.phone;
  return html`<div class="field" data-for-methods="tabby valu">
    <label class="field" for="phone">${t(lang, 'phoneLabel')}</label>
    <p class="muted hint" id="phone-hint">${t(lang, 'phoneHint')}</p>
    ${error ? html`<p class="error-text" id="phone-error">${t(lang, error)}</p>` : ''}
    <input
      type="tel"
      id="phone"
      name="phone"
      value="${model.entered?.phone ?? ''}"
      autocomplete="tel"
      inputmode="tel"
      maxlength="20"
      dir="ltr"
      aria-describedby="phone-hint${error ? ' phone-error' : ''}"
      ${error ? raw(' aria-invalid="true"') : ''}
    />
  </div>`;
}

/** Renders the payment page. */
export function paymentPage(model: PaymentPageModel): string {
  const { lang, intent, options } = model;
  const errors = model.errors ?? {};
  const amount = amountHtml(intent.amountMinor, intent.currency, lang);
  // The button shows the amount with the summary's very markup, so both read in the same order.
  const [payBefore = '', payAfter = ''] = t(lang, 'payButton').split('{amount}');
  const askEmail = intent.email === null || errors.email !== undefined;
  const selected =
    model.entered?.choice ?? (options.length === 1 && options[0] ? choiceValue(options[0]) : undefined);
  const body = html`${model.path ? languageSwitch(model.path, lang) : ''}
    <main id="main">
      <h1>${t(lang, 'paymentTitle')}</h1>
      ${errorSummary(lang, errors)}
      ${paymentSummary(lang, amount, [
        [t(lang, 'orderReference'), intent.orderReference],
        [t(lang, 'description'), intent.description],
        [t(lang, 'customerName'), intent.name],
        [t(lang, 'email'), askEmail ? null : html`<bdi dir="ltr">${intent.email}</bdi>`],
        [t(lang, 'countryLabel'), countryRow(intent, lang)],
      ])}
      <form class="card checkout" method="post" action="/payment/transaction">
        <input type="hidden" name="form_token" value="${model.formToken}" />
        <input type="hidden" name="lang" value="${lang}" />
        <input type="hidden" name="page" value="${intent.pagePath}" />
        ${intent.country ? html`<input type="hidden" name="country" value="${intent.country}" />` : ''}
        ${askEmail ? emailField(model) : ''}
        <fieldset class="methods-group">
          <legend>${t(lang, 'chooseMethod')}</legend>
          ${errors.payment_method ? html`<p class="error-text" id="payment_method-error">${t(lang, errors.payment_method)}</p>` : ''}
          <ul class="methods">
            ${savedCardRows(lang, model.savedCards ?? [], selected)}
            ${options
              .filter((option) => option.method.code !== 'apple_pay')
              .map((option, index) => methodRow(model, option, index, choiceValue(option) === selected))}
          </ul>
        </fieldset>
        ${intent.customerId ? saveCardField(lang) : ''}
        ${applePayButtons(model)}
        ${options.some((o) => methodRules(o.method.code).requires.includes('customer.phone')) ? phoneField(model) : ''}
        <button type="submit" class="wide pay">${payBefore}${amount}${payAfter}</button>
        <p class="muted secure-note">${t(lang, 'secureNote')}</p>
      </form>
    </main>`;
  const wallet = options.some((option) => option.method.code === 'apple_pay');
  return page({
    lang,
    title: `${t(lang, 'paymentTitle')} · ${displayAmount(intent.amountMinor, intent.currency, lang)}`,
    body,
    ...(wallet && { scripts: ['/assets/apple-pay.js'] }),
  });
}
