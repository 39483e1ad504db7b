/**
 * The API's routes as data: method, path, input schemas, success answer and handler. The same list is
 * registered in Fastify (`index.ts`) and described in the OpenAPI document (`openapi.ts`).
 */
import type { z } from 'zod';
import type { FieldError } from '../../errors.js';
import type { ServiceContext } from '../../services/context.js';
import type { ApiKeySummary, ApiScope } from '../../services/api/api-keys.js';

/** What a handler answers: a status, a JSON body (none for 204) and extra headers. */
export interface ApiAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives once the caller is authenticated and the input validated. */
export interface ApiRequestInput<B, Q, P> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
  /** The caller's key; absent on public routes. */
  apiKey: ApiKeySummary | undefined;
  ctx: ServiceContext;
}

/** One API route. `path` is relative to `/api/v1`, with OpenAPI-style `{name}` parameters. */
export interface RouteSpec<
  B extends z.ZodType | undefined,
  Q extends z.ZodObject | undefined,
  P extends z.ZodObject | undefined,
> {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Served without an API key (only the OpenAPI document). */
  public?: boolean;
  /** The scope a key needs; see {@link scopeOf} for the default. */
  scope?: ApiScope;
  body?: B;
  query?: Q;
  params?: P;
  /** Rules across fields, checked together with the body's shape. */
  bodyRules?: (raw: unknown) => FieldError[];
  success: { status: number; description: string; schema?: z.ZodType };
  /** Problem statuses beyond those implied by the route (401, 404 with params, 409 on POST, 422 with input). */
  problems?: number[];
  handle(input: ApiRequestInput<B, Q, P>): Promise<ApiAnswer>;
}

/** A route with its types erased, as the registry and the document builder see it. */
export type ApiRoute = RouteSpec<z.ZodType | undefined, z.ZodObject | undefined, z.ZodObject | undefined>;

/** Declares a route; the handler's input types follow from the schemas given. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  P extends z.ZodObject | undefined = undefined,
>(spec: RouteSpec<B, Q, P>): ApiRoute {
  return spec as unknown as ApiRoute;
}

/**
 * The scope a route needs: `endpoints` for event endpoints, `read` for other reads, `operations` for
 * capture/void/refund/status check of a transaction, `payments` for creating payments and links.
 */
export function scopeOf(route: ApiRoute): ApiScope {
  if (route.scope) return route.scope;
  if (route.path.startsWith('/event-endpoints')) return 'endpoints';
  if (route.method === 'GET') return 'read';
  if (/^\/transactions\/\{[^}]+\}\/./.test(route.path)) return 'operations';
  return 'payments';
}

/** The problem statuses a route can answer. */
export function problemStatuses(route: ApiRoute): number[] {
  const statuses = new Set<number>(route.problems ?? []);
  if (!route.public) {
    statuses.add(401);
    statuses.add(403);
  }
  if (route.params) statuses.add(404);
  if (route.method === 'POST') statuses.add(409);
  if (route.body || route.query || route.method === 'POST') statuses.add(422);
  return [...statuses].sort((a, b) => a - b);
}

/** `/transactions/{reference}` → `/transactions/:reference` (Fastify's syntax). */
export function fastifyPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1');
}
