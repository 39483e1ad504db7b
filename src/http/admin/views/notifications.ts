/** Notifications: every inbound provider message with channel, outcome, time, reference and masked payload. */
import type { NotificationRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, t, type Text } from '../i18n.js';
import { csrfField, selectField, time, type Flash } from './components.js';
import { adminDocument, type PageContext } from './shell.js';
import { CHANNEL_TEXT, outcomeBadge, payloadBlock } from './timeline-view.js';

const TEXT = {
  title: { en: 'Notifications', ar: 'الإشعارات' },
  intro: {
    en: 'Every message from APS — customer returns, Direct Transaction Feedback, Notifications and status check answers — as received, with secrets masked.',
    ar: 'كل رسالة من APS — عودة العملاء وإشعارات Direct Transaction Feedback والإشعارات وإجابات التحقق من الحالة — كما استُلمت مع حجب الأسرار.',
  },
  outcome: { en: 'Outcome', ar: 'النتيجة' },
  received: { en: 'Received', ar: 'وقت الاستلام' },
  channel: { en: 'Channel', ar: 'القناة' },
  reference: { en: 'Reference', ar: 'المرجع' },
  message: { en: 'Message', ar: 'الرسالة' },
  reprocess: { en: 'Reprocess', ar: 'إعادة المعالجة' },
  source: { en: 'from', ar: 'من' },
} satisfies Record<string, Text>;

/** Outcomes offered in the filter (others can still be typed in the URL). */
export const KNOWN_OUTCOMES = [
  'applied',
  'duplicate',
  'refused_transition',
  'bad_signature',
  'unknown_reference',
  'amount_mismatch',
  'aps_rejected_request',
  'no_change',
] as const;

/** What the notifications page shows. */
export interface NotificationsModel {
  outcome: string;
  cursor: string;
  items: NotificationRecord[];
  nextCursor: string | null;
  canReprocess(outcome: string): boolean;
  flash?: Flash;
}

function reprocessForm(pc: PageContext, n: NotificationRecord): SafeHtml {
  return html`<form
    method="post"
    action="/admin/notifications/${encodeURIComponent(n.id)}/reprocess"
    class="inline"
  >
    ${csrfField(pc.csrf)}<button type="submit" class="secondary small">${t(pc.lang, TEXT.reprocess)}</button>
  </form>`;
}

function item(pc: PageContext, n: NotificationRecord, m: NotificationsModel): SafeHtml {
  const lang = pc.lang;
  const reference = n.reference
    ? n.transactionId
      ? html`<a href="/admin/transactions/${encodeURIComponent(n.reference)}" dir="ltr">${n.reference}</a>`
      : html`<span dir="ltr">${n.reference}</span>`
    : html`<span class="muted">—</span>`;
  return html`<tr>
    <td>
      ${time(n.receivedAt, lang)}${n.sourceIp ? html`<br /><span class="muted">${t(lang, TEXT.source)} <span dir="ltr">${n.sourceIp}</span></span>` : ''}
    </td>
    <td>${t(lang, CHANNEL_TEXT[n.channel])}<br /><span class="muted" dir="ltr">${n.providerCode}</span></td>
    <td>${reference}</td>
    <td>
      ${outcomeBadge(n.outcome, lang)}${n.detail ? html`<br /><span class="detail">${n.detail}</span>` : ''}${m.canReprocess(n.outcome) ? reprocessForm(pc, n) : ''}
    </td>
    <td>${payloadBlock(lang, n.payload)}</td>
  </tr>`;
}

/** Renders the notification log. */
export function notificationsPage(pc: PageContext, m: NotificationsModel): string {
  const lang = pc.lang;
  const options = [
    { value: '', label: t(lang, COMMON.any) },
    ...KNOWN_OUTCOMES.map((o) => ({ value: o, label: o })),
  ];
  if (m.outcome !== '' && !options.some((o) => o.value === m.outcome))
    options.push({ value: m.outcome, label: m.outcome });
  const filter = html`<form method="get" action="/admin/notifications" class="card filters" role="search">
    ${selectField({ name: 'outcome', label: t(lang, TEXT.outcome), value: m.outcome, options })}
    <p class="toolbar">
      <button type="submit">${t(lang, COMMON.filter)}</button>
      <a class="button secondary" href="/admin/notifications">${t(lang, COMMON.reset)}</a>
    </p>
  </form>`;
  const table =
    m.items.length === 0
      ? html`<p class="muted">${t(lang, m.outcome ? COMMON.noMatch : COMMON.none)}</p>`
      : html`<div class="table-wrap">
          <table class="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">${t(lang, TEXT.received)}</th>
                <th scope="col">${t(lang, TEXT.channel)}</th>
                <th scope="col">${t(lang, TEXT.reference)}</th>
                <th scope="col">${t(lang, TEXT.outcome)}</th>
                <th scope="col">${t(lang, TEXT.message)}</th>
              </tr>
            </thead>
            <tbody>
              ${m.items.map((n) => item(pc, n, m))}
            </tbody>
          </table>
        </div>`;
  const base = m.outcome ? `outcome=${encodeURIComponent(m.outcome)}&` : '';
  const pager = html`<nav class="pager" aria-label="pages">
    ${m.cursor ? html`<a href="/admin/notifications${m.outcome ? `?outcome=${encodeURIComponent(m.outcome)}` : ''}">${t(lang, COMMON.first)}</a>` : ''}${
      m.nextCursor
        ? html`<a href="/admin/notifications?${base}cursor=${encodeURIComponent(m.nextCursor)}" rel="next"
            >${t(lang, COMMON.next)}</a
          >`
        : ''
    }
  </nav>`;
  const body = html`<p class="muted">${t(lang, TEXT.intro)}</p>
    ${filter}${table}${pager}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'notifications',
    ...(m.flash ? { flash: m.flash } : {}),
  });
}
