/**
 * The dashboard's "Back-office operations" form on a transaction page (what a merchant does by hand
 * in APS' back office) and the banner that explains a refused or invalid operation.
 */
import type { FieldError } from '../errors.js';
import { html, type SafeHtml } from './html.js';
import type { SimTransaction } from './model.js';
import { formatAmount } from './money.js';

/** The form: command and amount in minor units, posted to `…/operations` (same-site posts only). */
export function backOfficeForm(order: SimTransaction): SafeHtml {
  const action = `/dashboard/transactions/${encodeURIComponent(order.merchantIdentifier)}/${encodeURIComponent(order.merchantReference)}/operations`;
  const capturable = order.authorizedAmount - order.capturedAmount;
  const refundable = order.capturedAmount - order.refundedAmount;
  return html`<section>
    <h2>Back-office operations</h2>
    <p class="muted">
      As in APS' own back office: applied to this order's books and notified to the merchant's
      Notification URL, without a maintenance reference. Left to capture:
      ${formatAmount(Math.max(0, capturable), order.currency)}; left to refund:
      ${formatAmount(Math.max(0, refundable), order.currency)}.
    </p>
    <form method="post" action="${action}">
      <label for="bo-command">Operation</label>
      <select id="bo-command" name="command">
        <option value="CAPTURE">Capture</option>
        <option value="REFUND">Refund</option>
        <option value="VOID_AUTHORIZATION">Void authorization</option>
      </select>
      <label for="bo-amount">Amount in minor units (e.g. 2500 for ${formatAmount(2500, order.currency)}; empty for a void)</label>
      <input type="number" id="bo-amount" name="amount" min="1" step="1" />
      <button type="submit">Apply</button>
    </form>
  </section>`;
}

/** Why the operation was not applied, with each field named. */
export function backOfficeBanner(message: string, fields: readonly FieldError[]): SafeHtml {
  return html`<div class="error" role="alert">
    <p>Nothing was changed: ${message}</p>
    ${
      fields.length === 0
        ? ''
        : html`<ul>
          ${fields.map((f) => html`<li><code>${f.field}</code> ${f.message}</li>`)}
        </ul>`
    }
  </div>`;
}
