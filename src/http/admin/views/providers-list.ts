/** Providers: the list with state and publication badges, and "New APS provider" for admins. */
import { html } from '../../views/html.js';
import type { ProviderSettingsView } from '../../../services/provider-settings.js';
import { COMMON, t, type Text } from '../i18n.js';
import { csrfField, providerStateBadge, publishedBadge, type Flash } from './components.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Payment providers', ar: 'مزودو الدفع' },
  intro: {
    en: 'Customers see a provider only when it is Test or Enabled and Published. Several APS providers can exist, e.g. one APS account per currency.',
    ar: 'يرى العملاء المزوّد فقط عندما يكون في وضع الاختبار أو مفعّلًا ومنشورًا. يمكن إنشاء عدة مزودين من APS، مثل حساب APS لكل عملة.',
  },
  create: { en: 'New APS provider', ar: 'مزوّد APS جديد' },
  name: { en: 'Name', ar: 'الاسم' },
  state: { en: 'State', ar: 'الحالة' },
  methods: { en: 'Payment methods', ar: 'طرق الدفع' },
  credentials: { en: 'Credentials', ar: 'بيانات الاعتماد' },
  complete: { en: 'Complete', ar: 'مكتملة' },
  missing: { en: 'Missing', ar: 'ناقصة' },
  operatorNote: {
    en: 'Only admins can open and change providers.',
    ar: 'يمكن للمسؤولين فقط فتح المزودين وتعديلهم.',
  },
} satisfies Record<string, Text>;

/** Renders the providers list. */
export function providersListPage(pc: PageContext, providers: ProviderSettingsView[], flash?: Flash): string {
  const lang = pc.lang;
  const isAdmin = pc.user?.role === 'admin';
  const rows = providers.map(
    (p) =>
      html`<tr>
        <td>
          ${isAdmin ? html`<a href="/admin/providers/${encodeURIComponent(p.id)}">${p.name}</a>` : p.name}
        </td>
        <td>${providerStateBadge(lang, p.state)} ${publishedBadge(lang, p.isPublished)}</td>
        <td>${p.paymentMethods.join(', ')}</td>
        ${
          isAdmin
            ? html`<td>
                ${
                  p.missingCredentials.length === 0
                    ? html`<span class="badge ok">${t(lang, TEXT.complete)}</span>`
                    : html`<span class="badge off">${t(lang, TEXT.missing)}</span>`
                }
              </td>`
            : ''
        }
      </tr>`,
  );
  const table =
    providers.length === 0
      ? html`<p class="muted">${t(lang, COMMON.none)}</p>`
      : html`<div class="table-wrap">
          <table class="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">${t(lang, TEXT.name)}</th>
                <th scope="col">${t(lang, TEXT.state)}</th>
                <th scope="col">${t(lang, TEXT.methods)}</th>
                ${isAdmin ? html`<th scope="col">${t(lang, TEXT.credentials)}</th>` : ''}
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>
        </div>`;
  const actions = isAdmin
    ? html`<form method="post" action="/admin/providers" class="toolbar">
        ${csrfField(pc.csrf)}<button type="submit">${t(lang, TEXT.create)}</button>
      </form>`
    : html`<p class="muted">${t(lang, TEXT.operatorNote)}</p>`;
  const body = html`<p class="muted">${t(lang, TEXT.intro)}</p>
    ${actions}${table}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'providers',
    ...(flash ? { flash } : {}),
  });
}
