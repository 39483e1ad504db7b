/** Notifications (S11): the log of inbound provider messages, filtered by outcome, with "reprocess". */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound, ValidationError } from '../../errors.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { tf } from './i18n.js';
import { canReprocess, outcomeOf, reprocessor } from './reprocess.js';
import type { Flash } from './views/components.js';
import { notificationsPage } from './views/notifications.js';

const REPROCESSED = {
  en: 'Reprocessed: the message now has the outcome "{outcome}".',
  ar: 'أُعيدت المعالجة: نتيجة الرسالة الآن "{outcome}".',
};

function one(value: unknown): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim().slice(0, 100) : '';
}

/** Registers /admin/notifications… */
export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/notifications', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const outcome = one(query.outcome);
    const cursor = one(query.cursor);
    const filter = outcome ? { outcome } : {};
    let page;
    try {
      page = await ctx.store.repos.notifications.list(filter, { limit: 50, cursor: cursor || null });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      page = await ctx.store.repos.notifications.list(filter, { limit: 50 });
    }
    const reprocessed = one(query.reprocessed);
    const flash: Flash | undefined = reprocessed
      ? { kind: 'ok', text: tf(adminOf(request).lang, REPROCESSED, { outcome: reprocessed }) }
      : undefined;
    const document = notificationsPage(pageContextOf(request), {
      outcome,
      cursor,
      items: page.items,
      nextCursor: page.nextCursor,
      canReprocess,
      ...(flash ? { flash } : {}),
    });
    return reply.type('text/html; charset=utf-8').send(document);
  });

  app.post(
    '/notifications/:id/reprocess',
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const run = reprocessor();
      if (!run) return reply.callNotFound();
      const notification = await ctx.store.repos.notifications.findById(request.params.id);
      if (!notification) throw new NotFound('This notification does not exist.');
      if (!canReprocess(notification.outcome)) {
        throw new ValidationError(
          `A notification with the outcome "${notification.outcome}" cannot be reprocessed: reprocessing could not change it.`,
        );
      }
      const result = await run(ctx.services, notification.id);
      const after =
        outcomeOf(result) ?? (await ctx.store.repos.notifications.findById(notification.id))?.outcome ?? '';
      request.log.info(
        { userId: adminOf(request).user.id, notificationId: notification.id, outcome: after },
        'notification reprocessed',
      );
      return reply.redirect(`/admin/notifications?reprocessed=${encodeURIComponent(after)}`, 303);
    },
  );
}
