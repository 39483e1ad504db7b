/** Liveness, readiness and Prometheus metrics (S2). */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { migrationStatus } from '../../store/migrator.js';

/** Registers /healthz, /readyz and — unless it has an address of its own (METRICS_PORT) — /metrics. */
export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await ctx.store.ping();
      const status = await migrationStatus(ctx.store);
      if (status.pending.length > 0) {
        return reply
          .code(503)
          .send({ status: 'not_ready', reason: `${status.pending.length} migration(s) pending` });
      }
      return { status: 'ready' };
    } catch (err) {
      ctx.logger.warn({ err }, 'readiness check failed');
      return reply.code(503).send({ status: 'not_ready', reason: 'database unavailable' });
    }
  });

  if (ctx.config.metrics === undefined) registerMetricsRoute(app, ctx);
}

/** Registers GET /metrics (Prometheus text format). */
export function registerMetricsRoute(app: FastifyInstance, ctx: Pick<AppContext, 'metrics'>): void {
  app.get('/metrics', async (_request, reply) => {
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
