/** Every route a Fastify app serves, read from `printRoutes()`, and concrete URLs to call them with. */
import type { FastifyInstance } from 'fastify';

/** One registered route (HEAD routes, which Fastify derives from GET, are left out). */
export interface RouteEntry {
  method: string;
  url: string;
}

const LINE = /^([│ ]*)[├└]── (.+) \(([A-Z, ]+)\)$/;

/** The routes of `app`, e.g. `{ method: 'GET', url: '/admin/transactions/:reference' }`. */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const parents: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const url = (parents[depth - 1] ?? '') + (match[2] ?? '');
    parents[depth] = url;
    parents.length = depth + 1;
    for (const method of (match[3] ?? '').split(', ')) {
      if (method !== 'HEAD') routes.push({ method, url });
    }
  }
  return routes;
}

/** The route's key in tables: `"GET /pay/:id"`. */
export function routeKey(route: RouteEntry): string {
  return `${route.method} ${route.url}`;
}

/** A concrete path for a route pattern, with each parameter replaced by `values[name]`. */
export function fillPath(url: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'does-not-exist'));
}
