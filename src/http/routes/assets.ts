/**
 * Serves payport's static assets (CSS, the small scripts, the icon) from memory with long caching, the
 * icon also at `/favicon.ico` and `/favicon.svg` where browsers look for it without a link.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, string> = {
  'payport.css': 'text/css; charset=utf-8',
  'autosubmit.js': 'text/javascript; charset=utf-8',
  'status.js': 'text/javascript; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
  'top-navigate.js': 'text/javascript; charset=utf-8',
  'apple-pay.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** Registers GET /assets/<name>, the icon and `/` (to the back office). */
export function registerAssetRoutes(app: FastifyInstance): void {
  const files = new Map(
    Object.entries(ASSETS).map(([name, type]) => [
      name,
      { type, body: readFileSync(new URL(`../assets/${name}`, import.meta.url)) },
    ]),
  );
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.callNotFound();
    return reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body);
  });
  const icon = files.get('favicon.svg');
  for (const path of ['/favicon.ico', '/favicon.svg']) {
    app.get(path, async (_request, reply) =>
      reply.type(icon!.type).header('cache-control', 'public, max-age=86400').send(icon!.body),
    );
  }
  // The service has no public home page: whoever opens its address is a merchant or an operator.
  app.get('/', async (_request, reply) => reply.redirect('/admin', 302));
}
