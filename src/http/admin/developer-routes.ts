/**
 * Developers (S11, admin only): API keys (create — shown once —, revoke), event endpoints (create —
 * secret shown once —, pause/resume, delete) and each endpoint's delivery log with "resend".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Conflict, NotFound, ValidationError, type FieldError } from '../../errors.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/api/api-keys.js';
import { createEventEndpoint, deleteEventEndpoint } from '../../services/api/event-endpoints.js';
import type { AppContext } from '../context.js';
import { deliveryCounts, deliveryLogPage, endpointRows } from './developer-data.js';
import { adminOf, pageContextOf } from './guard.js';
import { t, type Text } from './i18n.js';
import type { Flash } from './views/components.js';
import { deliveryLogPage as renderDeliveryLog } from './views/developer-endpoint.js';
import { developerPage, type DeveloperPageModel } from './views/developer-page.js';

const ADMIN_ONLY = { config: { admin: { role: 'admin' as const } } };
/** The same limits as the API's `POST /event-endpoints`. */
const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 500;

type IdRequest = FastifyRequest<{ Params: { id: string } }>;
type EventRequest = FastifyRequest<{ Params: { id: string; eventId: string } }>;

const TEXT = {
  revoked: { en: 'The API key was revoked.', ar: 'أُلغي مفتاح API.' },
  paused: { en: 'The endpoint was paused.', ar: 'أُوقفت نقطة الاستقبال مؤقتًا.' },
  resumed: { en: 'The endpoint was resumed.', ar: 'استُؤنفت نقطة الاستقبال.' },
  deleted: { en: 'The endpoint was deleted.', ar: 'حُذفت نقطة الاستقبال.' },
  resent: { en: 'The event was queued again.', ar: 'أُدرج الحدث من جديد.' },
  leased: {
    en: 'This event is being delivered right now. Reload the page in a moment and resend it if it still has not arrived.',
    ar: 'يجري تسليم هذا الحدث الآن. أعد تحميل الصفحة بعد لحظة وأعد إرساله إن لم يصل بعد.',
  },
} satisfies Record<string, Text>;

/** `?done=<what>` after a redirect, mapped to its message (unknown values show nothing). */
const DONE: Record<string, Text> = {
  revoked: TEXT.revoked,
  paused: TEXT.paused,
  resumed: TEXT.resumed,
  deleted: TEXT.deleted,
  resent: TEXT.resent,
};

function field(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

function queryString(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

function doneFlash(request: FastifyRequest): Flash | undefined {
  const text = DONE[queryString(request, 'done')];
  return text ? { kind: 'ok', text: t(adminOf(request).lang, text) } : undefined;
}

/** The endpoint form's own checks, before the service checks the URL itself. */
function checkEndpointForm(values: { url: string; description: string }): void {
  const errors: FieldError[] = [];
  if (values.url === '') errors.push({ field: 'url', message: 'is required' });
  else if (values.url.length > MAX_URL_LENGTH)
    errors.push({ field: 'url', message: `must be at most ${MAX_URL_LENGTH} characters` });
  if (values.description.length > MAX_DESCRIPTION_LENGTH)
    errors.push({ field: 'description', message: `must be at most ${MAX_DESCRIPTION_LENGTH} characters` });
  if (errors.length > 0) throw new ValidationError('The event endpoint was not added.', errors);
}

/** Registers /admin/developers… */
export function registerDeveloperRoutes(app: FastifyInstance, ctx: AppContext): void {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<DeveloperPageModel> = {},
    status = 200,
  ) => {
    const document = developerPage(pageContextOf(request), {
      apiKeys: await listApiKeys(ctx),
      endpoints: await endpointRows(ctx.store),
      ...extra,
    });
    return reply.code(status).type('text/html; charset=utf-8').send(document);
  };

  const endpointOrNotFound = async (id: string) => {
    const endpoint = await ctx.store.repos.eventEndpoints.findById(id);
    if (!endpoint) throw new NotFound('This event endpoint does not exist (it may have been deleted).');
    return endpoint;
  };

  app.get('/developers', ADMIN_ONLY, async (request, reply) => {
    const flash = doneFlash(request);
    return render(request, reply, flash ? { flash } : {});
  });

  app.post('/developers/api-keys', ADMIN_ONLY, async (request, reply) => {
    const values = { name: field(request.body, 'name') };
    const raw =
      typeof request.body === 'object' && request.body !== null
        ? (request.body as Record<string, unknown>).scopes
        : undefined;
    const scopes = (Array.isArray(raw) ? raw : [raw]).filter((s): s is string => typeof s === 'string');
    try {
      const created = await createApiKey(ctx, { ...values, scopes });
      request.log.info(
        { userId: adminOf(request).user.id, apiKeyId: created.apiKey.id, prefix: created.apiKey.prefix },
        'API key created in the back office',
      );
      // Rendered, not redirected: this answer is the only place the key ever appears.
      return render(request, reply, { revealedKey: { name: created.apiKey.name, key: created.key } });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = err.fields.length > 0 ? err.fields : [{ field: 'name', message: err.message }];
      return render(request, reply, { keyForm: { values: { ...values, scopes }, errors } }, 422);
    }
  });

  app.post('/developers/api-keys/:id/revoke', ADMIN_ONLY, async (request: IdRequest, reply) => {
    const revoked = await revokeApiKey(ctx, request.params.id);
    request.log.info(
      { userId: adminOf(request).user.id, apiKeyId: revoked.id, prefix: revoked.prefix },
      'API key revoked in the back office',
    );
    return reply.redirect('/admin/developers?done=revoked', 303);
  });

  app.post('/developers/endpoints', ADMIN_ONLY, async (request, reply) => {
    const values = { url: field(request.body, 'url'), description: field(request.body, 'description') };
    try {
      checkEndpointForm(values);
      const created = await createEventEndpoint(ctx.services, values);
      request.log.info(
        { userId: adminOf(request).user.id, endpointId: created.id, url: created.url },
        'event endpoint added in the back office',
      );
      return render(request, reply, { revealedSecret: { url: created.url, secret: created.secret } });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = err.fields.length > 0 ? err.fields : [{ field: 'url', message: err.message }];
      return render(request, reply, { endpointForm: { values, errors } }, 422);
    }
  });

  for (const action of ['pause', 'resume'] as const) {
    app.post(`/developers/endpoints/:id/${action}`, ADMIN_ONLY, async (request: IdRequest, reply) => {
      const changed = await ctx.store.repos.eventEndpoints.setActive(request.params.id, action === 'resume');
      if (!changed) throw new NotFound('This event endpoint does not exist (it may have been deleted).');
      request.log.info(
        { userId: adminOf(request).user.id, endpointId: request.params.id },
        action === 'pause' ? 'event endpoint paused' : 'event endpoint resumed',
      );
      return reply.redirect(`/admin/developers?done=${action === 'pause' ? 'paused' : 'resumed'}`, 303);
    });
  }

  app.post('/developers/endpoints/:id/delete', ADMIN_ONLY, async (request: IdRequest, reply) => {
    await deleteEventEndpoint(ctx.services, request.params.id);
    request.log.info(
      { userId: adminOf(request).user.id, endpointId: request.params.id },
      'event endpoint deleted in the back office',
    );
    return reply.redirect('/admin/developers?done=deleted', 303);
  });

  app.get('/developers/endpoints/:id', ADMIN_ONLY, async (request: IdRequest, reply) => {
    const endpoint = await endpointOrNotFound(request.params.id);
    const cursor = queryString(request, 'cursor');
    let log;
    try {
      log = await deliveryLogPage(ctx.store, endpoint, cursor || null);
    } catch (err) {
      // A mangled cursor shows the newest page rather than an error.
      if (!(err instanceof ValidationError)) throw err;
      log = await deliveryLogPage(ctx.store, endpoint, null);
    }
    const flash = doneFlash(request);
    const document = renderDeliveryLog(pageContextOf(request), {
      endpoint,
      counts: await deliveryCounts(ctx.store, endpoint.id),
      events: log.events,
      cursor,
      nextCursor: log.nextCursor,
      ...(flash ? { flash } : {}),
    });
    return reply.type('text/html; charset=utf-8').send(document);
  });

  app.post(
    '/developers/endpoints/:id/events/:eventId/resend',
    ADMIN_ONLY,
    async (request: EventRequest, reply) => {
      const endpoint = await endpointOrNotFound(request.params.id);
      const event = await ctx.store.repos.events.findById(request.params.eventId);
      if (!event || event.endpointId !== endpoint.id)
        throw new NotFound('This event does not exist for this endpoint.');
      const now = ctx.clock.now();
      // Clearing a live lease would let a second worker post the event while the first still is.
      if (event.leaseUntil !== null && Date.parse(event.leaseUntil) > now.getTime())
        throw new Conflict(t(adminOf(request).lang, TEXT.leased));
      await ctx.store.repos.events.resend(event.id, now);
      request.log.info(
        { userId: adminOf(request).user.id, endpointId: endpoint.id, eventId: event.id },
        'event queued again from the back office',
      );
      const target = `/admin/developers/endpoints/${encodeURIComponent(endpoint.id)}`;
      return reply.redirect(`${target}?done=resent#event-${encodeURIComponent(event.id)}`, 303);
    },
  );
}
