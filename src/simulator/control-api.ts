/**
 * The JSON control API for scripts and tests, mirroring the dashboard: accounts (with credentials, as
 * the APS back office shows them to their owner), the feedback delivery log, fault injection and the
 * orders the simulator holds. Errors: `{ error, fields? }` with 400, 404 or 409.
 */
import type { FastifyInstance } from 'fastify';
import { Conflict, NotFound, ValidationError, type FieldError } from '../errors.js';
import { checkMerchantIdentifier, parseAccountPatch, upsertAccount } from './accounts.js';
import { transactionView } from './books.js';
import type { SimulatorContext } from './context.js';
import { parseFaults } from './faults.js';
import { tokenView } from './tokens.js';
import type { SimTransaction } from './model.js';

/** Query of `GET /_sim/deliveries`. */
interface DeliveryQuery {
  merchant_identifier?: string;
  merchant_reference?: string;
  channel?: string;
}

const REFERENCE = /^[A-Za-z0-9_.-]{1,40}$/;
const CHANNELS = ['direct', 'notification'];

/**
 * Checks a query string against the filters a route takes: every unknown name and bad value is named
 * in one 400, so a typo (`?chanel=`) never silently widens an answer.
 */
function checkQuery(query: object, allowed: readonly string[]): void {
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.includes(name)) {
      errors.push({ field: name, message: `is not a filter; use ${allowed.join(', ')}` });
    } else if (typeof value !== 'string') {
      errors.push({ field: name, message: 'must be given once' });
    } else if (name === 'merchant_identifier' && !/^[A-Za-z0-9]{1,20}$/.test(value)) {
      errors.push({ field: name, message: 'must be 1 to 20 ASCII letters or digits' });
    } else if (name === 'merchant_reference' && !REFERENCE.test(value)) {
      errors.push({ field: name, message: 'must be 1 to 40 letters, digits, - _ or .' });
    } else if (name === 'channel' && !CHANNELS.includes(value)) {
      errors.push({ field: name, message: `must be ${CHANNELS.join(' or ')}` });
    }
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid query: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
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
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? { ...(body as Record<string, unknown>) }
          : body;
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
    checkQuery(request.query, ['merchant_identifier', 'merchant_reference', 'channel']);
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
    async (request) => {
      checkQuery(request.query, ['merchant_identifier']);
      const reference = request.params.merchantReference;
      if (!REFERENCE.test(reference)) {
        throw new ValidationError('invalid merchant_reference', [
          { field: 'merchant_reference', message: 'must be 1 to 40 letters, digits, - _ or .' },
        ]);
      }
      const order = findOrderByReference(ctx, reference, request.query.merchant_identifier);
      const token = order.tokenName ? ctx.state.token(order.merchantIdentifier, order.tokenName) : undefined;
      return { transaction: { ...transactionView(order), ...(token ? { token: tokenView(token) } : {}) } };
    },
  );
}
