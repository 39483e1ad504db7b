/** The timeline of one transaction, and the labels of channels and notification outcomes. */
import type { Language } from '../../../domain/locale.js';
import type { Channel } from '../../../store/schema.js';
import { html, type SafeHtml } from '../../views/html.js';
import { OPERATION_TEXT, t, tf, TRANSACTION_STATE_TEXT, type Text } from '../i18n.js';
import type { TimelineEntry } from '../timeline.js';
import { money, time, transactionBadge } from './components.js';

/** Where a message or change came from. */
export const CHANNEL_TEXT: Record<Channel, Text> = {
  return: { en: "customer's return from APS", ar: 'عودة العميل من APS' },
  webhook: { en: 'APS feedback (webhook)', ar: 'إشعار APS (webhook)' },
  status_check: { en: 'status check', ar: 'التحقق من الحالة' },
  api: { en: 'merchant API', ar: 'واجهة برمجة التاجر' },
  admin: { en: 'back office', ar: 'لوحة الإدارة' },
  system: { en: 'payport', ar: 'payport' },
};

const TEXT = {
  title: { en: 'Timeline', ar: 'التسلسل الزمني' },
  created: { en: 'Created', ar: 'أُنشئت' },
  sentPage: { en: 'Sent to the APS hosted payment page', ar: 'أُرسلت إلى صفحة الدفع المستضافة لدى APS' },
  sentApi: { en: 'Sent to the APS payment API', ar: 'أُرسلت إلى واجهة الدفع لدى APS' },
  notification: { en: 'Message received', ar: 'استُلمت رسالة' },
  outcome: { en: 'Outcome', ar: 'النتيجة' },
  payload: { en: 'Payload (secrets masked)', ar: 'المحتوى (الأسرار محجوبة)' },
  state: { en: 'State changed', ar: 'تغيّرت الحالة' },
  via: { en: 'via', ar: 'عبر' },
  queued: { en: 'Event queued', ar: 'الحدث في قائمة الانتظار' },
  delivered: { en: 'Event delivered', ar: 'سُلّم الحدث' },
  failed: { en: 'Event delivery failed', ar: 'فشل تسليم الحدث' },
  endpoint: { en: 'endpoint', ar: 'نقطة الاستقبال' },
  requested: {
    en: '{operation} of {amount} requested by {who}',
    ar: '{operation} بمبلغ {amount} بطلب من {who}',
  },
  madeAtAps: {
    en: '{operation} of {amount} made in the APS back office',
    ar: '{operation} بمبلغ {amount} من لوحة تحكم APS',
  },
  settled: { en: '{operation} {reference}', ar: '{operation} {reference}' },
} satisfies Record<string, Text>;

/** Notification outcomes in Arabic; the English back office shows the outcome codes operators search for. */
const OUTCOME_AR: Record<string, string> = {
  received: 'مستلمة',
  applied: 'طُبّقت',
  duplicate: 'مكررة',
  no_change: 'بلا تغيير',
  refused_transition: 'انتقال مرفوض',
  bad_signature: 'توقيع غير صالح',
  unknown_reference: 'مرجع غير معروف',
  amount_mismatch: 'عدم تطابق المبلغ',
  aps_rejected_request: 'رفضت APS الطلب',
};

/** A badge for a notification outcome (`applied`, `bad_signature`, …), in Arabic on Arabic pages. */
export function outcomeBadge(outcome: string, lang: Language): SafeHtml {
  const tone =
    outcome === 'applied' || outcome === 'duplicate'
      ? 'ok'
      : /signature|mismatch|unknown|error|rejected/.test(outcome)
        ? 'bad'
        : '';
  const arabic = lang === 'ar' ? OUTCOME_AR[outcome] : undefined;
  return arabic
    ? html`<span class="badge ${tone}" data-outcome="${outcome}">${arabic}</span>`
    : html`<span class="badge ${tone}" dir="ltr">${outcome}</span>`;
}

/** A payload shown as text in a disclosure (it was masked when recorded). */
export function payloadBlock(lang: Language, payload: string): SafeHtml {
  return html`<details>
    <summary>${t(lang, TEXT.payload)}</summary>
    <pre dir="ltr">${payload}</pre>
  </details>`;
}

function entryBody(lang: Language, entry: TimelineEntry): SafeHtml {
  switch (entry.kind) {
    case 'created':
      // The stored note ("Created for Card through …") is English; the Arabic page has the same facts in
      // its summary (method, provider), so it shows the entry without it.
      return html`<strong>${t(lang, TEXT.created)}</strong>${entry.message && lang === 'en' ? html` — ${entry.message}` : ''}${
        entry.channel
          ? html` <span class="muted">(${t(lang, TEXT.via)} ${t(lang, CHANNEL_TEXT[entry.channel])})</span>`
          : ''
      }`;
    case 'sent':
      return html`<strong>${t(lang, entry.via === 'payment_page' ? TEXT.sentPage : TEXT.sentApi)}</strong>`;
    case 'notification': {
      const n = entry.notification;
      return html`<strong>${t(lang, TEXT.notification)}</strong>
        <span class="muted">(${t(lang, CHANNEL_TEXT[n.channel])})</span> ${t(lang, TEXT.outcome)}:
        ${outcomeBadge(n.outcome, lang)}${n.detail ? html` <span class="detail">${n.detail}</span>` : ''}
        ${payloadBlock(lang, n.payload)}`;
    }
    case 'state':
      return html`<strong>${t(lang, TEXT.state)}:</strong> ${t(lang, TRANSACTION_STATE_TEXT[entry.from])} →
        ${t(lang, TRANSACTION_STATE_TEXT[entry.to])}${
          entry.message ? html` — <span class="detail">${entry.message}</span>` : ''
        } <span class="muted">(${t(lang, TEXT.via)} ${t(lang, CHANNEL_TEXT[entry.channel])})</span>`;
    case 'operation': {
      const c = entry.child;
      const values = {
        operation: t(lang, OPERATION_TEXT[c.operation]),
        amount: money(c.amount, c.currency),
        who: c.requestedBy ?? '—',
      };
      const text = c.origin === 'aps' ? tf(lang, TEXT.madeAtAps, values) : tf(lang, TEXT.requested, values);
      return html`<strong>${text}</strong>
        <a href="/admin/transactions/${encodeURIComponent(c.reference)}" dir="ltr">${c.reference}</a>`;
    }
    case 'operation_state': {
      const c = entry.child;
      const settled = { ...c, state: entry.to };
      return html`<strong
          >${tf(lang, TEXT.settled, { operation: t(lang, OPERATION_TEXT[c.operation]), reference: '' })}</strong
        ><a href="/admin/transactions/${encodeURIComponent(c.reference)}" dir="ltr">${c.reference}</a>
        ${transactionBadge(lang, settled)}${entry.message ? html` — <span class="detail">${entry.message}</span>` : ''}
        <span class="muted">(${t(lang, TEXT.via)} ${t(lang, CHANNEL_TEXT[entry.channel])})</span>`;
    }
    case 'event_queued':
      return html`<strong>${t(lang, TEXT.queued)}</strong> <span dir="ltr">${entry.event.type}</span>
        <span class="muted">(${t(lang, TEXT.endpoint)} <span dir="ltr">${entry.endpoint}</span>)</span>`;
    case 'event_delivery': {
      const d = entry.delivery;
      const ok = d.httpStatus !== null && d.httpStatus >= 200 && d.httpStatus < 300;
      return html`<strong>${t(lang, ok ? TEXT.delivered : TEXT.failed)}</strong>
        <span dir="ltr">${entry.event.type}</span> ${
          d.httpStatus !== null
            ? html`<span class="badge ${ok ? 'ok' : 'bad'}">HTTP ${d.httpStatus}</span>`
            : ''
        }${d.error ? html` <span class="detail">${d.error}</span>` : ''}
        <span class="muted">(${t(lang, TEXT.endpoint)} <span dir="ltr">${entry.endpoint}</span>)</span>`;
    }
  }
}

/** The timeline section. */
export function timelineSection(lang: Language, entries: TimelineEntry[]): SafeHtml {
  const items = entries.map(
    (entry) =>
      html`<li class="tl-${entry.kind}">
        ${time(entry.at, lang)}
        <div>${entryBody(lang, entry)}</div>
      </li>`,
  );
  return html`<section class="card" aria-labelledby="timeline-title">
    <h2 id="timeline-title">${t(lang, TEXT.title)}</h2>
    <ol class="timeline">
      ${items}
    </ol>
  </section>`;
}
