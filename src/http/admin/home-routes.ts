/** The back-office home (S21) at /admin, and the merchant settings page it links to. */
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../errors.js';
import { loadBackOfficeHome } from '../../services/back-office-home.js';
import {
  loadLogoMeta,
  MAX_LOGO_BYTES,
  removeMerchantLogo,
  saveMerchantLogo,
} from '../../services/merchant-logo.js';
import { loadMerchantSettings, saveMerchantSettings } from '../../services/merchant-settings.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf, requestState } from './guard.js';
import { COMMON, t } from './i18n.js';
import { homePage } from './views/home.js';
import { acceptMultipart, type MultipartBody } from './multipart.js';
import { settingsPage } from './views/settings.js';

const ADMIN_ONLY = { config: { admin: { role: 'admin' as const } } };
/** The logo form's body may hold a file up to 1 MB, so a too-large logo gets a clear answer, not a 413. */
const LOGO_FORM_LIMIT = 1024 * 1024;

function text(body: unknown, field: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : '';
  return typeof value === 'string' ? value.trim() : '';
}

/** Registers /admin (home) and /admin/settings. */
export function registerHomeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', async (request, reply) => {
    const home = await loadBackOfficeHome(ctx.services);
    return reply.type('text/html; charset=utf-8').send(homePage(pageContextOf(request), home));
  });

  app.get('/settings', ADMIN_ONLY, async (request, reply) => {
    const [values, logo] = await Promise.all([
      loadMerchantSettings(ctx.services),
      loadLogoMeta(ctx.services),
    ]);
    const saved = (request.query as Record<string, unknown>).saved !== undefined;
    const flash = saved ? { kind: 'ok' as const, text: t(adminOf(request).lang, COMMON.saved) } : undefined;
    return reply
      .type('text/html; charset=utf-8')
      .send(settingsPage(pageContextOf(request), values, [], flash, logo));
  });

  // The logo (S21): a multipart form of its own, so the other settings keep their plain form.
  void app.register(async (scope) => {
    acceptMultipart(scope, LOGO_FORM_LIMIT);
    // A file far too large is cut off before the form is read: an admin still gets the settings page
    // saying so in their language; anyone else gets the usual answer. Nothing is saved either way.
    scope.setErrorHandler(async (err: { code?: string }, request, reply) => {
      if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE' || requestState(request).user?.role !== 'admin')
        throw err;
      const [values, logo] = await Promise.all([
        loadMerchantSettings(ctx.services),
        loadLogoMeta(ctx.services),
      ]);
      const fields = [{ field: 'logo', message: `a logo may be at most ${MAX_LOGO_BYTES / 1024} KB` }];
      return reply
        .code(413)
        .type('text/html; charset=utf-8')
        .send(settingsPage(pageContextOf(request), values, fields, undefined, logo));
    });
    scope.post('/settings/logo', { ...ADMIN_ONLY, bodyLimit: LOGO_FORM_LIMIT }, async (request, reply) => {
      const file = (request.body as MultipartBody | undefined)?.logo;
      try {
        await saveMerchantLogo(ctx.services, typeof file === 'object' ? file.data : null);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const [values, logo] = await Promise.all([
          loadMerchantSettings(ctx.services),
          loadLogoMeta(ctx.services),
        ]);
        return reply
          .code(422)
          .type('text/html; charset=utf-8')
          .send(settingsPage(pageContextOf(request), values, err.fields, undefined, logo));
      }
      request.log.info({ userId: adminOf(request).user.id }, 'merchant logo saved');
      return reply.redirect('/admin/settings?saved=1', 303);
    });
  });

  app.post('/settings/logo/remove', ADMIN_ONLY, async (request, reply) => {
    await removeMerchantLogo(ctx.services);
    request.log.info({ userId: adminOf(request).user.id }, 'merchant logo removed');
    return reply.redirect('/admin/settings?saved=1', 303);
  });

  app.post('/settings', ADMIN_ONLY, async (request, reply) => {
    const values = {
      timeZone: text(request.body, 'timeZone'),
      name: text(request.body, 'name'),
      accentColor: text(request.body, 'accentColor'),
    };
    try {
      await saveMerchantSettings(ctx.services, values);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(422)
        .type('text/html; charset=utf-8')
        .send(
          settingsPage(
            pageContextOf(request),
            values,
            err.fields,
            undefined,
            await loadLogoMeta(ctx.services),
          ),
        );
    }
    request.log.info({ userId: adminOf(request).user.id }, 'merchant settings saved');
    return reply.redirect('/admin/settings?saved=1', 303);
  });
}
