/**
 * The status page (S10, Odoo's `payment.state_header`): the state of one transaction with the
 * provider's message for it, amount and references. While the outcome is open it carries the poll URL
 * for `/assets/status.js` and a Refresh link for browsers without JavaScript; once final it offers the
 * way back to the merchant, or is itself the confirmation.
 */
import type { Language } from '../../domain/locale.js';
import {
  getCardBrand,
  getPaymentMethod,
  isCardBrand,
  isPaymentMethodCode,
} from '../../domain/payment-methods.js';
import {
  DEFAULT_PROVIDER_MESSAGES,
  providerMessage,
  type ProviderConfig,
  type ProviderMessageKind,
} from '../../domain/provider.js';
import type { FailureKind } from '../../services/payment-failure.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { TransactionState } from '../../store/schema.js';
import { html, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import { amountHtml, detailList, languageSwitch } from './parts.js';
import { isLandingUrl } from './pay-link.js';
import { t, type TextKey } from './text.js';

/** States after which the customer page stops waiting (Odoo's final set for the status page). */
const SETTLED_STATES: readonly TransactionState[] = ['authorized', 'done', 'cancel', 'error'];

/** True when the status page no longer needs to poll for `state`. */
export function isSettledForCustomer(state: TransactionState): boolean {
  return SETTLED_STATES.includes(state);
}

const PRESENTATION: Record<
  TransactionState,
  { title: TextKey; message: ProviderMessageKind | TextKey; tone: 'ok' | 'wait' | 'bad' }
> = {
  draft: { title: 'stateDraftTitle', message: 'stateDraftBody', tone: 'wait' },
  pending: { title: 'statePendingTitle', message: 'pending', tone: 'wait' },
  authorized: { title: 'stateAuthorizedTitle', message: 'authorized', tone: 'ok' },
  done: { title: 'stateDoneTitle', message: 'done', tone: 'ok' },
  cancel: { title: 'stateCancelTitle', message: 'cancel', tone: 'bad' },
  error: { title: 'stateErrorTitle', message: 'stateErrorBody', tone: 'bad' },
};

function isProviderKind(value: string): value is ProviderMessageKind {
  return value in DEFAULT_PROVIDER_MESSAGES;
}

/** The sentence shown for `state`: the provider's own message when it has one for that state. */
export function stateText(provider: ProviderConfig | null, state: TransactionState, lang: Language): string {
  const kind = PRESENTATION[state].message;
  if (!isProviderKind(kind)) return t(lang, kind);
  if (provider) return providerMessage(provider, kind, lang);
  const text = DEFAULT_PROVIDER_MESSAGES[kind];
  return text[lang] || text.en;
}

function methodText(tx: TransactionRecord, lang: Language): string | null {
  if (!isPaymentMethodCode(tx.paymentMethod)) return null;
  const method = getPaymentMethod(tx.paymentMethod).name[lang];
  const brand = tx.cardBrand && isCardBrand(tx.cardBrand) ? getCardBrand(tx.cardBrand).name[lang] : null;
  const last4 = tx.cardLast4 ? ` •••• ${tx.cardLast4}` : '';
  return brand ? `${brand}${last4}` : `${method}${last4}`;
}

/**
 * The transaction's landing URL when it is safe to send a browser to (http or https); other schemes
 * (`javascript:`, `data:`) are never linked to or navigated to, whatever stored them.
 */
export function customerLandingUrl(tx: Pick<TransactionRecord, 'landingUrl'>): string | null {
  return tx.landingUrl !== null && isLandingUrl(tx.landingUrl) ? tx.landingUrl : null;
}

/** The customer's words for each kind of failure (S21): a headline and what to do about it. */
const FAILURE_TEXT: Record<FailureKind, { title: TextKey; body: TextKey }> = {
  declined: { title: 'failureDeclinedTitle', body: 'failureDeclinedBody' },
  card_rejected: { title: 'failureCardTitle', body: 'failureCardBody' },
  cancelled: { title: 'failureCancelledTitle', body: 'failureCancelledBody' },
  other: { title: 'failureOtherTitle', body: 'failureOtherBody' },
};

/** What the status page shows. */
export interface StatusPageModel {
  lang: Language;
  transaction: TransactionRecord;
  provider: ProviderConfig | null;
  /** This page's own path (Refresh link, language switch). */
  path: string;
  pollPath: string;
  /** Why a failed or cancelled payment did not go through; null for other states. */
  failure: FailureKind | null;
  /** The payment page to try again on, while its link takes a new attempt; null otherwise. */
  tryAgainPath: string | null;
}

function onwardLinks(model: StatusPageModel): SafeHtml {
  const { lang, transaction: tx } = model;
  const landing = customerLandingUrl(tx);
  if (!model.tryAgainPath && !landing) return html``;
  return html`<p class="actions">
    ${model.tryAgainPath ? html`<a class="button" href="${model.tryAgainPath}">${t(lang, 'tryAgain')}</a>` : ''}
    ${
      landing
        ? html`<a class="button${model.tryAgainPath ? ' secondary' : ''}" href="${landing}" rel="noreferrer"
          >${t(lang, 'continueToMerchant')}</a
        >`
        : ''
    }
  </p>`;
}

/** Renders the status page. */
export function statusPage(model: StatusPageModel): string {
  const { lang, transaction: tx } = model;
  const presentation = PRESENTATION[tx.state];
  const settled = isSettledForCustomer(tx.state);
  // A failure is explained in the customer's words by its kind; the provider's own wording
  // ("Invalid parameter format") is for operators and stays in the back office.
  const failure = model.failure ? FAILURE_TEXT[model.failure] : null;
  const title = t(lang, failure ? failure.title : presentation.title);
  const explanation = failure
    ? html`<p class="state-text">${t(lang, failure.body)}</p>
        <p class="no-charge"><strong>${t(lang, 'noMoneyTaken')}</strong></p>`
    : html`<p class="state-text">${stateText(model.provider, tx.state, lang)}</p>`;
  const waiting: SafeHtml = html`<p class="refresh">
    <a class="button secondary" href="${model.path}">${t(lang, 'refresh')}</a>
    <span class="muted">${t(lang, 'refreshHint')}</span>
  </p>`;
  const pollAttributes = settled ? html`` : html` data-poll-url="${model.pollPath}" data-state="${tx.state}"`;
  const body = html`${languageSwitch(model.path, lang)}
    <main id="main">
      <section
        class="card status status-${presentation.tone}"
        ${pollAttributes}
        role="status"
        aria-live="polite"
      >
        <h1 class="state ${tx.state}">${title}</h1>
        ${explanation}
        ${detailList([
          [t(lang, 'amount'), amountHtml(tx.amount, tx.currency, lang)],
          [t(lang, 'orderReference'), tx.orderReference],
          [t(lang, 'paymentReference'), html`<bdi dir="ltr">${tx.reference}</bdi>`],
          [t(lang, 'paymentMethod'), methodText(tx, lang)],
        ])}
        ${settled ? onwardLinks(model) : waiting}
      </section>
    </main>`;
  return page({ lang, title, body, scripts: settled ? [] : ['/assets/status.js'] });
}
