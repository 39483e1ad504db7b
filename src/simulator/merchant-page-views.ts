/**
 * The Merchant Page (APS "standard merchant page", MP1): the card form APS serves into the merchant's
 * iframe for `service_command=TOKENIZATION` — `card_number`, `expiry_date` (YYMM),
 * `card_security_code`, `card_holder_name` and the `remember_me` box — and, for a token the merchant
 * names, the same form with the saved card shown and only the security code asked.
 */
import { cardInput, cardNumberFields, testCardsTable, type PageFrame } from './hosted-page-views.js';
import { html, trusted, type SafeHtml } from './html.js';
import { labels } from './messages.js';
import type { SimToken } from './model.js';
import type { CardProblem } from './outcomes.js';
import { hostedPageCss } from './styles.js';

function layout(frame: PageFrame, title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="${frame.language}" dir="${frame.language === 'ar' ? 'rtl' : 'ltr'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style nonce="${frame.nonce}">
          ${trusted(hostedPageCss(frame.account?.primaryColour))}
        </style>
      </head>
      <body class="merchant-page">
        <main>${body}</main>
      </body>
    </html>`.value;
}

/**
 * The tokenization card form. `saved` is the merchant-named token whose card is shown (masked) so
 * that only the security code is typed; `problems` marks the fields to correct.
 */
export function merchantCardPage(
  frame: PageFrame,
  action: string,
  problems: readonly CardProblem[],
  saved: SimToken | undefined,
): string {
  const t = labels(frame.language);
  const error = problems.length > 0 ? html`<p class="error" role="alert">${t.correct}</p>` : '';
  const cardFields = cardNumberFields(frame, problems, saved);
  return layout(
    frame,
    t.cardNumber,
    html`${error}
      <form method="post" action="${action}">
        ${cardFields}
        ${cardInput(frame, 'card_security_code', t.securityCode, problems, {
          autocomplete: 'cc-csc',
          maxlength: '4',
        })}
        ${
          saved
            ? ''
            : html`<label for="card_holder_name">${t.holderName}</label>
              <input id="card_holder_name" name="card_holder_name" autocomplete="cc-name" maxlength="50" />
              <label class="check"
                ><input type="checkbox" id="remember_me" name="remember_me" value="YES" /> ${t.rememberMe}</label
              >`
        }
        <div class="actions">
          <button class="primary" type="submit">${t.useCard}</button>
          <button class="secondary" type="submit" name="cancel" value="1" formnovalidate>${t.cancel}</button>
        </div>
      </form>
      ${testCardsTable(frame.language)}`,
  );
}
