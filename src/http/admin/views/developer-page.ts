/**
 * Developers (admin only): merchant API keys (the key shown once) and event endpoints (the signing
 * secret shown once) with their delivery counts, pause/resume and delete.
 */
import type { FieldError } from '../../../errors.js';
import { API_SCOPES, DEFAULT_API_SCOPES, type ApiKeySummary } from '../../../services/api/api-keys.js';
import type { EventEndpointRecord } from '../../../store/repositories/index.js';
import { html, type SafeHtml } from '../../views/html.js';
import { COMMON, t, type Text } from '../i18n.js';
import { copyField, csrfField, inputField, time, type Flash } from './components.js';
import { errorSummary, localizeErrors } from './form-errors.js';
import { deliveryCountsLine, endpointStateBadge, type DeliveryCounts } from './developer-common.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Developers', ar: 'المطورون' },
  intro: {
    en: 'Your own systems use the merchant API (/api/v1) with an API key, and learn about payments through signed events sent to your event endpoints. See the API documentation at /api/v1/openapi.json.',
    ar: 'تستخدم أنظمتك واجهة برمجة التجار (/api/v1) بمفتاح API، وتعرف بما يحدث للمدفوعات عبر أحداث موقّعة تُرسَل إلى نقاط استقبال الأحداث. توثيق الواجهة في /api/v1/openapi.json.',
  },
  keys: { en: 'API keys', ar: 'مفاتيح API' },
  keyName: { en: 'Name', ar: 'الاسم' },
  keyNameHint: {
    en: 'What uses the key, e.g. "Shop backend". Give each system its own key so you can revoke one alone.',
    ar: 'ما الذي يستخدم المفتاح، مثل "خادم المتجر". خصّص لكل نظام مفتاحًا حتى تتمكن من إلغاء أحدها وحده.',
  },
  scopes: {
    en: 'Scopes (none ticked: all but event endpoints)',
    ar: 'الصلاحيات (بلا اختيار: الكل عدا نقاط استقبال الأحداث)',
  },
  prefix: { en: 'Key starts with', ar: 'يبدأ المفتاح بـ' },
  created: { en: 'Created', ar: 'تاريخ الإنشاء' },
  lastUsed: { en: 'Last used', ar: 'آخر استخدام' },
  never: { en: 'Never', ar: 'لم يُستخدم' },
  status: { en: 'Status', ar: 'الحالة' },
  keyActive: { en: 'Active', ar: 'نشط' },
  revoked: { en: 'Revoked', ar: 'ملغى' },
  createKey: { en: 'Create API key', ar: 'إنشاء مفتاح API' },
  newKey: { en: 'New API key', ar: 'مفتاح API جديد' },
  revoke: { en: 'Revoke', ar: 'إلغاء' },
  revokeConfirm: {
    en: 'Revoke this API key? Requests made with it are refused at once. This cannot be undone.',
    ar: 'هل تريد إلغاء مفتاح API هذا؟ ستُرفض الطلبات المرسلة به فورًا. لا يمكن التراجع عن ذلك.',
  },
  keyShownTitle: { en: 'New API key — shown only this once', ar: 'مفتاح API الجديد — يُعرض هذه المرة فقط' },
  keyShownHint: {
    en: 'Copy it now into your system\'s configuration; send it as "Authorization: Bearer <key>". Only a hash is stored: it cannot be shown again. If it is lost, create a new key and revoke this one.',
    ar: 'انسخه الآن إلى إعدادات نظامك وأرسله في الترويسة "Authorization: Bearer <key>". لا يُحفظ إلا بصيغة مُجزّأة (hash) فلا يمكن عرضه مرة أخرى. إن فُقد فأنشئ مفتاحًا جديدًا وألغِ هذا.',
  },
  keyFor: { en: 'API key', ar: 'مفتاح API' },
  endpoints: { en: 'Event endpoints', ar: 'نقاط استقبال الأحداث' },
  endpointsIntro: {
    en: 'Every change of a transaction\'s state is sent as a signed "transaction.updated" event to each active endpoint, retried for up to 3 days until it answers 2xx. A paused endpoint gets no new events and its queued ones wait until it is resumed.',
    ar: 'يُرسَل كل تغيير في حالة معاملة كحدث موقّع "transaction.updated" إلى كل نقطة استقبال نشطة، وتُعاد المحاولة حتى 3 أيام إلى أن تجيب برمز 2xx. لا تتلقى النقطة الموقوفة مؤقتًا أحداثًا جديدة، وتنتظر أحداثها المُدرجة حتى تُستأنف.',
  },
  url: { en: 'URL', ar: 'العنوان (URL)' },
  urlHint: {
    en: 'Receives a signed POST per event; use https in production.',
    ar: 'يتلقى طلب POST موقّعًا لكل حدث؛ استخدم https في بيئة الإنتاج.',
  },
  description: { en: 'Description (optional)', ar: 'الوصف (اختياري)' },
  deliveries: { en: 'Deliveries', ar: 'عمليات التسليم' },
  createEndpoint: { en: 'Add endpoint', ar: 'إضافة نقطة الاستقبال' },
  newEndpoint: { en: 'New event endpoint', ar: 'نقطة استقبال أحداث جديدة' },
  log: { en: 'Delivery log', ar: 'سجل التسليم' },
  pause: { en: 'Pause', ar: 'إيقاف مؤقت' },
  resume: { en: 'Resume', ar: 'استئناف' },
  remove: { en: 'Delete', ar: 'حذف' },
  removeConfirm: {
    en: 'Delete this endpoint with its queued events and delivery log? This cannot be undone.',
    ar: 'هل تريد حذف نقطة الاستقبال هذه مع أحداثها المُدرجة وسجل تسليمها؟ لا يمكن التراجع عن ذلك.',
  },
  secretShownTitle: {
    en: 'Signing secret — shown only this once',
    ar: 'سر التوقيع — يُعرض هذه المرة فقط',
  },
  secretShownHint: {
    en: 'Your receiver checks the Payport-Signature header of each event with this secret. Copy it now: it cannot be shown again. If it is lost, add the endpoint again and delete the old one.',
    ar: 'يتحقق المستقبِل لديك من ترويسة Payport-Signature لكل حدث بهذا السر. انسخه الآن: لا يمكن عرضه مرة أخرى. إن فُقد فأضف نقطة الاستقبال من جديد واحذف القديمة.',
  },
  secretFor: { en: 'Signing secret for', ar: 'سر التوقيع لـ' },
  actions: { en: 'Actions', ar: 'الإجراءات' },
} satisfies Record<string, Text>;

/** One listed endpoint with its delivery counts. */
export interface EndpointRow {
  endpoint: EventEndpointRecord;
  counts: DeliveryCounts;
}

/** What the Developers page shows. */
export interface DeveloperPageModel {
  apiKeys: ApiKeySummary[];
  endpoints: EndpointRow[];
  /** The key form as sent, with its errors (after a refused create). */
  keyForm?: { values: { name: string; scopes?: string[] }; errors: FieldError[] };
  endpointForm?: { values: { url: string; description: string }; errors: FieldError[] };
  /** A just-created key: the only page that ever shows it. */
  revealedKey?: { name: string; key: string };
  /** A just-created endpoint's signing secret: the only page that ever shows it. */
  revealedSecret?: { url: string; secret: string };
  flash?: Flash;
}

function revealed(pc: PageContext, m: DeveloperPageModel): SafeHtml {
  const lang = pc.lang;
  if (m.revealedKey) {
    return html`<section class="card highlight" role="status">
      <h2>${t(lang, TEXT.keyShownTitle)}</h2>
      <p class="hint">${t(lang, TEXT.keyShownHint)}</p>
      ${copyField({
        id: 'revealed-api-key',
        label: html`${t(lang, TEXT.keyFor)} <span dir="auto">${m.revealedKey.name}</span>`,
        value: m.revealedKey.key,
        lang,
      })}
    </section>`;
  }
  if (m.revealedSecret) {
    return html`<section class="card highlight" role="status">
      <h2>${t(lang, TEXT.secretShownTitle)}</h2>
      <p class="hint">${t(lang, TEXT.secretShownHint)}</p>
      ${copyField({
        id: 'revealed-endpoint-secret',
        label: html`${t(lang, TEXT.secretFor)} <span dir="ltr" class="detail">${m.revealedSecret.url}</span>`,
        value: m.revealedSecret.secret,
        lang,
      })}
    </section>`;
  }
  return html``;
}

function keyRow(pc: PageContext, key: ApiKeySummary): SafeHtml {
  const lang = pc.lang;
  const status =
    key.revokedAt === null
      ? html`<span class="badge ok">${t(lang, TEXT.keyActive)}</span>`
      : html`<span class="badge bad">${t(lang, TEXT.revoked)}</span> ${time(key.revokedAt, lang)}`;
  const revoke =
    key.revokedAt === null
      ? html`<form
          method="post"
          action="/admin/developers/api-keys/${encodeURIComponent(key.id)}/revoke"
          class="inline"
          data-confirm="${t(lang, TEXT.revokeConfirm)}"
        >
          ${csrfField(pc.csrf)}<button type="submit" class="danger small">${t(lang, TEXT.revoke)}</button>
        </form>`
      : '';
  return html`<tr>
    <td dir="auto">${key.revokedAt === null ? key.name : html`<s>${key.name}</s>`}</td>
    <td><code dir="ltr">${key.prefix}…</code></td>
    <td>${time(key.createdAt, lang)}</td>
    <td>${key.lastUsedAt ? time(key.lastUsedAt, lang) : html`<span class="muted">${t(lang, TEXT.never)}</span>`}</td>
    <td>${status}</td>
    <td class="row-actions">${revoke}</td>
  </tr>`;
}

function keysSection(pc: PageContext, m: DeveloperPageModel): SafeHtml {
  const lang = pc.lang;
  const errors = localizeErrors(lang, m.keyForm?.errors ?? []);
  const scopesError = errors.find((e) => e.field === 'scopes');
  const table =
    m.apiKeys.length === 0
      ? html`<p class="muted">${t(lang, COMMON.none)}</p>`
      : html`<div class="table-wrap">
          <table class="compact cards-on-phone">
            <thead>
              <tr>
                <th scope="col">${t(lang, TEXT.keyName)}</th>
                <th scope="col">${t(lang, TEXT.prefix)}</th>
                <th scope="col">${t(lang, TEXT.created)}</th>
                <th scope="col">${t(lang, TEXT.lastUsed)}</th>
                <th scope="col">${t(lang, TEXT.status)}</th>
                <th scope="col">${t(lang, TEXT.actions)}</th>
              </tr>
            </thead>
            <tbody>
              ${m.apiKeys.map((key) => keyRow(pc, key))}
            </tbody>
          </table>
        </div>`;
  const form = html`<form method="post" action="/admin/developers/api-keys" class="card" novalidate>
    <h3>${t(lang, TEXT.newKey)}</h3>
    ${csrfField(pc.csrf)}
    ${inputField({ name: 'name', label: t(lang, TEXT.keyName), value: m.keyForm?.values.name ?? '', errors, required: true, dir: 'auto', autocomplete: 'off', hint: t(lang, TEXT.keyNameHint) })}
    <fieldset id="f-scopes"${scopesError ? html` class="has-error" aria-describedby="f-scopes-error"` : ''}>
      <legend>${t(lang, TEXT.scopes)}</legend>
      ${scopesError ? html`<p class="field-error" id="f-scopes-error">${scopesError.message}</p>` : ''}
      ${API_SCOPES.map(
        (scope) =>
          html`<label><input type="checkbox" name="scopes" value="${scope}" ${
            (m.keyForm?.values.scopes ?? DEFAULT_API_SCOPES).includes(scope) ? html`checked` : ''
          } /> <code>${scope}</code></label> `,
      )}
    </fieldset>
    <p><button type="submit">${t(lang, TEXT.createKey)}</button></p>
  </form>`;
  return html`<section id="api-keys">
    <h2>${t(lang, TEXT.keys)}</h2>
    ${table}${form}
  </section>`;
}

/** An endpoint as a card rather than a table row: long URLs stay readable on a phone. */
function endpointCard(pc: PageContext, row: EndpointRow): SafeHtml {
  const lang = pc.lang;
  const e = row.endpoint;
  const base = `/admin/developers/endpoints/${encodeURIComponent(e.id)}`;
  const toggle = html`<form method="post" action="${base}/${e.active ? 'pause' : 'resume'}" class="inline">
    ${csrfField(pc.csrf)}<button type="submit" class="secondary small">
      ${t(lang, e.active ? TEXT.pause : TEXT.resume)}
    </button>
  </form>`;
  const remove = html`<form
    method="post"
    action="${base}/delete"
    class="inline"
    data-confirm="${t(lang, TEXT.removeConfirm)}"
  >
    ${csrfField(pc.csrf)}<button type="submit" class="danger small">${t(lang, TEXT.remove)}</button>
  </form>`;
  return html`<article class="card endpoint">
    <h3 class="detail"><a href="${base}" dir="ltr">${e.url}</a></h3>
    ${e.description ? html`<p class="detail" dir="auto">${e.description}</p>` : ''}
    <dl class="facts">
      <dt>${t(lang, TEXT.status)}</dt>
      <dd>${endpointStateBadge(lang, e.active)}</dd>
      <dt>${t(lang, TEXT.deliveries)}</dt>
      <dd>${deliveryCountsLine(lang, row.counts)}</dd>
      <dt>${t(lang, TEXT.created)}</dt>
      <dd>${time(e.createdAt, lang)}</dd>
    </dl>
    <p class="toolbar">
      <a class="button secondary small" href="${base}">${t(lang, TEXT.log)}</a> ${toggle} ${remove}
    </p>
  </article>`;
}

function endpointsSection(pc: PageContext, m: DeveloperPageModel): SafeHtml {
  const lang = pc.lang;
  const errors = localizeErrors(lang, m.endpointForm?.errors ?? []);
  const values = m.endpointForm?.values ?? { url: '', description: '' };
  const list =
    m.endpoints.length === 0
      ? html`<p class="muted">${t(lang, COMMON.none)}</p>`
      : m.endpoints.map((row) => endpointCard(pc, row));
  const form = html`<form method="post" action="/admin/developers/endpoints" class="card" novalidate>
    <h3>${t(lang, TEXT.newEndpoint)}</h3>
    ${csrfField(pc.csrf)}
    <div class="grid-2">
      ${inputField({ name: 'url', label: t(lang, TEXT.url), value: values.url, type: 'url', errors, required: true, dir: 'ltr', placeholder: 'https://shop.example.com/payport/events', hint: t(lang, TEXT.urlHint) })}
      ${inputField({ name: 'description', label: t(lang, TEXT.description), value: values.description, errors, dir: 'auto' })}
    </div>
    <p><button type="submit">${t(lang, TEXT.createEndpoint)}</button></p>
  </form>`;
  return html`<section id="event-endpoints">
    <h2>${t(lang, TEXT.endpoints)}</h2>
    <p class="muted">${t(lang, TEXT.endpointsIntro)}</p>
    ${list}${form}
  </section>`;
}

/** Renders the Developers page. */
export function developerPage(pc: PageContext, m: DeveloperPageModel): string {
  const lang = pc.lang;
  // A refused form: the summary at the top links to its fields, which keep what was typed (S21).
  const labels = {
    name: t(lang, TEXT.keyName),
    scopes: t(lang, TEXT.scopes),
    url: t(lang, TEXT.url),
    description: t(lang, TEXT.description),
  };
  const refused = [...(m.keyForm?.errors ?? []), ...(m.endpointForm?.errors ?? [])];
  const body = html`${errorSummary(lang, refused, labels)}
    <p class="muted">${t(lang, TEXT.intro)}</p>
    ${revealed(pc, m)}${keysSection(pc, m)}${endpointsSection(pc, m)}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'developers',
    ...(m.flash ? { flash: m.flash } : {}),
  });
}
