/** Back-office customers (S18): list, one customer with their saved cards, and removing a card. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFound, ValidationError } from '../../errors.js';
import { getCustomer } from '../../services/cards/customers.js';
import { listSavedCards, removeSavedCard } from '../../services/cards/saved-cards.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { COMMON, t } from './i18n.js';
import { customerPage, customersPage } from './views/customers.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Registers /admin/customers… */
export function registerCustomerRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/customers', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const cursor = typeof query.cursor === 'string' ? query.cursor : '';
    let page;
    try {
      page = await ctx.store.repos.customers.list({}, { limit: 50, cursor: cursor || null });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      page = await ctx.store.repos.customers.list({}, { limit: 50 });
    }
    const document = customersPage(pageContextOf(request), {
      customers: page.items,
      nextCursor: page.nextCursor,
    });
    return reply.type('text/html; charset=utf-8').send(document);
  });

  app.get('/customers/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const id = request.params.id;
    if (!ID.test(id)) throw new NotFound('This customer does not exist.');
    const customer = await getCustomer(ctx.services, id);
    const cards = await listSavedCards(ctx.services, customer.id);
    const query = request.query as Record<string, unknown>;
    const pc = pageContextOf(request);
    const document = customerPage(pc, {
      customer,
      cards,
      ...(query.removed ? { flash: { kind: 'ok' as const, text: t(pc.lang, COMMON.saved) } } : {}),
    });
    return reply.type('text/html; charset=utf-8').send(document);
  });

  app.post(
    '/customers/:id/cards/:pm/remove',
    async (request: FastifyRequest<{ Params: { id: string; pm: string } }>, reply) => {
      const { id, pm } = request.params;
      if (!ID.test(id) || !ID.test(pm)) throw new NotFound('This card does not exist.');
      const { user } = adminOf(request);
      const customer = await getCustomer(ctx.services, id);
      await removeSavedCard(ctx.services, customer.id, pm, { name: user.email });
      request.log.info({ userId: user.id, customerId: id, paymentMethodId: pm }, 'saved card removed');
      return reply.redirect(`/admin/customers/${encodeURIComponent(id)}?removed=1`, 303);
    },
  );
}
