/** Builds payport's Fastify app: plugins, error mapping, metrics and every route family. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { AppContext } from './context.js';
import { registerErrorHandling, sendError } from './plugins/errors.js';
import { FALLBACK_SECURITY_HEADERS, registerSecurityHeaders } from './plugins/security-headers.js';
import { registerRateLimits, type RateLimitOptions } from './plugins/rate-limits.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerBrandRoutes } from './routes/brand.js';
import { registerApsRoutes } from './aps/routes.js';
import { registerCardFormRoute } from './aps/card-form-route.js';
import { registerPublicRoutes } from './public/index.js';
import { backOfficeUserOf, registerAdminRoutes, type AdminOptions } from './admin/index.js';
import { registerApiRoutes } from './api/index.js';
import { BODY_LIMIT } from './limits.js';
import { requestLoggerFactory } from './request-logger.js';
import { lazySchemaCompilers } from './plugins/schema-compilers.js';

export { BODY_LIMIT };

/** Options of the route families (tests tighten limits). */
export interface AppOptions {
  admin?: AdminOptions;
  /** Per-client limits of the customer routes (S14); `false` turns them off. */
  rateLimits?: RateLimitOptions;
  /** Time limits on slow clients (tests shorten them). */
  timeouts?: Partial<ClientTimeouts>;
}

/** How long a client may take (S14 "Slow and large clients"). */
export interface ClientTimeouts {
  /** The whole request, headers and body, must arrive within this. */
  requestMs: number;
  /** The headers must arrive within this. */
  headersMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveMs: number;
  /** A connection with no traffic at all for this long is closed. */
  idleMs: number;
}

/**
 * A body that has not arrived within 30 s is cut off (a trickle of one byte every few seconds would
 * otherwise hold a connection, and a file descriptor, for ever); headers get 15 s; idle keep-alive 5 s.
 */
export const DEFAULT_CLIENT_TIMEOUTS: Readonly<ClientTimeouts> = Object.freeze({
  requestMs: 30_000,
  headersMs: 15_000,
  keepAliveMs: 5_000,
  idleMs: 60_000,
});

/** Creates the app; call `listen` (or `inject` in tests) on the result. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_CLIENT_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    childLoggerFactory: requestLoggerFactory,
    schemaController: { compilersFactory: lazySchemaCompilers() },
    bodyLimit: BODY_LIMIT,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionTimeout: timeouts.idleMs,
    http: {
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      // Node enforces the two limits above on this beat; its default (30 s) would double the cut-off.
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(timeouts.requestMs / 6))),
    },
    // Fastify accepts a hop count too; its types only list the other forms.
    trustProxy: ctx.config.trustProxy as boolean | string[],
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // Malformed URLs are refused before any hook runs: answer them like every other error, with headers.
    frameworkErrors: (err, request, reply) => {
      reply.headers(FALLBACK_SECURITY_HEADERS);
      sendError(request, reply, err);
    },
  });
  registerErrorHandling(app);
  registerSecurityHeaders(app, { https: ctx.config.publicUrl.startsWith('https:') });
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  await registerRateLimits(app, options.rateLimits, ctx.config.apsRateLimitPerMinute);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpDuration
      .labels(request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  registerHealthRoutes(app, ctx);
  registerAssetRoutes(app);
  registerBrandRoutes(app, ctx);
  await registerApsRoutes(app, ctx);
  await registerCardFormRoute(app, ctx);
  await registerPublicRoutes(app, ctx, {
    isBackOfficeUser: async (request) => (await backOfficeUserOf(ctx, request)) !== null,
  });
  await registerAdminRoutes(app, ctx, options.admin);
  await registerApiRoutes(app, ctx);
  return app;
}
