/**
 * What the live APS would refuse in an account's URLs. APS accepts only https URLs with a domain name
 * and no port for the return URL and the feedback URLs (reference §4.1 [APS-REF], §4.2 [APS-WH]); the
 * simulator accepts `http://localhost:8080/…` so that local development works, and says so on the
 * dashboard, so that nobody learns it on go-live day.
 */
import { html, type SafeHtml } from './html.js';
import type { MerchantAccount } from './model.js';

/** Why APS would refuse `url` (empty when it would not, or when the URL is empty). */
export function liveUrlProblems(url: string): string[] {
  if (url === '') return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['is not an absolute URL'];
  }
  const problems: string[] = [];
  if (parsed.protocol !== 'https:') problems.push('is not https');
  if (parsed.port !== '') problems.push(`carries a port (${parsed.port})`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')) problems.push('uses an IP address');
  return problems;
}

/** One account URL the live APS would refuse, with the setting's back-office label. */
export interface UrlWarning {
  setting: string;
  url: string;
  problems: string[];
}

const LABELS: ReadonlyArray<[keyof MerchantAccount, string]> = [
  ['originUrl', 'Origin URL'],
  ['redirectionUrl', 'Redirection URL'],
  ['directFeedbackUrl', 'Direct Transaction Feedback URL'],
  ['notificationUrl', 'Notification URL'],
];

/** The account's URLs that work with the simulator but not with the live APS. */
export function liveUrlWarnings(account: MerchantAccount): UrlWarning[] {
  return LABELS.flatMap(([setting, label]) => {
    const url = String(account[setting]);
    const problems = liveUrlProblems(url);
    return problems.length > 0 ? [{ setting: label, url, problems }] : [];
  });
}

/** The dashboard notice listing {@link liveUrlWarnings}; nothing when every URL would do for APS. */
export function urlWarningNotice(account: MerchantAccount): SafeHtml | '' {
  const warnings = liveUrlWarnings(account);
  if (warnings.length === 0) return '';
  return html`<div class="error" role="note" id="live-url-warning">
    <p>
      <strong>Fine for this simulator, refused by the live APS:</strong> APS accepts only https URLs with a
      domain name and no port. Before going live, set the merchant system's public address (payport:
      <code>PUBLIC_URL</code>) to such a URL.
    </p>
    <ul>
      ${warnings.map((w) => html`<li>${w.setting} <code>${w.url}</code> ${w.problems.join(', ')}</li>`)}
    </ul>
  </div>`;
}
