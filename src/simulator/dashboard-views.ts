/**
 * The simulator's back office (`/dashboard`), laid out like the APS one the seed walks through:
 * Integration Settings ‣ Security Settings, Technical Settings ‣ Redirection, Payment Page Template.
 * Server-rendered, everything escaped, plain forms (no JavaScript needed).
 */
import { SHA_TYPES } from '../providers/aps/signature.js';
import { SHA_TYPE_LABELS } from './accounts.js';
import { html, trusted, type SafeHtml } from './html.js';
import { SIMULATED_PAYMENT_OPTIONS, type MerchantAccount } from './model.js';
import { deliveriesTable, transactionsTable } from './dashboard-log-views.js';
import type { FieldError } from '../errors.js';
import type { SimulatorState } from './state.js';
import { DASHBOARD_CSS } from './styles.js';
import { urlWarningNotice } from './url-warnings.js';

/** What every dashboard page needs: the CSP nonce and the simulator's base URL. */
export interface DashboardFrame {
  nonce: string;
  baseUrl: string;
}

/** Content-Security-Policy of dashboard pages: no script at all, a nonce'd style, same-origin forms. */
export function dashboardCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

/** The page skeleton with the navigation. */
export function dashboardLayout(frame: DashboardFrame, title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · APS sandbox simulator</title>
        <style nonce="${frame.nonce}">
          ${trusted(DASHBOARD_CSS)}
        </style>
      </head>
      <body>
        <header>
          <strong>APS sandbox simulator</strong>
          <nav>
            <a href="/dashboard">Merchant accounts</a> · <a href="/dashboard/transactions">Transactions</a> ·
            <a href="/dashboard/tokens">Tokens</a> ·
            <a href="/dashboard/deliveries">Delivery log</a> · <a href="/dashboard/faults">Fault injection</a>
          </nav>
        </header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value;
}

/** `/dashboard`: endpoints and the merchant accounts. */
export function overviewPage(frame: DashboardFrame, state: SimulatorState): string {
  const accounts = [...state.accounts.values()];
  return dashboardLayout(
    frame,
    'Merchant accounts',
    html`<section>
        <h2>Endpoints</h2>
        <table>
          <tr>
            <th>Hosted payment page</th>
            <td><code>${frame.baseUrl}/FortAPI/paymentPage</code></td>
          </tr>
          <tr>
            <th>Server-to-server API</th>
            <td><code>${frame.baseUrl}/FortAPI/paymentApi</code></td>
          </tr>
          <tr>
            <th>Control API</th>
            <td><code>${frame.baseUrl}/_sim/accounts</code> (see docs/simulator.md)</td>
          </tr>
        </table>
      </section>
      <section>
        <h2>Accounts</h2>
        <table>
          <thead>
            <tr>
              <th>Merchant identifier</th>
              <th>Redirection</th>
              <th>Redirection URL</th>
              <th>Feedback URL</th>
            </tr>
          </thead>
          <tbody>
            ${accounts.map(
              (a) =>
                html`<tr>
                  <td><a href="/dashboard/accounts/${a.merchantIdentifier}">${a.merchantIdentifier}</a></td>
                  <td>${a.redirectionStatus}</td>
                  <td>${a.redirectionUrl || '—'}</td>
                  <td>${a.directFeedbackUrl || '—'}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        <form method="post" action="/dashboard/accounts">
          <button type="submit">Create a merchant account</button>
        </form>
      </section>`,
  );
}

function textInput(name: string, label: string, value: string, type = 'text'): SafeHtml {
  return html`<label for="${name}">${label}</label
    ><input type="${type}" id="${name}" name="${name}" value="${value}" />`;
}

function radios(name: string, legend: string, options: Array<[string, string]>, current: string): SafeHtml {
  return html`<fieldset>
    <legend>${legend}</legend>
    ${options.map(
      ([value, label]) =>
        html`<label
          ><input type="radio" name="${name}" value="${value}" ${value === current ? 'checked' : ''} />
          ${label}</label
        >`,
    )}
  </fieldset>`;
}

/** Feedback for the last form submission: saved, or the validation errors. */
export interface FormNotice {
  saved?: string;
  errors?: FieldError[];
}

/** `/dashboard/accounts/:id`: the three settings screens, then the account's orders and deliveries. */
export function accountPage(
  frame: DashboardFrame,
  state: SimulatorState,
  account: MerchantAccount,
  notice: FormNotice = {},
): string {
  const base = `/dashboard/accounts/${encodeURIComponent(account.merchantIdentifier)}`;
  const transactions = state
    .allTransactions()
    .filter((t) => t.merchantIdentifier === account.merchantIdentifier);
  const deliveries = state.deliveries.filter((d) => d.merchantIdentifier === account.merchantIdentifier);
  const message = notice.errors?.length
    ? html`<div class="error" role="alert">
        <p>Nothing was saved:</p>
        <ul>
          ${notice.errors.map((e) => html`<li><code>${e.field}</code> ${e.message}</li>`)}
        </ul>
      </div>`
    : notice.saved
      ? html`<p class="notice" role="status">${notice.saved} saved.</p>`
      : '';
  return dashboardLayout(
    frame,
    `Merchant account ${account.merchantIdentifier}`,
    html`${message}
      <section>
        <h2>Integration Settings ‣ Security Settings</h2>
        <form method="post" action="${base}/access-code">
          <label for="mid">Merchant Identifier</label>
          <input type="text" id="mid" value="${account.merchantIdentifier}" readonly />
          <label for="ac">Access Code</label>
          <input type="text" id="ac" value="${account.accessCode}" readonly />
          <button type="submit">Generate</button>
        </form>
        <form method="post" action="${base}/security">
          ${textInput('shaRequestPhrase', 'SHA Request Phrase', account.shaRequestPhrase)}
          ${textInput('shaResponsePhrase', 'SHA Response Phrase', account.shaResponsePhrase)}
          <label for="shaType">SHA Type</label
          ><select id="shaType" name="shaType">
            ${SHA_TYPES.map(
              (type) =>
                html`<option value="${type}" ${type === account.shaType ? 'selected' : ''}>
                  ${SHA_TYPE_LABELS[type]}
                </option>`,
            )}
          </select>
          ${textInput('originUrl', 'Origin URL', account.originUrl, 'url')}
          <div><button type="submit">Save Changes</button></div>
        </form>
      </section>
      <section>
        <h2>Integration Settings ‣ Technical Settings ‣ Redirection</h2>
        ${urlWarningNotice(account)}
        <form method="post" action="${base}/redirection">
          ${radios(
            'redirectionStatus',
            'Status',
            [
              ['active', 'Active'],
              ['inactive', 'Inactive'],
            ],
            account.redirectionStatus,
          )}
          <fieldset>
            <legend>Payment Options</legend>
            ${SIMULATED_PAYMENT_OPTIONS.map(
              (option) =>
                html`<label
                  ><input
                    type="checkbox"
                    name="paymentOptions"
                    value="${option}"
                    ${account.paymentOptions.includes(option) ? 'checked' : ''}
                  />
                  ${option}</label
                >`,
            )}
          </fieldset>
          ${radios(
            'sendResponseParameters',
            'Send Response Parameters',
            [
              ['yes', 'Yes'],
              ['no', 'No'],
            ],
            account.sendResponseParameters ? 'yes' : 'no',
          )}
          ${textInput('redirectionUrl', 'Redirection URL', account.redirectionUrl, 'url')}
          ${textInput('directFeedbackUrl', 'Direct Transaction Feedback URL', account.directFeedbackUrl, 'url')}
          ${textInput('notificationUrl', 'Notification URL', account.notificationUrl, 'url')}
          ${radios(
            'feedbackFormat',
            'Feedback format',
            [
              ['form', 'Form (x-www-form-urlencoded)'],
              ['json', 'JSON'],
            ],
            account.feedbackFormat,
          )}
          <div><button type="submit">Save Changes</button></div>
        </form>
      </section>
      <section>
        <h2>Integration Settings ‣ Payment Page Template</h2>
        <form method="post" action="${base}/template">
          ${textInput('pageTitle', 'Title', account.pageTitle)}
          ${textInput('logoUrl', 'Logo URL', account.logoUrl, 'url')}
          <label for="primaryColour">Primary colour</label
          ><input type="color" id="primaryColour" name="primaryColour" value="${account.primaryColour}" />
          <div><button type="submit">Save Changes</button></div>
        </form>
      </section>
      <section>
        <h2>Transactions</h2>
        ${transactionsTable(transactions)}
      </section>
      <section>
        <h2>Feedback delivery log</h2>
        ${deliveriesTable(deliveries.slice(-50))}
      </section>`,
  );
}
