/** Pieces both Developers pages show: event delivery states, an endpoint's Active/Paused badge, its counts. */
import type { Language } from '../../../domain/locale.js';
import type { EventStatus } from '../../../store/schema.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, type Text } from '../i18n.js';

/** How many of an endpoint's events are in each delivery state. */
export type DeliveryCounts = Record<EventStatus, number>;

/** Delivery states of one event (S12). */
export const EVENT_STATUS_TEXT: Record<EventStatus, Text> = {
  pending: { en: 'Pending', ar: 'قيد الانتظار' },
  delivered: { en: 'Delivered', ar: 'تم التسليم' },
  failed: { en: 'Failed', ar: 'فشل' },
};

const ENDPOINT_STATE_TEXT = {
  active: { en: 'Active', ar: 'نشطة' },
  paused: { en: 'Paused', ar: 'موقوفة مؤقتًا' },
} satisfies Record<string, Text>;

/** An event's delivery state as a badge. */
export function eventStatusBadge(lang: Language, status: EventStatus): SafeHtml {
  const tone = status === 'delivered' ? 'ok' : status === 'failed' ? 'bad' : '';
  return html`<span class="badge ${tone}">${t(lang, EVENT_STATUS_TEXT[status])}</span>`;
}

/** An endpoint's Active / Paused badge. */
export function endpointStateBadge(lang: Language, active: boolean): SafeHtml {
  return active
    ? html`<span class="badge ok">${t(lang, ENDPOINT_STATE_TEXT.active)}</span>`
    : html`<span class="badge off">${t(lang, ENDPOINT_STATE_TEXT.paused)}</span>`;
}

/** "Pending 2 · Delivered 10 · Failed 0", each count labelled so it reads the same in both directions. */
export function deliveryCountsLine(lang: Language, counts: DeliveryCounts): SafeHtml {
  const order: EventStatus[] = ['pending', 'delivered', 'failed'];
  return html`<ul class="plain delivery-counts">
    ${order.map(
      (status) => html`<li>${t(lang, EVENT_STATUS_TEXT[status])}: <strong>${counts[status]}</strong></li>`,
    )}
  </ul>`;
}
