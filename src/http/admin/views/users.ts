/** Users (admin only): the list, add a user, reset a password (shown once), change a role, delete. */
import type { FieldError } from '../../../errors.js';
import type { UserRecord } from '../../../store/repositories/index.js';
import { USER_ROLES } from '../../../store/schema.js';
import { html, type SafeHtml } from '../../views/html.js';
import { ROLE_TEXT, t, type Text } from '../i18n.js';
import { copyField, csrfField, inputField, selectField, time, type Flash } from './components.js';
import { errorSummary, localizeErrors } from './form-errors.js';
import { adminDocument, type PageContext } from './shell.js';

const TEXT = {
  title: { en: 'Users', ar: 'المستخدمون' },
  intro: {
    en: 'Admins can do everything, including provider credentials and users. Operators see transactions, notifications and payment links, and can refund; they never see credentials or users.',
    ar: 'يمكن للمسؤولين فعل كل شيء، بما في ذلك بيانات اعتماد المزودين والمستخدمين. يرى المشغّلون المعاملات والإشعارات وروابط الدفع ويمكنهم الاسترداد، ولا يرون بيانات الاعتماد أو المستخدمين.',
  },
  add: { en: 'Add a user', ar: 'إضافة مستخدم' },
  email: { en: 'Email or user name', ar: 'البريد الإلكتروني أو اسم المستخدم' },
  role: { en: 'Role', ar: 'الدور' },
  create: { en: 'Add user', ar: 'إضافة المستخدم' },
  status: { en: 'Status', ar: 'الحالة' },
  lockedUntil: { en: 'Locked until', ar: 'مقفل حتى' },
  active: { en: 'Active', ar: 'نشط' },
  since: { en: 'Since', ar: 'منذ' },
  changeRole: { en: 'Change role', ar: 'تغيير الدور' },
  reset: { en: 'Reset password', ar: 'إعادة تعيين كلمة المرور' },
  resetConfirm: {
    en: 'Replace this password? The user is signed out everywhere.',
    ar: 'هل تريد استبدال كلمة المرور هذه؟ سيُسجَّل خروج المستخدم من كل الأجهزة.',
  },
  remove: { en: 'Delete', ar: 'حذف' },
  removeConfirm: { en: 'Delete this user?', ar: 'هل تريد حذف هذا المستخدم؟' },
  you: { en: '(you)', ar: '(أنت)' },
  passwordTitle: {
    en: 'New password — shown only this once',
    ar: 'كلمة المرور الجديدة — تُعرض هذه المرة فقط',
  },
  passwordHint: {
    en: 'Copy it now and hand it over securely. It is not stored anywhere in readable form.',
    ar: 'انسخها الآن وسلّمها بطريقة آمنة. لا تُحفظ في أي مكان بصيغة مقروءة.',
  },
  password: { en: 'Password for', ar: 'كلمة مرور' },
} satisfies Record<string, Text>;

/** What the page shows. */
export interface UsersModel {
  users: UserRecord[];
  currentUserId: string;
  now: Date;
  values?: { email: string; role: string };
  errors?: FieldError[];
  /** A password to show once (after add or reset). */
  revealed?: { email: string; password: string };
  flash?: Flash;
}

function roleOptions(lang: PageContext['lang']) {
  return USER_ROLES.map((role) => ({ value: role, label: t(lang, ROLE_TEXT[role]) }));
}

function userRow(pc: PageContext, m: UsersModel, user: UserRecord): SafeHtml {
  const lang = pc.lang;
  const id = encodeURIComponent(user.id);
  const locked = user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > m.now.getTime();
  const self = user.id === m.currentUserId;
  const options = roleOptions(lang).map(
    (o) =>
      html`<option value="${o.value}" ${o.value === user.role ? html` selected` : ''}>${o.label}</option>`,
  );
  return html`<tr>
    <td dir="ltr">${user.email}${self ? html` <span class="muted">${t(lang, TEXT.you)}</span>` : ''}</td>
    <td>
      <form method="post" action="/admin/users/${id}/role" class="inline">
        ${csrfField(pc.csrf)}<label class="sr-only" for="role-${user.id}">${t(lang, TEXT.role)}</label
        ><select id="role-${user.id}" name="role">
          ${options}
        </select>
        <button type="submit" class="secondary small">${t(lang, TEXT.changeRole)}</button>
      </form>
    </td>
    <td>
      ${locked ? html`<span class="badge bad">${t(lang, TEXT.lockedUntil)}</span> ${time(user.lockedUntil, lang)}` : html`<span class="badge ok">${t(lang, TEXT.active)}</span>`}<br /><span
        class="muted"
        >${t(lang, TEXT.since)}</span
      >
      ${time(user.createdAt, lang)}
    </td>
    <td class="row-actions">
      <form
        method="post"
        action="/admin/users/${id}/reset-password"
        class="inline"
        data-confirm="${t(lang, TEXT.resetConfirm)}"
      >
        ${csrfField(pc.csrf)}<button type="submit" class="secondary small">${t(lang, TEXT.reset)}</button>
      </form>
      ${
        self
          ? ''
          : html` <form
              method="post"
              action="/admin/users/${id}/delete"
              class="inline"
              data-confirm="${t(lang, TEXT.removeConfirm)}"
            >
              ${csrfField(pc.csrf)}<button type="submit" class="danger small">${t(lang, TEXT.remove)}</button>
            </form>`
      }
    </td>
  </tr>`;
}

/** Renders the users page. */
export function usersPage(pc: PageContext, m: UsersModel): string {
  const lang = pc.lang;
  const errors = localizeErrors(lang, m.errors ?? []);
  const labels = { email: t(lang, TEXT.email), role: t(lang, TEXT.role) };
  const revealed = m.revealed
    ? html`<section class="card highlight" role="status">
        <h2>${t(lang, TEXT.passwordTitle)}</h2>
        <p class="hint">${t(lang, TEXT.passwordHint)}</p>
        ${copyField({
          id: 'revealed-password',
          label: html`${t(lang, TEXT.password)} <span dir="ltr">${m.revealed.email}</span>`,
          value: m.revealed.password,
          lang,
        })}
      </section>`
    : '';
  const add = html`<form method="post" action="/admin/users" class="card" novalidate>
    <h2>${t(lang, TEXT.add)}</h2>
    ${csrfField(pc.csrf)}
    <div class="grid-2">
      ${inputField({ name: 'email', label: t(lang, TEXT.email), value: m.values?.email ?? '', errors, required: true, dir: 'ltr', autocomplete: 'off' })}
      ${selectField({ name: 'role', label: t(lang, TEXT.role), value: m.values?.role ?? 'operator', options: roleOptions(lang), errors })}
    </div>
    <p><button type="submit">${t(lang, TEXT.create)}</button></p>
  </form>`;
  const table = html`<div class="table-wrap">
    <table class="cards-on-phone">
      <thead>
        <tr>
          <th scope="col">${t(lang, TEXT.email)}</th>
          <th scope="col">${t(lang, TEXT.role)}</th>
          <th scope="col">${t(lang, TEXT.status)}</th>
          <th scope="col"><span class="sr-only">actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${m.users.map((u) => userRow(pc, m, u))}
      </tbody>
    </table>
  </div>`;
  // Refused: the summary first, linking to the add form's fields (which keep what was typed).
  const body = html`${errorSummary(lang, m.errors ?? [], labels)}
    <p class="muted">${t(lang, TEXT.intro)}</p>
    ${revealed}${table}${add}`;
  return adminDocument(pc, {
    title: t(lang, TEXT.title),
    body,
    active: 'users',
    ...(m.flash ? { flash: m.flash } : {}),
  });
}
