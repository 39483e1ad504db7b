/** Builds payport's Fastify app: plugins, error mapping, metrics and every route family. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { AppContext } from './context.js';
import { registerErrorHandling } from './plugins/errors.js';
import { registerSecurityHeaders } from './plugins/security-headers.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerAssetRoutes } from './routes/assets.js';
import { registerApsRoutes } from './aps/routes.js';
import { registerPublicRoutes } from './public/index.js';
import { backOfficeUserOf, registerAdminRoutes, type AdminOptions } from './admin/index.js';
import { registerApiRoutes } from './api/index.js';
import { BODY_LIMIT } from './limits.js';

export { BODY_LIMIT };

/** Options of the route families (tests tighten limits). */
export interface AppOptions {
  admin?: AdminOptions;
}

/** Creates the app; call `listen` (or `inject` in tests) on the result. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  registerErrorHandling(app);
  await registerSecurityHeaders(app, { https: ctx.config.publicUrl.startsWith('https:') });
  await app.register(formbody, { bodyLimit: BODY_LIMIT });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpDuration
      .labels(request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  registerHealthRoutes(app, ctx);
  registerAssetRoutes(app);
  await registerApsRoutes(app, ctx);
  await registerPublicRoutes(app, ctx, {
    isBackOfficeUser: async (request) => (await backOfficeUserOf(ctx, request)) !== null,
  });
  await registerAdminRoutes(app, ctx, options.admin);
  await registerApiRoutes(app, ctx);
  return app;
}
