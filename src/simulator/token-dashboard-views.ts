/** The dashboard's Tokens page: every card token with its masked card, brand, expiry and status. */
import { html, type SafeHtml } from './html.js';
import type { SimToken } from './model.js';

/** The tokens table (newest first); never a full card number, there is none to show. */
export function tokensTable(tokens: readonly SimToken[]): SafeHtml {
  if (tokens.length === 0) {
    return html`<p>
      No tokens yet. The Merchant Page (<code>service_command=TOKENIZATION</code>) and hosted payments with
      <code>remember_me=YES</code> issue them.
    </p>`;
  }
  return html`<table>
    <thead>
      <tr>
        <th>token_name</th>
        <th>Merchant</th>
        <th>Card</th>
        <th>Brand</th>
        <th>Expiry (YYMM)</th>
        <th>Holder</th>
        <th>remember_me</th>
        <th>3-D Secure</th>
        <th>Status</th>
        <th>Updated</th>
      </tr>
    </thead>
    <tbody>
      ${[...tokens].reverse().map(
        (t) =>
          html`<tr data-token="${t.tokenName}">
            <td><code>${t.tokenName}</code></td>
            <td>${t.merchantIdentifier}</td>
            <td><code>${t.maskedNumber}</code></td>
            <td>${t.brand}</td>
            <td>${t.expiryDate}</td>
            <td>${t.holderName}</td>
            <td>${t.rememberMe}</td>
            <td>${t.threeDsEnrolled ? 'enrolled' : '—'}</td>
            <td>${t.status}</td>
            <td>${t.updatedAt}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
