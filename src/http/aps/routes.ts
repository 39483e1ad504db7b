/**
 * `POST /payment/aps/return` (the customer's browser) and `POST /payment/aps/webhook` (APS' Direct
 * Transaction Feedback and Notifications), S7. Bodies are read raw (form or JSON, ≤ 64 KiB) so that
 * repeated keys are refused and values are verified exactly as received. No cookie or session is used:
 * APS' POST is cross-site.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Unavailable } from '../../errors.js';
import { ingestMessage, type IngestChannel, type IngestResult } from '../../services/ingest-notification.js';
import { statusPath } from '../../services/checkout.js';
import { providerFor } from '../../services/context.js';
import { BODY_LIMIT } from '../limits.js';
import type { AppContext } from '../context.js';
import { pickLanguage } from '../views/language.js';
import { returnProblemPage } from './views.js';
import {
  DEFAULT_UNVERIFIED_LIMIT,
  UnverifiedMessageLimit,
  type UnverifiedLimit,
} from './unverified-limit.js';

const PROVIDER_CODE = 'aps';
const UNVERIFIED: ReadonlySet<string> = new Set(['bad_signature', 'unknown_reference']);

/** Registers the two APS entry points in their own scope (raw body parsing). */
export async function registerApsRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  unverifiedLimit: UnverifiedLimit = DEFAULT_UNVERIFIED_LIMIT,
): Promise<void> {
  const limit = new UnverifiedMessageLimit(unverifiedLimit);
  const receive = (channel: IngestChannel, request: FastifyRequest, reply: FastifyReply) => {
    const wait = limit.retryAfterMs(request.ip);
    if (wait > 0) {
      request.log.warn({ channel, ip: request.ip }, 'too many unverified provider messages from one address');
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(wait / 1000)))
        .send();
    }
    return receiveMessage(ctx, channel, request, reply, (outcome) => {
      if (UNVERIFIED.has(outcome)) limit.count(request.ip);
    });
  };
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/payment/aps/webhook', (request, reply) => receive('webhook', request, reply));
    scope.post('/payment/aps/return', (request, reply) => receive('return', request, reply));
  });
}

async function receiveMessage(
  ctx: AppContext,
  channel: IngestChannel,
  request: FastifyRequest,
  reply: FastifyReply,
  counted: (outcome: string) => void,
): Promise<FastifyReply> {
  const provider = providerFor(ctx.services, PROVIDER_CODE);
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  // Throws 400 (repeated key, nested value) or 415 (other content types); nothing is recorded then.
  const fields = provider.readMessage(body, request.headers['content-type']);
  let result: IngestResult;
  try {
    result = await ingestMessage(ctx.services, {
      providerCode: PROVIDER_CODE,
      channel,
      fields,
      contentType: request.headers['content-type'] ?? null,
      sourceIp: request.ip,
    });
  } catch (err) {
    if (!(err instanceof Unavailable)) throw err;
    request.log.warn({ err, channel }, 'provider message not recorded: database unavailable');
    reply.header('retry-after', '10');
    if (channel === 'webhook') return reply.code(503).send();
    return sendPage(request, reply, 503, 'unavailable');
  }
  counted(result.outcome);
  if (channel === 'webhook') {
    return reply.code(result.outcome === 'bad_signature' ? 403 : 200).send();
  }
  switch (result.outcome) {
    case 'unknown_reference':
      return sendPage(request, reply, 404, 'notFound');
    case 'bad_signature':
      return sendPage(request, reply, 400, 'unverified');
    case 'aps_rejected_request':
      return sendPage(request, reply, 400, 'rejected', result.message);
    default:
      if (!result.payment) return sendPage(request, reply, 404, 'notFound');
      return reply
        .code(303)
        .header('cache-control', 'no-store')
        .redirect(statusPath(ctx.services, result.payment.reference), 303);
  }
}

function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  problem: Parameters<typeof returnProblemPage>[1],
  detail?: string,
): FastifyReply {
  const lang = pickLanguage(undefined, request.headers['accept-language']);
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(returnProblemPage(lang, problem, detail));
}
