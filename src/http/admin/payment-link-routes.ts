/** Payment links (S11): create, list with status, copy, deactivate. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound, ValidationError, type FieldError } from '../../errors.js';
import { createPaymentLink, paymentLinkStatus, paymentLinkUrl } from '../../services/payment-links.js';
import type { PaymentLinkRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { COMMON, t } from './i18n.js';
import type { Flash } from './views/components.js';
import { paymentLinksPage, type LinkRow } from './views/payment-links.js';

const FIELDS = [
  'amount',
  'currency',
  'order_reference',
  'description',
  'customer_email',
  'expires_at',
] as const;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

function formValues(body: unknown): Record<string, string> {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const values: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = source[field];
    values[field] = typeof value === 'string' ? value.trim() : '';
  }
  return values;
}

/** The form's datetime-local value is labelled UTC, so it is read as UTC rather than the server's zone. */
function expiryAsUtc(value: string): string | null {
  if (value === '') return null;
  return LOCAL_DATE_TIME.test(value) ? `${value.length === 16 ? `${value}:00` : value}Z` : value;
}

/** Registers /admin/payment-links… */
export function registerPaymentLinkRoutes(app: FastifyInstance, ctx: AppContext): void {
  const toRow = async (link: PaymentLinkRecord): Promise<LinkRow> => {
    const paid = link.paidTransactionId
      ? await ctx.store.repos.transactions.findById(link.paidTransactionId)
      : undefined;
    return {
      link,
      url: paymentLinkUrl(ctx.services, link),
      status: paymentLinkStatus(link, ctx.clock.now()),
      paidReference: paid?.reference ?? null,
    };
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: Record<string, string>;
      errors?: FieldError[];
      created?: PaymentLinkRecord;
      flash?: Flash;
    },
    status = 200,
  ) => {
    const query = request.query as Record<string, unknown>;
    const cursor = typeof query.cursor === 'string' ? query.cursor : '';
    let page;
    try {
      page = await ctx.store.repos.paymentLinks.list({ limit: 50, cursor: cursor || null });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      page = await ctx.store.repos.paymentLinks.list({ limit: 50 });
    }
    const rows = await Promise.all(page.items.map(toRow));
    const document = paymentLinksPage(pageContextOf(request), {
      values: extra.values ?? {},
      errors: extra.errors ?? [],
      rows,
      nextCursor: page.nextCursor,
      cursor,
      ...(extra.created ? { created: await toRow(extra.created) } : {}),
      ...(extra.flash ? { flash: extra.flash } : {}),
    });
    return reply.code(status).type('text/html; charset=utf-8').send(document);
  };

  app.get('/payment-links', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const createdId = typeof query.created === 'string' ? query.created : '';
    const created = createdId ? await ctx.store.repos.paymentLinks.findById(createdId) : undefined;
    const flash: Flash | undefined = query.saved
      ? { kind: 'ok', text: t(adminOf(request).lang, COMMON.saved) }
      : undefined;
    return render(request, reply, { ...(created ? { created } : {}), ...(flash ? { flash } : {}) });
  });

  app.post('/payment-links', async (request, reply) => {
    const { user } = adminOf(request);
    const values = formValues(request.body);
    try {
      const link = await createPaymentLink(ctx.services, {
        amount: values.amount ?? '',
        currency: values.currency ?? '',
        orderReference: values.order_reference || null,
        description: values.description || null,
        customerEmail: values.customer_email || null,
        expiresAt: expiryAsUtc(values.expires_at ?? ''),
        createdBy: `user:${user.id}`,
      });
      request.log.info(
        { userId: user.id, paymentLinkId: link.id },
        'payment link created in the back office',
      );
      return reply.redirect(`/admin/payment-links?created=${encodeURIComponent(link.id)}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const errors = err.fields.length > 0 ? err.fields : [{ field: 'amount', message: err.message }];
      return render(request, reply, { values, errors }, 422);
    }
  });

  app.post(
    '/payment-links/:id/deactivate',
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const changed = await ctx.store.repos.paymentLinks.setActive(request.params.id, false);
      if (!changed) throw new NotFound('This payment link does not exist.');
      request.log.info(
        { userId: adminOf(request).user.id, paymentLinkId: request.params.id },
        'payment link deactivated',
      );
      return reply.redirect('/admin/payment-links?saved=1', 303);
    },
  );
}
