/**
 * The merchant API (S12) under `/api/v1`: bearer API keys, one zod schema per input, Idempotency-Key on
 * every POST, answers as JSON and errors as problem+json (the shared error handler does those).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound, ValidationError } from '../../errors.js';
import { authenticateApiKey, requireScope, type ApiKeySummary } from '../../services/api/api-keys.js';
import {
  abandonIdempotentRequest,
  beginIdempotentRequest,
  checkIdempotencyKey,
  completeIdempotentRequest,
  requestFingerprint,
} from '../../services/api/idempotency.js';
import type { AppContext } from '../context.js';
import { eventEndpointRoutes } from './event-endpoint-routes.js';
import { customerRoutes } from './customer-routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { operationRoutes } from './operation-routes.js';
import { paymentLinkRoutes } from './payment-link-routes.js';
import { parseInput } from './request-schemas.js';
import { defineRoute, fastifyPath, scopeOf, type ApiAnswer, type ApiRoute } from './route-definition.js';
import { transactionRoutes } from './transaction-routes.js';

/** Where the API lives. */
export const API_PREFIX = '/api/v1';

/** Every route of the API except the OpenAPI document itself. */
export const API_ROUTES: readonly ApiRoute[] = [
  ...paymentLinkRoutes,
  ...transactionRoutes,
  ...operationRoutes,
  ...eventEndpointRoutes,
  ...customerRoutes,
];

function send(reply: FastifyReply, answer: ApiAnswer, text?: string): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  if (answer.status === 204) return reply.send();
  return reply.type('application/json; charset=utf-8').send(text ?? JSON.stringify(answer.body));
}

function pathParams(route: ApiRoute, raw: unknown): unknown {
  if (!route.params) return undefined;
  try {
    return parseInput(route.params, raw, 'path');
  } catch (err) {
    // A malformed id or reference cannot name anything that exists.
    if (err instanceof ValidationError)
      throw new NotFound(`No such resource: ${err.fields.map((f) => f.field).join(', ')} is not valid.`);
    throw err;
  }
}

function handlerFor(route: ApiRoute, ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const services = ctx.services;
    let apiKey: ApiKeySummary | undefined;
    if (!route.public) {
      reply.header('www-authenticate', 'Bearer realm="payport"');
      apiKey = await authenticateApiKey(services, request.headers.authorization);
      reply.removeHeader('www-authenticate');
      requireScope(apiKey, scopeOf(route));
    }
    const params = pathParams(route, request.params);
    const query = route.query ? parseInput(route.query, request.query, 'query string') : undefined;
    const body = route.body
      ? parseInput(route.body, request.body, 'request body', route.bodyRules)
      : undefined;
    const run = () =>
      route.handle({ body, query, params, apiKey, ctx: services } as Parameters<ApiRoute['handle']>[0]);
    const header = request.headers['idempotency-key'];
    if (route.method !== 'POST' || header === undefined || apiKey === undefined)
      return send(reply, await run());

    const key = checkIdempotencyKey(header);
    const fingerprint = requestFingerprint('POST', request.url.split('?')[0] ?? '', request.body);
    const decision = await beginIdempotentRequest(services, apiKey.id, key, fingerprint);
    if (decision.kind === 'replay') {
      reply.header('idempotent-replayed', 'true');
      return send(reply, { status: decision.answer.statusCode }, decision.answer.body);
    }
    let answer: ApiAnswer;
    try {
      answer = await run();
    } catch (err) {
      await abandonIdempotentRequest(services, apiKey.id, key).catch((releaseErr: unknown) =>
        request.log.error({ err: releaseErr }, 'could not release an idempotency key'),
      );
      throw err;
    }
    const text = JSON.stringify(answer.body ?? null);
    await completeIdempotentRequest(services, apiKey.id, key, { statusCode: answer.status, body: text });
    return send(reply, answer, text);
  };
}

/** Registers every `/api/v1` route, and the OpenAPI document, in one encapsulated plugin. */
export async function registerApiRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  let document: Record<string, unknown> | undefined;
  const openApiRoute = defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Meta',
    summary: 'This document',
    public: true,
    success: { status: 200, description: 'The OpenAPI 3.1 document of this API.' },
    async handle() {
      document ??= buildOpenApiDocument(
        [...API_ROUTES, openApiRoute],
        `${ctx.config.publicUrl}${API_PREFIX}`,
      );
      return { status: 200, body: document };
    },
  });
  const routes = [...API_ROUTES, openApiRoute];
  await app.register(
    async (api) => {
      for (const route of routes) {
        api.route({ method: route.method, url: fastifyPath(route.path), handler: handlerFor(route, ctx) });
      }
    },
    { prefix: API_PREFIX },
  );
}
