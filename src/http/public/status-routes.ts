/**
 * `GET /payment/status` and `GET /payment/status/poll` (S10): the state of one transaction, opened by
 * the access token bound to its reference (no session or cookie: the customer arrives from APS' site).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isValidStatusToken, statusToken } from '../../services/checkout.js';
import { paymentFailureKind } from '../../services/payment-failure.js';
import { toProviderConfig } from '../../services/provider-accounts.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { chooseLanguage, currentPath, sendNotice, sendPage } from './respond.js';
import { customerLandingUrl, statusPage } from './status-view.js';
import { tryAgainPath } from './try-again.js';

/** The JSON the status page polls. */
export interface StatusPollAnswer {
  reference: string;
  state: TransactionRecord['state'];
  state_message: string | null;
  landing_url: string | null;
}

/** The transaction a status request opens, or undefined when the token does not match its reference. */
async function openTransaction(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<TransactionRecord | undefined> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const reference = query.ref;
  if (typeof reference !== 'string' || reference === '' || reference.length > 100) return undefined;
  if (!isValidStatusToken(ctx.services, reference, query.token)) return undefined;
  return ctx.store.repos.transactions.findByReference(reference);
}

function pollPath(ctx: AppContext, reference: string): string {
  const query = new URLSearchParams({ ref: reference, token: statusToken(ctx.services, reference) });
  return `/payment/status/poll?${query.toString()}`;
}

async function showStatus(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const tx = await openTransaction(ctx, request);
  const path = currentPath(request);
  if (!tx) {
    return sendNotice(reply, 404, chooseLanguage(request), {
      title: 'paymentNotFoundTitle',
      body: 'paymentNotFoundBody',
      tone: 'alert',
      path,
    });
  }
  const record = await ctx.store.repos.providers.findById(tx.providerId);
  const provider = record ? toProviderConfig(record, ctx.services.secretBox) : null;
  const lang = chooseLanguage(request, tx.customerLang);
  return sendPage(
    reply,
    200,
    statusPage({
      lang,
      failure: await paymentFailureKind(ctx.services, tx),
      tryAgainPath: await tryAgainPath(ctx, tx, lang),
      transaction: tx,
      provider,
      path,
      pollPath: pollPath(ctx, tx.reference),
    }),
  );
}

async function poll(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const tx = await openTransaction(ctx, request);
  reply.header('cache-control', 'no-store');
  if (!tx)
    return reply
      .code(404)
      .send({ error: 'not_found', message: 'No payment matches this reference and token.' });
  const answer: StatusPollAnswer = {
    reference: tx.reference,
    state: tx.state,
    state_message: tx.stateMessage,
    landing_url: customerLandingUrl(tx),
  };
  return reply.code(200).send(answer);
}

/** Registers the status page and its poll endpoint. */
export function registerStatusRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/payment/status', (request, reply) => showStatus(ctx, request, reply));
  app.get('/payment/status/poll', (request, reply) => poll(ctx, request, reply));
}
