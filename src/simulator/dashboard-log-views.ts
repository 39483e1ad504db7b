/**
 * Dashboard tables and pages for what the simulator did: the orders it holds (with their amount
 * ledger and operations), the feedback delivery log (URL, payload, HTTP status of every attempt) and
 * the fault injection form.
 */
import { describeResponseCode } from '../providers/aps/codes.js';
import { html, type SafeHtml } from './html.js';
import { SIGNED_CHANNELS, type Delivery, type Faults, type SimTransaction } from './model.js';
import { formatAmount } from './money.js';

function transactionLink(t: SimTransaction): string {
  return `/dashboard/transactions/${encodeURIComponent(t.merchantIdentifier)}/${encodeURIComponent(t.merchantReference)}`;
}

/** Orders, newest first. */
export function transactionsTable(transactions: readonly SimTransaction[]): SafeHtml {
  if (transactions.length === 0) return html`<p class="muted">No transactions yet.</p>`;
  return html`<table>
    <thead>
      <tr>
        <th>Created</th>
        <th>Merchant reference</th>
        <th>Account</th>
        <th>Command</th>
        <th>Amount</th>
        <th>Result</th>
        <th>Captured</th>
        <th>Refunded</th>
        <th>Card</th>
      </tr>
    </thead>
    <tbody>
      ${[...transactions].reverse().map(
        (t) =>
          html`<tr>
            <td>${t.createdAt}</td>
            <td><a href="${transactionLink(t)}">${t.merchantReference}</a></td>
            <td>${t.merchantIdentifier}</td>
            <td>${t.command}</td>
            <td>${formatAmount(t.amount, t.currency)}</td>
            <td>
              <code>${t.responseCode}</code>
              ${describeResponseCode(t.responseCode)}${t.voided ? ' · voided' : ''}
            </td>
            <td>${formatAmount(t.capturedAmount, t.currency)}</td>
            <td>${formatAmount(t.refundedAmount, t.currency)}</td>
            <td>${t.card ? `${t.card.paymentOption} ${t.card.maskedNumber}` : '—'}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const ORIGIN_LABELS: Record<string, string> = {
  payment_page: 'hosted page',
  api: 'paymentApi',
  back_office: 'back office',
};

/** One order: request, ledger and every operation. */
export function transactionDetail(t: SimTransaction, deliveries: readonly Delivery[]): SafeHtml {
  return html`<section>
      <h2>Order</h2>
      <table>
        <tr>
          <th>fort_id</th>
          <td><code>${t.fortId}</code></td>
        </tr>
        <tr>
          <th>Result</th>
          <td><code>${t.responseCode}</code> ${describeResponseCode(t.responseCode)}</td>
        </tr>
        <tr>
          <th>Authorized / captured / refunded</th>
          <td>
            ${formatAmount(t.authorizedAmount, t.currency)} / ${formatAmount(t.capturedAmount, t.currency)} /
            ${formatAmount(t.refundedAmount, t.currency)}${t.voided ? ' (voided)' : ''}
          </td>
        </tr>
        <tr>
          <th>Settles later</th>
          <td>${t.pendingResolution ? `${t.pendingResolution.to} at ${t.pendingResolution.at}` : '—'}</td>
        </tr>
        <tr>
          <th>Request</th>
          <td><pre>${JSON.stringify(t.request, null, 1)}</pre></td>
        </tr>
      </table>
    </section>
    <section>
      <h2>Operations</h2>
      <table>
        <thead>
          <tr>
            <th>At</th>
            <th>Command</th>
            <th>Response code</th>
            <th>Amount</th>
            <th>Maintenance reference</th>
            <th>Made by</th>
          </tr>
        </thead>
        <tbody>
          ${t.operations.map(
            (op) =>
              html`<tr>
                <td>${op.at}</td>
                <td>${op.command}</td>
                <td><code>${op.responseCode}</code></td>
                <td>${op.amount === null ? '—' : formatAmount(op.amount, t.currency)}</td>
                <td>${op.maintenanceReference ?? '—'}</td>
                <td>${ORIGIN_LABELS[op.origin ?? ''] ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section>
      <h2>Feedback</h2>
      ${deliveriesTable(deliveries)}
    </section>`;
}

/** Every feedback attempt: time, channel, URL, format, HTTP status (or error), payload. */
export function deliveriesTable(deliveries: readonly Delivery[]): SafeHtml {
  if (deliveries.length === 0) return html`<p class="muted">No feedback sent yet.</p>`;
  return html`<table>
    <thead>
      <tr>
        <th>Created</th>
        <th>Channel</th>
        <th>Merchant reference</th>
        <th>URL</th>
        <th>State</th>
        <th>Attempts (time → HTTP status)</th>
        <th>Payload</th>
      </tr>
    </thead>
    <tbody>
      ${[...deliveries].reverse().map(
        (d) =>
          html`<tr>
            <td>${d.createdAt}</td>
            <td>${d.channel === 'direct' ? 'Direct Transaction Feedback' : 'Notification'}</td>
            <td>${d.merchantReference}</td>
            <td><code>${d.url}</code></td>
            <td>${d.state}</td>
            <td>
              ${d.attempts.length === 0 ? 'not yet' : ''}
              <ol>
                ${d.attempts.map(
                  (a) => html`<li>${a.at} → ${a.httpStatus ?? `no answer (${a.error ?? 'error'})`}</li>`,
                )}
              </ol>
            </td>
            <td>
              <details>
                <summary>${d.format}</summary>
                <pre>
${d.format === 'json' ? JSON.stringify(d.payload, null, 1) : new URLSearchParams(d.payload).toString()}</pre>
              </details>
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function checkbox(name: string, label: string, checked: boolean, value = 'true'): SafeHtml {
  return html`<label
    ><input type="checkbox" name="${name}" value="${value}" ${checked ? 'checked' : ''} /> ${label}</label
  >`;
}

function numberInput(name: string, label: string, value: number | null, min: number): SafeHtml {
  return html`<label for="${name}">${label}</label
    ><input type="number" id="${name}" name="${name}" min="${min}" value="${value ?? ''}" />`;
}

/** The fault injection form. */
export function faultsForm(faults: Faults): SafeHtml {
  const channelLabels: Record<string, string> = {
    return: 'browser return',
    feedback: 'feedback',
    payment_api: 'paymentApi answers',
  };
  return html`<form method="post" action="/dashboard/faults">
    ${numberInput('feedbackDelayMs', 'Delay each feedback by (ms)', faults.feedbackDelayMs, 0)}
    ${numberInput('feedbackCopies', 'Send each feedback this many times', faults.feedbackCopies, 1)}
    <fieldset>
      <legend>Order and browser return</legend>
      ${checkbox('feedbackBeforeReturn', 'Deliver the Direct Transaction Feedback before the browser return', faults.feedbackBeforeReturn)}
      ${checkbox('dropBrowserReturn', 'Drop the browser return (the customer sees "payment processed")', faults.dropBrowserReturn)}
    </fieldset>
    <fieldset>
      <legend>Corrupt the signature of</legend>
      ${SIGNED_CHANNELS.map((c) =>
        checkbox('corruptSignature', channelLabels[c] ?? c, faults.corruptSignature.includes(c), c),
      )}
    </fieldset>
    <fieldset>
      <legend>Feedback format</legend>
      ${(
        [
          ['', "each account's setting"],
          ['form', 'always form'],
          ['json', 'always JSON'],
        ] as const
      ).map(
        ([value, label]) =>
          html`<label
            ><input
              type="radio"
              name="feedbackFormat"
              value="${value}"
              ${(faults.feedbackFormat ?? '') === value ? 'checked' : ''}
            />
            ${label}</label
          >`,
      )}
    </fieldset>
    ${numberInput('paymentApiDelayMs', 'Delay paymentApi answers by (ms)', faults.paymentApiDelayMs, 0)}
    ${numberInput('paymentApiFailStatus', 'Answer paymentApi with this HTTP status (500–599, empty for none)', faults.paymentApiFailStatus, 500)}
    ${numberInput('paymentApiLoseAnswerStatus', 'Process CAPTURE, REFUND and VOID but lose the answer: reply with this HTTP status (500–599, empty for none)', faults.paymentApiLoseAnswerStatus, 500)}
    <fieldset>
      <legend>Notifications</legend>
      ${checkbox('holdNotifications', 'Hold Notifications until released from the delivery log', faults.holdNotifications)}
    </fieldset>
    <button type="submit">Save faults</button>
  </form>`;
}
