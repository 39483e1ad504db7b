/** Back-office customers (S18): the list, and one customer with their saved cards and a Remove button per card. */
import type { CustomerRecord, SavedPaymentMethodRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { t, tf, type Text } from '../i18n.js';
import { csrfField, time, type Flash } from './components.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Customers', ar: 'العملاء' },
  intro: {
    en: 'Customers are created through the API (POST /api/v1/customers). Their cards are kept only with their consent, as the provider’s tokens: never the card number.',
    ar: 'يُنشأ العملاء عبر الواجهة البرمجية (POST /api/v1/customers). تُحفظ بطاقاتهم بموافقتهم فقط، كرموز لدى مزوّد الدفع: وليس رقم البطاقة أبدًا.',
  },
  email: { en: 'Email', ar: 'البريد الإلكتروني' },
  name: { en: 'Name', ar: 'الاسم' },
  country: { en: 'Country', ar: 'الدولة' },
  created: { en: 'Created', ar: 'أُنشئ' },
  none: { en: 'No customers yet.', ar: 'لا يوجد عملاء بعد.' },
  next: { en: 'Next page', ar: 'الصفحة التالية' },
  cards: { en: 'Saved cards', ar: 'البطاقات المحفوظة' },
  noCards: { en: 'No saved cards.', ar: 'لا توجد بطاقات محفوظة.' },
  card: { en: 'Card', ar: 'البطاقة' },
  expiry: { en: 'Expiry', ar: 'الانتهاء' },
  status: { en: 'Status', ar: 'الحالة' },
  active: { en: 'Active', ar: 'نشطة' },
  inactive: { en: 'Removed', ar: 'مُزالة' },
  remove: { en: 'Remove', ar: 'إزالة' },
  removeLabel: { en: 'Remove the card ending in {last4}', ar: 'إزالة البطاقة المنتهية بـ {last4}' },
  back: { en: 'All customers', ar: 'كل العملاء' },
  phone: { en: 'Phone', ar: 'الهاتف' },
} satisfies Record<string, Text>;

/** The customers list. */
export function customersPage(
  pc: PageContext,
  data: { customers: CustomerRecord[]; nextCursor: string | null; flash?: Flash },
): string {
  const lang = pc.lang;
  const rows = data.customers.map(
    (c) => html`<tr>
      <td><a href="/admin/customers/${c.id}" dir="ltr">${c.email}</a></td>
      <td>${c.name ?? ''}</td>
      <td>${c.country ?? ''}</td>
      <td>${time(c.createdAt, lang)}</td>
    </tr>`,
  );
  const body = html`<p class="hint">${t(lang, TEXT.intro)}</p>
    ${
      data.customers.length === 0
        ? html`<p>${t(lang, TEXT.none)}</p>`
        : html`<table class="data">
          <thead>
            <tr>
              <th scope="col">${t(lang, TEXT.email)}</th>
              <th scope="col">${t(lang, TEXT.name)}</th>
              <th scope="col">${t(lang, TEXT.country)}</th>
              <th scope="col">${t(lang, TEXT.created)}</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`
    }
    ${
      data.nextCursor
        ? html`<p><a href="/admin/customers?cursor=${encodeURIComponent(data.nextCursor)}">${t(lang, TEXT.next)}</a></p>`
        : ''
    }`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'customers',
    ...(data.flash && { flash: data.flash }),
  });
}

function cardRow(pc: PageContext, customer: CustomerRecord, card: SavedPaymentMethodRecord): SafeHtml {
  const lang = pc.lang;
  const last4 = card.last4 ?? '····';
  return html`<tr>
    <td>${(card.brand ?? 'card').toUpperCase()} <span dir="ltr">•••• ${last4}</span></td>
    <td dir="ltr">${card.expiry ?? ''}</td>
    <td>
      <span class="badge${card.status === 'active' ? '' : ' off'}"
        >${t(lang, card.status === 'active' ? TEXT.active : TEXT.inactive)}</span
      >
    </td>
    <td>${time(card.createdAt, lang)}</td>
    <td>
      ${
        card.status === 'active'
          ? html`<form method="post" action="/admin/customers/${customer.id}/cards/${card.id}/remove" class="inline">
            ${csrfField(pc.csrf)}
            <button type="submit" class="secondary small" aria-label="${tf(lang, TEXT.removeLabel, { last4 })}">
              ${t(lang, TEXT.remove)}
            </button>
          </form>`
          : ''
      }
    </td>
  </tr>`;
}

/** One customer with their cards. */
export function customerPage(
  pc: PageContext,
  data: { customer: CustomerRecord; cards: SavedPaymentMethodRecord[]; flash?: Flash },
): string {
  const lang = pc.lang;
  const { customer, cards } = data;
  const body = html`<p><a href="/admin/customers">${t(lang, TEXT.back)}</a></p>
    <dl class="details">
      <dt>${t(lang, TEXT.email)}</dt>
      <dd dir="ltr">${customer.email}</dd>
      <dt>${t(lang, TEXT.name)}</dt>
      <dd>${customer.name ?? ''}</dd>
      <dt>${t(lang, TEXT.phone)}</dt>
      <dd dir="ltr">${customer.phone ?? ''}</dd>
      <dt>${t(lang, TEXT.country)}</dt>
      <dd>${customer.country ?? ''}</dd>
      <dt>${t(lang, TEXT.created)}</dt>
      <dd>${time(customer.createdAt, lang)}</dd>
    </dl>
    <h2>${t(lang, TEXT.cards)}</h2>
    ${
      cards.length === 0
        ? html`<p>${t(lang, TEXT.noCards)}</p>`
        : html`<table class="data">
          <thead>
            <tr>
              <th scope="col">${t(lang, TEXT.card)}</th>
              <th scope="col">${t(lang, TEXT.expiry)}</th>
              <th scope="col">${t(lang, TEXT.status)}</th>
              <th scope="col">${t(lang, TEXT.created)}</th>
              <th scope="col"><span class="sr-only">${t(lang, TEXT.remove)}</span></th>
            </tr>
          </thead>
          <tbody>
            ${cards.map((card) => cardRow(pc, customer, card))}
          </tbody>
        </table>`
    }`;
  return adminDocument(pc, {
    title: customer.name ?? customer.email,
    body,
    active: 'customers',
    ...(data.flash && { flash: data.flash }),
  });
}
