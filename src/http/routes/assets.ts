/** Serves payport's static assets (CSS and the two small scripts) from memory with long caching. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, string> = {
  'payport.css': 'text/css; charset=utf-8',
  'autosubmit.js': 'text/javascript; charset=utf-8',
  'status.js': 'text/javascript; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
};

/** Registers GET /assets/<name>. */
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
}
