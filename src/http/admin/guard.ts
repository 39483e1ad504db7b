/**
 * The back office's request guard: language choice, the session from its cookie, CSRF on every POST
 * (a forged post is answered 403 before any handler runs), sign-in required except on public routes,
 * and the admin-only routes (operators get 403). Handlers read the result with {@link adminOf}.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Language } from '../../domain/locale.js';
import type { SessionRecord, UserRecord } from '../../store/repositories/index.js';
import type { UserRole } from '../../store/schema.js';
import { loginCsrfMatches } from '../../services/auth/login-csrf.js';
import { csrfMatches, resumeSession } from '../../services/auth/sessions.js';
import type { AppContext } from '../context.js';
import { isLanguage, pickLanguage } from '../views/language.js';
import { html } from '../views/html.js';
import { adminDocument, type PageContext } from './views/shell.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Back office: `public` routes need no session; `role: 'admin'` shuts operators out. */
    admin?: { public?: boolean; role?: UserRole };
  }
}

/** Cookie holding the session token (path /admin, HttpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'payport_session';
/** Cookie holding the sign-in form's CSRF nonce (behind https: {@link signInCookieName}). */
export const SIGN_IN_COOKIE = 'payport_signin';

/**
 * The sign-in nonce cookie's name: behind https it carries the `__Host-` prefix, so the browser accepts
 * it only Secure, for this host and path `/` — a sibling subdomain cannot plant a nonce of its own.
 */
export function signInCookieName(ctx: AppContext): string {
  return ctx.config.publicUrl.startsWith('https:') ? `__Host-${SIGN_IN_COOKIE}` : SIGN_IN_COOKIE;
}
/** Where a back-office user sets up the TOTP second factor. */
export const TWO_FACTOR_PATH = '/admin/account/two-factor';
/** Cookie remembering the chosen language. */
export const LANG_COOKIE = 'payport_lang';

/** What the guard learnt about one request. */
export interface AdminRequestState {
  lang: Language;
  user: UserRecord | null;
  session: SessionRecord | null;
}

const states = new WeakMap<FastifyRequest, AdminRequestState>();

/** The guard's state of a request (language always; user and session when signed in). */
export function requestState(request: FastifyRequest): AdminRequestState {
  return states.get(request) ?? { lang: 'en', user: null, session: null };
}

/** The signed-in user and session; only call from routes that are not public. */
export function adminOf(request: FastifyRequest): {
  user: UserRecord;
  session: SessionRecord;
  lang: Language;
} {
  const state = requestState(request);
  if (!state.user || !state.session) throw new Error('adminOf() called on a request without a session');
  return { user: state.user, session: state.session, lang: state.lang };
}

/** What the views need: language, user, CSRF token, URL. */
export function pageContextOf(request: FastifyRequest): PageContext {
  const state = requestState(request);
  return {
    lang: state.lang,
    user: state.user ? { email: state.user.email, role: state.user.role } : null,
    csrf: state.session?.csrfToken ?? null,
    url: request.url,
  };
}

/**
 * Cookie attributes of the back office: HttpOnly, SameSite=Lax, Secure behind https. The session
 * cookie is sent site-wide (path `/`) because the payment pages show unpublished providers to
 * signed-in back-office users (S3); the other cookies stay under /admin.
 */
export function cookieOptions(ctx: AppContext, maxAgeSeconds?: number, path: '/' | '/admin' = '/admin') {
  return {
    path,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl.startsWith('https:'),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** The session cookie's token in a raw `Cookie` header (for routes outside /admin, without a cookie parser). */
export function sessionTokenOf(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=');
  }
  return undefined;
}

/**
 * The signed-in back-office user of any request, or null: payment pages use it to show unpublished
 * providers to merchants testing them (S3).
 */
export async function backOfficeUserOf(ctx: AppContext, request: FastifyRequest): Promise<UserRecord | null> {
  const active = await resumeSession(ctx.store, ctx.clock, sessionTokenOf(request.headers.cookie));
  return active?.user ?? null;
}

const TEXT = {
  forbidden: { en: 'Not allowed', ar: 'غير مسموح' },
  adminOnly: {
    en: 'This page is for admins: operators do not see or change provider credentials or users.',
    ar: 'هذه الصفحة للمسؤولين فقط: لا يطّلع المشغّلون على بيانات اعتماد المزودين أو المستخدمين ولا يغيّرونها.',
  },
  csrf: {
    en: 'This form was not sent from this back office, or it has expired. Nothing was changed. Go back, reload the page and try again.',
    ar: 'لم يُرسَل هذا النموذج من لوحة الإدارة هذه أو انتهت صلاحيته. لم يتغير شيء. ارجع وأعد تحميل الصفحة ثم حاول مرة أخرى.',
  },
};

/** Answers 403 with a back-office page explaining why. */
export function sendForbidden(
  request: FastifyRequest,
  reply: FastifyReply,
  reason: 'role' | 'csrf',
): FastifyReply {
  const pc = pageContextOf(request);
  const message = reason === 'role' ? TEXT.adminOnly : TEXT.csrf;
  const document = adminDocument(pc, {
    title: TEXT.forbidden[pc.lang],
    body: html`<p class="flash error" role="alert">${message[pc.lang]}</p>`,
  });
  return reply.code(403).type('text/html; charset=utf-8').send(document);
}

function bodyField(request: FastifyRequest, name: string): unknown {
  const body = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

/** A `next` target that stays inside the back office (no open redirect). */
export function safeNext(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/admin') ||
    value.startsWith('//') ||
    /[\\\s]/.test(value)
  ) {
    return '/admin';
  }
  return value;
}

/** Installs the guard on the back-office plugin. */
export function installAdminGuard(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const cookies = request.cookies;
    let lang: Language;
    if (typeof query.lang === 'string' && query.lang !== '') {
      lang = pickLanguage(query.lang, undefined);
      reply.setCookie(LANG_COOKIE, lang, cookieOptions(ctx, 365 * 24 * 3600));
    } else if (isLanguage(cookies[LANG_COOKIE])) {
      lang = cookies[LANG_COOKIE] as Language;
    } else {
      lang = pickLanguage(undefined, request.headers['accept-language']);
    }
    const active = await resumeSession(ctx.store, ctx.clock, cookies[SESSION_COOKIE]);
    states.set(request, { lang, user: active?.user ?? null, session: active?.session ?? null });
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
  });

  app.addHook('preHandler', async (request, reply) => {
    const config = request.routeOptions.config.admin ?? {};
    const state = requestState(request);
    if (request.method === 'POST') {
      const token = bodyField(request, '_csrf');
      const valid = config.public
        ? loginCsrfMatches(ctx.config.secret, request.cookies[signInCookieName(ctx)], token)
        : state.session !== null && csrfMatches(state.session, token);
      if (!valid) {
        request.log.warn(
          { path: request.routeOptions.url, signedIn: state.session !== null },
          'back-office form refused: CSRF token missing or wrong',
        );
        return sendForbidden(request, reply, 'csrf');
      }
    }
    if (config.public) return;
    if (!state.user) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.redirect(`/admin/login${next}`, 303);
    }
    // PAYPORT_REQUIRE_2FA: an admin without a second factor may only set one up (or sign out).
    if (
      ctx.config.require2fa === true &&
      state.user.role === 'admin' &&
      state.user.totpSecretSealed === null &&
      request.routeOptions.url !== TWO_FACTOR_PATH &&
      request.routeOptions.url !== '/admin/logout'
    ) {
      return reply.redirect(TWO_FACTOR_PATH, 303);
    }
    if (config.role === 'admin' && state.user.role !== 'admin') {
      request.log.warn(
        { path: request.routeOptions.url, userId: state.user.id },
        'operator refused an admin-only page',
      );
      return sendForbidden(request, reply, 'role');
    }
  });
}
