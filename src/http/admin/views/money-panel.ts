/**
 * The money of a payment on its detail page (S9): what was authorized, captured, refunded and is left,
 * with the discrepancy banner when the provider's books differ from the ledger.
 */
import { ledgerFromFigures } from '../../../domain/ledger.js';
import type { TransactionRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';
import { money, time } from './components.js';

const TEXT = {
  title: { en: 'Money', ar: 'المبالغ' },
  authorized: { en: 'Authorized', ar: 'المفوَّض' },
  captured: { en: 'Captured', ar: 'المحصَّل' },
  refunded: { en: 'Refunded', ar: 'المستردّ' },
  remaining: { en: 'Remaining', ar: 'المتبقي' },
  capturable: { en: 'left to capture', ar: 'متبقٍ للتحصيل' },
  refundable: { en: 'left to refund', ar: 'متبقٍ للاسترداد' },
  voided: { en: 'Released', ar: 'المُفرج عنه' },
  closed: {
    en: 'The authorization was closed after a partial capture: nothing more can be captured, and the rest is released when the issuer’s authorization expires.',
    ar: 'أُغلق التفويض بعد تحصيل جزئي: لا يمكن تحصيل المزيد، ويُفرج عن الباقي عند انتهاء صلاحية تفويض البنك المُصدر.',
  },
  discrepancy: { en: 'The APS books differ from payport’s ledger', ar: 'سجلات APS تختلف عن دفتر payport' },
  discrepancyHint: {
    en: 'Found by the status check of {time}. Check the transaction in the APS back office before acting.',
    ar: 'اكتُشف ذلك عند التحقق من الحالة في {time}. راجع المعاملة في لوحة APS قبل أي إجراء.',
  },
} satisfies Record<string, Text>;

/** The red banner of a payment whose ledger differs from the provider's books, or nothing. */
export function discrepancyBanner(lang: 'en' | 'ar', tx: TransactionRecord): SafeHtml {
  if (!tx.discrepancy) return html``;
  const [before, after] = t(lang, TEXT.discrepancyHint).split('{time}');
  return html`<section class="flash error discrepancy" role="alert" data-discrepancy>
    <strong>${t(lang, TEXT.discrepancy)}</strong>
    <p>${tx.discrepancy.text}</p>
    <p class="muted">${before}${time(tx.discrepancy.time, lang)}${after}</p>
  </section>`;
}

function figure(label: string, amount: SafeHtml, key: string, note?: SafeHtml): SafeHtml {
  return html`<div class="figure" data-figure="${key}">
    <dt>${label}</dt>
    <dd dir="ltr">${amount}${note ?? ''}</dd>
  </div>`;
}

/** The money panel of a payment (nothing for a capture, void or refund). */
export function moneyPanel(lang: 'en' | 'ar', tx: TransactionRecord): SafeHtml {
  if (tx.operation !== 'online_redirect') return html``;
  const l = ledgerFromFigures(tx.state, tx.ledger);
  const m = (minor: number) => html`${money(minor, tx.currency)}`;
  const closed = l.voided > 0 && l.captured > 0;
  const remaining =
    tx.state === 'authorized' && !closed
      ? html`${m(l.capturable)} <span class="muted">${t(lang, TEXT.capturable)}</span>`
      : html`${m(l.refundable)} <span class="muted">${t(lang, TEXT.refundable)}</span>`;
  return html`<section class="card money-panel" aria-labelledby="money-title">
    <h2 id="money-title">${t(lang, TEXT.title)}</h2>
    <dl class="figures">
      ${figure(t(lang, TEXT.authorized), m(l.authorized), 'authorized')}
      ${figure(t(lang, TEXT.captured), m(l.captured), 'captured')}
      ${figure(t(lang, TEXT.refunded), m(l.refunded), 'refunded')}
      ${figure(t(lang, TEXT.remaining), remaining, 'remaining')}
      ${l.voided > 0 ? figure(t(lang, TEXT.voided), m(l.voided), 'voided') : ''}
    </dl>
    ${closed ? html`<p class="muted">${t(lang, TEXT.closed)}</p>` : ''}
  </section>`;
}
