/**
 * The hosted payment page as the customer sees it, in English or Arabic (`dir="rtl"`), styled by the
 * account's Payment Page Template: the card form, the 3-D Secure step, the auto-submitting return to
 * the merchant, and the short pages for refused requests and finished sessions. Inline script and
 * style carry the answer's CSP nonce.
 */
import { TEST_CARDS } from './cards.js';
import { hiddenInputs, html, trusted, type SafeHtml } from './html.js';
import { labels, responseMessage, type Language } from './messages.js';
import type { MerchantAccount, SimToken } from './model.js';
import { formatAmount } from './money.js';
import { MAGIC_HOLDER_NAMES, type CardProblem } from './outcomes.js';
import type { Fields } from './responses.js';
import { hostedPageCss } from './styles.js';

/** Presentation of one hosted page: language, template and CSP nonce. */
export interface PageFrame {
  language: Language;
  nonce: string;
  account: MerchantAccount | undefined;
  /** Origins allowed to frame this page (the Merchant Page); none when absent. */
  frameAncestors?: readonly string[];
}

export function layout(frame: PageFrame, title: string, body: SafeHtml): string {
  const pageTitle = frame.account?.pageTitle || 'Amazon Payment Services';
  const logo = frame.account?.logoUrl;
  return html`<!doctype html>
    <html lang="${frame.language}" dir="${frame.language === 'ar' ? 'rtl' : 'ltr'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${pageTitle}</title>
        <style nonce="${frame.nonce}">
          ${trusted(hostedPageCss(frame.account?.primaryColour))}
        </style>
      </head>
      <body>
        <header>${logo ? html`<img src="${logo}" alt="" />` : ''}<strong>${pageTitle}</strong></header>
        <main>${body}</main>
      </body>
    </html>`.value;
}

export function summary(frame: PageFrame, request: Fields): SafeHtml {
  const t = labels(frame.language);
  return html`<div class="summary">
    <span>${t.amount}</span
    ><strong><bdi>${formatAmount(request.amount ?? '0', request.currency ?? '')}</bdi></strong>
    <span>${t.reference}</span><span>${request.merchant_reference ?? ''}</span>
  </div>`;
}

/** The sandbox table of test cards and magic card holder names shown under the form. */
export function testCardsTable(language: Language): SafeHtml {
  const t = labels(language);
  return html`<details open>
    <summary>${t.testCards}</summary>
    <p class="badge">${t.sandbox}</p>
    <table>
      <thead>
        <tr>
          <th>${t.card}</th>
          <th>${t.cvv}</th>
          <th>${t.result}</th>
        </tr>
      </thead>
      <tbody>
        ${TEST_CARDS.map(
          (card) =>
            html`<tr>
              <td lang="en" dir="ltr"><code>${card.number}</code> ${card.brand}</td>
              <td><code>${card.securityCode}</code></td>
              <td lang="en" dir="ltr">
                ${card.behaviour === 'local' ? `${card.paymentOption} (local method)` : card.behaviour}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p lang="en" dir="ltr">
      Any future expiry date (YYMM, e.g. <code>3005</code>). Any Luhn-valid number of an enabled brand also
      succeeds.
    </p>
    <table>
      <thead>
        <tr>
          <th>${t.holderNameMagic}</th>
          <th>${t.result}</th>
        </tr>
      </thead>
      <tbody>
        ${MAGIC_HOLDER_NAMES.map(
          (magic) =>
            html`<tr>
              <td><code>${magic.name}</code></td>
              <td lang="en" dir="ltr">${magic.description}</td>
            </tr>`,
        )}
        <tr>
          <td>${t.cancel}</td>
          <td lang="en" dir="ltr">cancelled by the customer (00072)</td>
        </tr>
        <tr>
          <td>—</td>
          <td lang="en" dir="ltr">
            a mistyped number, expiry or CVV is shown here to correct · wrong OTP 030 · after 30 minutes 00778
          </td>
        </tr>
      </tbody>
    </table>
  </details>`;
}

/** The message shown under a card field the customer must correct. */
function problemText(frame: PageFrame, problem: CardProblem): string {
  const t = labels(frame.language);
  if (problem.problem === 'missing') return t.missing;
  if (problem.field === 'card_security_code') return t.invalidSecurityCode;
  return responseMessage(problem.messageCode, frame.language);
}

/** One card input with its label and, when the customer must correct it, its error. */
export function cardInput(
  frame: PageFrame,
  name: CardProblem['field'],
  label: string,
  problems: readonly CardProblem[],
  attributes: { autocomplete: string; maxlength: string; placeholder?: string; pattern?: string },
): SafeHtml {
  const problem = problems.find((p) => p.field === name);
  const error = problem
    ? html`<p class="field-error" id="${name}-error" data-field="${name}" data-code="${problem.messageCode}">
        ${problemText(frame, problem)}
      </p>`
    : '';
  return html`<label for="${name}">${label}</label>
    <input
      id="${name}"
      name="${name}"
      inputmode="numeric"
      autocomplete="${attributes.autocomplete}"
      required
      maxlength="${attributes.maxlength}"
      ${attributes.placeholder ? html`placeholder="${attributes.placeholder}"` : ''}
      ${attributes.pattern ? html`pattern="${attributes.pattern}"` : ''}
      ${problem ? html`aria-invalid="true" aria-describedby="${name}-error"` : ''}
    />${error}`;
}

/**
 * The card number and expiry inputs, or — for a saved card — its masked number and expiry, which the
 * customer does not type again. Shared by the hosted page and the Merchant Page.
 */
export function cardNumberFields(
  frame: PageFrame,
  problems: readonly CardProblem[],
  saved: SimToken | undefined,
): SafeHtml {
  const t = labels(frame.language);
  return saved
    ? html`<p>
        ${t.savedCard}: <code id="saved-card">${saved.maskedNumber}</code>
        <span lang="en" dir="ltr">${saved.expiryDate}</span>
      </p>`
    : html`${cardInput(frame, 'card_number', t.cardNumber, problems, {
        autocomplete: 'cc-number',
        maxlength: '23',
      })}
      ${cardInput(frame, 'expiry_date', t.expiryDate, problems, {
        autocomplete: 'off',
        maxlength: '4',
        placeholder: 'YYMM',
        pattern: '[0-9]{4}',
      })}`;
}

/**
 * The card form: `card_number`, `expiry_date` (YYMM), `card_security_code`, `card_holder_name`,
 * Cancel. `problems` marks the fields to correct; the typed values are not shown again (a card number
 * never goes back into a page).
 */
export function cardPage(
  frame: PageFrame,
  action: string,
  request: Fields,
  problems: readonly CardProblem[] = [],
  saved?: SimToken,
): string {
  const t = labels(frame.language);
  const names: Record<string, string> = {
    card_number: t.cardNumber,
    expiry_date: t.expiryDate,
    card_security_code: t.securityCode,
  };
  const onlyMissing = problems.every((p) => p.problem === 'missing');
  const error =
    problems.length > 0
      ? html`<p class="error" role="alert">
          ${onlyMissing ? t.missing : t.correct}: ${problems.map((p) => names[p.field] ?? p.field).join(', ')}
        </p>`
      : '';
  return layout(
    frame,
    t.pay,
    html`${summary(frame, request)}${error}
      <form method="post" action="${action}">
        ${cardNumberFields(frame, problems, saved)}
        ${cardInput(frame, 'card_security_code', t.securityCode, problems, {
          autocomplete: 'cc-csc',
          maxlength: '4',
        })}
        ${
          saved
            ? ''
            : html`<label for="card_holder_name">${t.holderName}</label>
              <input id="card_holder_name" name="card_holder_name" autocomplete="cc-name" maxlength="50" />`
        }
        <div class="actions">
          <button class="primary" type="submit">${t.pay}</button>
          <button class="secondary" type="submit" name="cancel" value="1" formnovalidate>${t.cancel}</button>
        </div>
      </form>
      ${testCardsTable(frame.language)}`,
  );
}

/** The simulated 3-D Secure challenge; the sandbox shows the code to type. */
export function otpPage(
  frame: PageFrame,
  action: string,
  request: Fields,
  otp: string,
  maskedCard: string,
): string {
  const t = labels(frame.language);
  return layout(
    frame,
    t.otpTitle,
    html`<h1>${t.otpTitle}</h1>
      ${summary(frame, request)}
      <p><code>${maskedCard}</code></p>
      <p class="badge">${t.otpHint}: <strong class="otp" id="sandbox-otp">${otp}</strong></p>
      <form method="post" action="${action}">
        <label for="otp">${t.otpLabel}</label>
        <input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" required maxlength="6" />
        <div class="actions">
          <button class="primary" type="submit">${t.verify}</button>
          <button class="secondary" type="submit" name="cancel" value="1" formnovalidate>${t.cancel}</button>
        </div>
      </form>`,
  );
}

/** Sends the browser back to the merchant: a form POST that submits itself (or by button without JS). */
export function returnPage(frame: PageFrame, url: string, fields: Fields): string {
  const t = labels(frame.language);
  return layout(
    frame,
    t.redirecting,
    html`<p>${t.redirecting}</p>
      <form id="return" method="post" action="${url}">
        ${hiddenInputs(fields)}
        <noscript><button class="primary" type="submit">${t.continue}</button></noscript>
      </form>
      <script nonce="${frame.nonce}">
        document.getElementById('return').submit();
      </script>`,
  );
}

/** A short page with one message (finished session, dropped return, refused request, unknown session). */
export function messagePage(frame: PageFrame, title: string, lines: readonly string[]): string {
  return layout(
    frame,
    title,
    html`<h1>${title}</h1>
      ${lines.map((line) => html`<p>${line}</p>`)}`,
  );
}

/**
 * Content-Security-Policy of a hosted page: nonce'd inline style and script, forms to http(s). Only
 * the Merchant Page (and the 3-D Secure step of a token charge) may be framed, and only by the
 * merchant's own origins; the Redirection page never (APS: "do not iframe the hosted page").
 */
export function hostedPageCsp(nonce: string, frameAncestors: readonly string[] = []): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    'img-src http: https: data:',
    'form-action http: https:',
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
  ].join('; ');
}
