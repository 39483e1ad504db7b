/**
 * The JSON control API for scripts and tests, mirroring the dashboard: accounts (with credentials, as
 * the APS back office shows them to their owner), the feedback delivery log, fault injection and the
 * orders the simulator holds. Errors: `{ error, fields? }` with 400, 404 or 409.
 */
import type { FastifyInstance } from 'fastify';
import { Conflict, NotFound } from '../errors.js';
import { checkMerchantIdentifier, parseAccountPatch, upsertAccount } from './accounts.js';
import { transactionView } from './books.js';
import type { SimulatorContext } from './context.js';
import { parseFaults } from './faults.js';
import type { SimTransaction } from './model.js';

/** Query of `GET /_sim/deliveries`. */
interface DeliveryQuery {
  merchant_identifier?: string;
  merchant_reference?: string;
  channel?: string;
}

/** Finds the one order with `reference` (optionally of one merchant); several matches need the merchant. */
export function findOrderByReference(
  ctx: SimulatorContext,
  reference: string,
  merchantIdentifier: string | undefined,
): SimTransaction {
  const matches = ctx.state
    .allTransactions()
    .filter(
      (t) =>
        t.merchantReference === reference &&
        (merchantIdentifier === undefined || t.merchantIdentifier === merchantIdentifier),
    );
  if (matches.length === 0) throw new NotFound(`no transaction with merchant_reference ${reference}`);
  if (matches.length > 1) {
    throw new Conflict(`several accounts have merchant_reference ${reference}; add ?merchant_identifier=…`);
  }
  return matches[0] as SimTransaction;
}

/** Registers the `/_sim/…` routes. */
export function registerControlApi(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get('/_sim/accounts', async () => ({ accounts: [...ctx.state.accounts.values()] }));

  app.put<{ Params: { merchantIdentifier: string } }>(
    '/_sim/accounts/:merchantIdentifier',
    async (request, reply) => {
      const merchantIdentifier = checkMerchantIdentifier(request.params.merchantIdentifier);
      const body = request.body;
      const input =
        typeof body === 'object' && body !== null ? { ...(body as Record<string, unknown>) } : body;
      if (typeof input === 'object' && input !== null && 'merchantIdentifier' in input) {
        if (input.merchantIdentifier !== merchantIdentifier) {
          return reply.code(400).send({
            error: 'merchantIdentifier in the body differs from the one in the URL',
            fields: [{ field: 'merchantIdentifier', message: 'must equal the identifier in the URL' }],
          });
        }
        delete input.merchantIdentifier;
      }
      const { account, created } = upsertAccount(ctx.state, merchantIdentifier, parseAccountPatch(input));
      return reply.code(created ? 201 : 200).send({ account });
    },
  );

  app.get<{ Querystring: DeliveryQuery }>('/_sim/deliveries', async (request) => {
    const { merchant_identifier: merchant, merchant_reference: reference, channel } = request.query;
    const deliveries = ctx.state.deliveries.filter(
      (d) =>
        (merchant === undefined || d.merchantIdentifier === merchant) &&
        (reference === undefined || d.merchantReference === reference) &&
        (channel === undefined || d.channel === channel),
    );
    return { deliveries };
  });

  app.get('/_sim/faults', async () => ({ faults: ctx.state.faults }));

  app.put('/_sim/faults', async (request) => {
    ctx.state.faults = parseFaults(request.body);
    ctx.state.changed();
    return { faults: ctx.state.faults };
  });

  app.get<{ Params: { merchantReference: string }; Querystring: { merchant_identifier?: string } }>(
    '/_sim/transactions/:merchantReference',
    async (request) => ({
      transaction: transactionView(
        findOrderByReference(ctx, request.params.merchantReference, request.query.merchant_identifier),
      ),
    }),
  );
}
