/**
 * The merchant's branding on customer pages (S21): `GET /brand/logo` (the uploaded picture, with its
 * ETag), `GET /brand/theme.css` (the accent colour as CSS custom properties, one immutable URL per
 * colour, so pages keep `style-src 'self'`), and the hook that gives customer requests their branding.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readableOn, textColorOn } from '../../domain/color.js';
import { loadCustomerBranding, loadMerchantLogo } from '../../services/merchant-logo.js';
import type { AppContext } from '../context.js';
import { runWithBranding } from '../views/branding.js';

/** The page backgrounds links must stay readable on (`--bg` and `--card` of payport.css). */
const PAGE_BACKGROUND = '#f5f7f9';

/** The CSS of an accent colour: buttons in it with black or white text, links dark enough to read. */
export function accentCss(accent: string): string {
  const link = readableOn(accent, PAGE_BACKGROUND);
  return [
    `body.public { --accent: ${accent}; --accent-ink: ${textColorOn(accent)}; --accent-link: ${link}; }`,
    'body.public a:not(.button) { color: var(--accent-link); }',
    '',
  ].join('\n');
}

/** Customer pages that get the merchant's branding (pages, not JSON answers or provider callbacks). */
function isCustomerPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'POST') return false;
  const path = request.url.split('?')[0] ?? '';
  if (request.routeOptions.url === undefined) {
    // An unknown address answers the not-found page, branded on the public site only.
    return !path.startsWith('/admin') && !path.startsWith('/api/') && !path.startsWith('/_');
  }
  if (path.startsWith('/pay/')) return true;
  if (!path.startsWith('/payment/')) return false;
  // The card form's answers are small pages inside the branded card page's frame: no second header.
  return !(
    path === '/payment/status/poll' ||
    path === '/payment/aps/webhook' ||
    path === '/payment/aps/card' ||
    path.startsWith('/payment/apple-pay/')
  );
}

/** Registers the brand routes and the branding of customer pages. */
export function registerBrandRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('preHandler', (request, _reply, done) => {
    if (!isCustomerPage(request)) return done();
    loadCustomerBranding(ctx.services).then(
      (branding) => runWithBranding(branding, done),
      (err: unknown) => {
        // A page without the merchant's colours is better than no page: log and carry on.
        request.log.warn({ err }, 'merchant branding could not be loaded');
        done();
      },
    );
  });

  app.get('/brand/logo', async (request, reply) => {
    const logo = await loadMerchantLogo(ctx.services);
    if (!logo) return reply.callNotFound();
    const etag = `"${logo.meta.etag}"`;
    const versioned = (request.query as Record<string, unknown>).v === logo.meta.etag;
    reply
      .header('etag', etag)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .header('content-disposition', 'inline; filename="logo"');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(logo.meta.type).send(logo.bytes);
  });

  app.get('/brand/theme.css', async (request, reply) => {
    const accent = (request.query as Record<string, unknown>).accent;
    if (typeof accent !== 'string' || !/^[0-9a-f]{6}$/.test(accent)) return reply.callNotFound();
    return reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(accentCss(`#${accent}`));
  });
}
