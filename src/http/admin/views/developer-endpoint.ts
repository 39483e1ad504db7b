/**
 * One event endpoint's delivery log (admin only): its events newest first, each with its delivery
 * attempts and a "resend" button that queues it again.
 */
import type {
  EventDeliveryRecord,
  EventEndpointRecord,
  EventRecord,
} from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, t, type Text } from '../i18n.js';
import { csrfField, time, type Flash } from './components.js';
import {
  deliveryCountsLine,
  endpointStateBadge,
  eventStatusBadge,
  type DeliveryCounts,
} from './developer-common.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Event endpoint', ar: 'نقطة استقبال الأحداث' },
  back: { en: '← Developers', ar: 'المطورون →' },
  url: { en: 'URL', ar: 'العنوان (URL)' },
  description: { en: 'Description', ar: 'الوصف' },
  status: { en: 'Status', ar: 'الحالة' },
  created: { en: 'Created', ar: 'تاريخ الإنشاء' },
  deliveries: { en: 'Deliveries', ar: 'عمليات التسليم' },
  events: { en: 'Events, newest first', ar: 'الأحداث، الأحدث أولًا' },
  pausedNote: {
    en: 'This endpoint is paused: it gets no new events, and queued ones wait until it is resumed on the Developers page.',
    ar: 'نقطة الاستقبال هذه موقوفة مؤقتًا: لا تتلقى أحداثًا جديدة، وتنتظر الأحداث المُدرجة حتى تُستأنف من صفحة المطورين.',
  },
  transaction: { en: 'Transaction', ar: 'المعاملة' },
  attempts: { en: 'Attempts', ar: 'المحاولات' },
  nextAttempt: { en: 'Next attempt', ar: 'المحاولة التالية' },
  deliveredAt: { en: 'Delivered at', ar: 'وقت التسليم' },
  lastError: { en: 'Last error', ar: 'آخر خطأ' },
  eventId: { en: 'Event id', ar: 'معرّف الحدث' },
  attemptTime: { en: 'Time', ar: 'الوقت' },
  httpStatus: { en: 'HTTP status', ar: 'رمز HTTP' },
  error: { en: 'Error', ar: 'الخطأ' },
  duration: { en: 'Duration', ar: 'المدة' },
  noAnswer: { en: 'no answer', ar: 'لا رد' },
  noAttempts: { en: 'Not attempted yet.', ar: 'لم تتم أي محاولة بعد.' },
  resend: { en: 'Resend', ar: 'إعادة الإرسال' },
  resendHint: {
    en: 'Queues the event again: it is sent at once (after any older queued event of the same transaction).',
    ar: 'يُدرج الحدث من جديد: يُرسَل فورًا (بعد أي حدث أقدم مُدرج للمعاملة نفسها).',
  },
  none: {
    en: 'No events yet: they appear here when a transaction changes state.',
    ar: 'لا توجد أحداث بعد: تظهر هنا عندما تتغير حالة معاملة.',
  },
  ms: { en: 'ms', ar: 'ملّي ثانية' },
} satisfies Record<string, Text>;

/** One event with what the log shows about it. */
export interface LoggedEvent {
  event: EventRecord;
  /** The transaction's reference, or null (no transaction, or it is gone). */
  reference: string | null;
  /** Delivery attempts, oldest first. */
  deliveries: EventDeliveryRecord[];
}

/** What the delivery log page shows. */
export interface DeliveryLogModel {
  endpoint: EventEndpointRecord;
  counts: DeliveryCounts;
  events: LoggedEvent[];
  cursor: string;
  nextCursor: string | null;
  flash?: Flash;
}

function attemptsTable(pc: PageContext, deliveries: EventDeliveryRecord[]): SafeHtml {
  const lang = pc.lang;
  if (deliveries.length === 0) return html`<p class="muted">${t(lang, TEXT.noAttempts)}</p>`;
  return html`<div class="table-wrap">
    <table class="compact attempts cards-on-phone">
      <thead>
        <tr>
          <th scope="col">${t(lang, TEXT.attemptTime)}</th>
          <th scope="col">${t(lang, TEXT.httpStatus)}</th>
          <th scope="col">${t(lang, TEXT.error)}</th>
          <th scope="col">${t(lang, TEXT.duration)}</th>
        </tr>
      </thead>
      <tbody>
        ${deliveries.map((d) => {
          const ok = d.httpStatus !== null && d.httpStatus >= 200 && d.httpStatus < 300;
          const status =
            d.httpStatus === null
              ? html`<span class="badge bad">${t(lang, TEXT.noAnswer)}</span>`
              : html`<span class="badge ${ok ? 'ok' : 'bad'}" dir="ltr">${d.httpStatus}</span>`;
          return html`<tr>
            <td>${time(d.attemptedAt, lang)}</td>
            <td>${status}</td>
            <td dir="auto">${d.error ?? ''}</td>
            <td><span dir="ltr">${d.durationMs}</span> ${t(lang, TEXT.ms)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function eventCard(pc: PageContext, endpointId: string, item: LoggedEvent): SafeHtml {
  const lang = pc.lang;
  const e = item.event;
  const reference = item.reference
    ? html`<a href="/admin/transactions/${encodeURIComponent(item.reference)}" dir="ltr">${item.reference}</a>`
    : html`<span class="muted">—</span>`;
  const resend = html`<form
    method="post"
    action="/admin/developers/endpoints/${encodeURIComponent(endpointId)}/events/${encodeURIComponent(e.id)}/resend"
    class="inline"
  >
    ${csrfField(pc.csrf)}<button type="submit" class="secondary small" title="${t(lang, TEXT.resendHint)}">
      ${t(lang, TEXT.resend)}
    </button>
  </form>`;
  return html`<article class="card event" id="event-${e.id}">
    <h3><code dir="ltr">${e.type}</code> · ${time(e.createdAt, lang)}</h3>
    <dl class="facts">
      <dt>${t(lang, TEXT.transaction)}</dt>
      <dd>${reference}</dd>
      <dt>${t(lang, TEXT.status)}</dt>
      <dd>${eventStatusBadge(lang, e.status)}</dd>
      <dt>${t(lang, TEXT.attempts)}</dt>
      <dd>${e.attempts}</dd>
      ${
        e.status === 'delivered'
          ? html`<dt>${t(lang, TEXT.deliveredAt)}</dt>
              <dd>${time(e.deliveredAt, lang)}</dd>`
          : html`<dt>${t(lang, TEXT.nextAttempt)}</dt>
              <dd>${time(e.nextAttemptAt, lang)}</dd>`
      }
      <dt>${t(lang, TEXT.lastError)}</dt>
      <dd class="detail" dir="auto">${e.lastError ?? html`<span class="muted">—</span>`}</dd>
      <dt>${t(lang, TEXT.eventId)}</dt>
      <dd><code dir="ltr">${e.id}</code></dd>
    </dl>
    ${attemptsTable(pc, item.deliveries)}
    <p>${resend}</p>
  </article>`;
}

/** Renders one endpoint's delivery log. */
export function deliveryLogPage(pc: PageContext, m: DeliveryLogModel): string {
  const lang = pc.lang;
  const ep = m.endpoint;
  const base = `/admin/developers/endpoints/${encodeURIComponent(ep.id)}`;
  const facts = html`<section class="card">
    <dl class="facts">
      <dt>${t(lang, TEXT.url)}</dt>
      <dd dir="ltr">${ep.url}</dd>
      ${
        ep.description
          ? html`<dt>${t(lang, TEXT.description)}</dt>
            <dd dir="auto">${ep.description}</dd>`
          : ''
      }
      <dt>${t(lang, TEXT.status)}</dt>
      <dd>${endpointStateBadge(lang, ep.active)}</dd>
      <dt>${t(lang, TEXT.created)}</dt>
      <dd>${time(ep.createdAt, lang)}</dd>
      <dt>${t(lang, TEXT.deliveries)}</dt>
      <dd>${deliveryCountsLine(lang, m.counts)}</dd>
    </dl>
    ${ep.active ? '' : html`<p class="hint">${t(lang, TEXT.pausedNote)}</p>`}
  </section>`;
  const events =
    m.events.length === 0
      ? html`<p class="muted">${m.cursor ? t(lang, COMMON.none) : t(lang, TEXT.none)}</p>`
      : m.events.map((item) => eventCard(pc, ep.id, item));
  const pager = html`<nav class="pager" aria-label="pages">
    ${m.cursor ? html`<a href="${base}">${t(lang, COMMON.first)}</a>` : ''}${
      m.nextCursor
        ? html`<a href="${base}?cursor=${encodeURIComponent(m.nextCursor)}" rel="next">${t(lang, COMMON.next)}</a>`
        : ''
    }
  </nav>`;
  const body = html`<p><a href="/admin/developers">${t(lang, TEXT.back)}</a></p>
    ${facts}
    <h2>${t(lang, TEXT.events)}</h2>
    <p class="hint">${t(lang, TEXT.resendHint)}</p>
    ${events}${pager}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'developers',
    ...(m.flash ? { flash: m.flash } : {}),
  });
}
