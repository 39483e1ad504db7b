/** The back-office page shell: skip link, navigation by role, language switch, sign-out, flash, title. */
import type { Language } from '../../../domain/locale.js';
import type { UserRole } from '../../../store/schema.js';
import { html, type SafeHtml } from '../../views/html.js';
import { page } from '../../views/layout.js';
import { ROLE_TEXT, SECTION_TEXT, t, type Section } from '../i18n.js';
import { csrfField, flashBox, type Flash } from './components.js';

/** What every back-office view needs to know about the request. */
export interface PageContext {
  lang: Language;
  /** The signed-in user, or null on the sign-in page. */
  user: { email: string; role: UserRole } | null;
  /** The session's CSRF token for POST forms (null before sign-in). */
  csrf: string | null;
  /** Path and query of the current request (for the language switch). */
  url: string;
}

const TEXT = {
  skip: { en: 'Skip to content', ar: 'انتقل إلى المحتوى' },
  nav: { en: 'Back office', ar: 'لوحة الإدارة' },
  signOut: { en: 'Sign out', ar: 'تسجيل الخروج' },
  switchTo: { en: 'العربية', ar: 'English' },
  backOffice: { en: 'payport back office', ar: 'لوحة إدارة payport' },
};

const SECTIONS: { section: Section; path: string; adminOnly: boolean }[] = [
  { section: 'home', path: '/admin', adminOnly: false },
  { section: 'transactions', path: '/admin/transactions', adminOnly: false },
  { section: 'notifications', path: '/admin/notifications', adminOnly: false },
  { section: 'links', path: '/admin/payment-links', adminOnly: false },
  { section: 'customers', path: '/admin/customers', adminOnly: false },
  { section: 'providers', path: '/admin/providers', adminOnly: false },
  { section: 'developers', path: '/admin/developers', adminOnly: true },
  { section: 'users', path: '/admin/users', adminOnly: true },
  { section: 'settings', path: '/admin/settings', adminOnly: true },
];

/** The current URL with `lang` set to the other language. */
export function switchLanguageUrl(url: string, to: Language): string {
  const parsed = new URL(url, 'http://admin.invalid');
  parsed.searchParams.set('lang', to);
  return `${parsed.pathname}${parsed.search}`;
}

function navigation(pc: PageContext, active: Section | undefined): SafeHtml {
  if (!pc.user) return html``;
  const role = pc.user.role;
  const links = SECTIONS.filter((s) => !s.adminOnly || role === 'admin').map(
    (s) =>
      html`<li>
        <a href="${s.path}" ${s.section === active ? html` aria-current="page"` : ''}
          >${t(pc.lang, SECTION_TEXT[s.section])}</a
        >
      </li>`,
  );
  return html`<nav aria-label="${t(pc.lang, TEXT.nav)}">
    <ul>
      ${links}
    </ul>
  </nav>`;
}

function account(pc: PageContext): SafeHtml {
  const other: Language = pc.lang === 'ar' ? 'en' : 'ar';
  const langLink = html`<a href="${switchLanguageUrl(pc.url, other)}" hreflang="${other}" lang="${other}"
    >${t(pc.lang, TEXT.switchTo)}</a
  >`;
  if (!pc.user) return html`<div class="admin-account">${langLink}</div>`;
  return html`<div class="admin-account">
    <span class="who" dir="ltr">${pc.user.email}</span>
    <span class="badge off">${t(pc.lang, ROLE_TEXT[pc.user.role])}</span>
    ${langLink}
    <form method="post" action="/admin/logout" class="inline">
      ${csrfField(pc.csrf)}<button type="submit" class="secondary small">${t(pc.lang, TEXT.signOut)}</button>
    </form>
  </div>`;
}

/** A complete back-office document. */
export function adminDocument(
  pc: PageContext,
  options: { title: string; body: SafeHtml; active?: Section; flash?: Flash; heading?: boolean },
): string {
  const body = html`<a class="skip-link" href="#main">${t(pc.lang, TEXT.skip)}</a>
    <header class="admin-bar">
      <a class="brand" href="/admin">${t(pc.lang, TEXT.backOffice)}</a>
      ${navigation(pc, options.active)} ${account(pc)}
    </header>
    <main id="main">
      ${options.heading === false ? '' : html`<h1>${options.title}</h1>`} ${flashBox(options.flash)}
      ${options.body}
    </main>`;
  return page({
    lang: pc.lang,
    title: `${options.title} · payport`,
    body,
    scripts: ['/assets/admin.js'],
    bodyClass: 'admin',
  });
}
