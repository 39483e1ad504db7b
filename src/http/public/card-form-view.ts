/**
 * The embedded card entry (S18): payport's page with the provider's Merchant Page in an iframe (the
 * signed form posts into the frame as the page loads), and the small page the provider's answer gets
 * inside that frame, which takes the whole window on (status page, or 3-D Secure).
 */
import { displayAmount } from '../../domain/amount-display.js';
import type { Language } from '../../domain/locale.js';
import type { RedirectForm } from '../../providers/provider.js';
import { html, type SafeHtml } from '../views/html.js';
import { page } from '../views/layout.js';
import { ct } from './card-text.js';
import { amountHtml } from './parts.js';

/** The frame's name, the form's target. */
export const CARD_FRAME_NAME = 'payport-card-frame';

/** The payment page step with the provider's card form in an iframe. */
export function cardFormPage(
  lang: Language,
  form: RedirectForm,
  payment: { amountMinor: number; currency: string; reference: string },
  note?: SafeHtml,
): string {
  const inputs = Object.entries(form.fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
  const amount = amountHtml(payment.amountMinor, payment.currency, lang);
  return page({
    lang,
    title: `${ct(lang, 'cardFormTitle')} · ${displayAmount(payment.amountMinor, payment.currency, lang)}`,
    scripts: ['/assets/autosubmit.js'],
    body: html`<main id="main">
      <h1>${ct(lang, 'cardFormTitle')}</h1>
      <section class="card summary">
        <p class="amount">${amount}</p>
        ${note ?? ''}
        <p class="muted">${ct(lang, 'cardFormBody')}</p>
      </section>
      <form method="post" action="${form.url}" target="${CARD_FRAME_NAME}" data-autosubmit>
        ${inputs}
        <noscript><button type="submit" class="wide">${ct(lang, 'cardFormShow')}</button></noscript>
      </form>
      <iframe
        class="card-frame"
        name="${CARD_FRAME_NAME}"
        id="card-frame"
        title="${ct(lang, 'cardFrameTitle')}"
        src="about:blank"
        width="100%"
        height="560"
      ></iframe>
    </main>`,
  });
}

/** The page inside the frame that takes the whole window to `href` (a link for pages without JavaScript). */
export function topNavigationPage(lang: Language, href: string): string {
  return page({
    lang,
    title: ct(lang, 'continueTitle'),
    scripts: ['/assets/top-navigate.js'],
    body: html`<main id="main">
      <p role="status">${ct(lang, 'continueTitle')}</p>
      <p><a href="${href}" target="_top" data-top>${ct(lang, 'continueLink')}</a></p>
    </main>`,
  });
}

/** The page inside the frame when the answer cannot be used (nothing was charged). */
export function cardProblemPage(lang: Language, kind: 'unverified' | 'unknown', back: string | null): string {
  return page({
    lang,
    title: ct(lang, kind === 'unknown' ? 'cardUnknownTitle' : 'cardUnverifiedTitle'),
    body: html`<main id="main">
      <div class="card" role="alert">
        <h1>${ct(lang, kind === 'unknown' ? 'cardUnknownTitle' : 'cardUnverifiedTitle')}</h1>
        <p>${ct(lang, 'cardUnverifiedBody')}</p>
        ${back ? html`<p><a href="${back}" target="_top">${ct(lang, 'continueLink')}</a></p>` : ''}
      </div>
    </main>`,
  });
}
