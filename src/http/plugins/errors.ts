/**
 * The one place where errors become HTTP answers: problem+json (RFC 9457) under /api, a small HTML page
 * for browser routes, plain JSON elsewhere. Unexpected errors are logged and answered 500 without details.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PayportError, ValidationError } from '../../errors.js';
import { html } from '../views/html.js';
import { pickLanguage } from '../views/language.js';
import { noticePage } from '../public/parts.js';

/** Problem type URI for a payport error type. */
export function problemType(type: string): string {
  return `urn:payport:problem:${type}`;
}

const STATUS_BY_TYPE: Record<string, number> = {
  validation_error: 422,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  unauthorized: 401,
  forbidden: 403,
  not_implemented: 501,
};

/** HTTP status for an error raised anywhere in payport. */
export function statusFor(err: unknown): number {
  if (err instanceof PayportError) {
    const known = STATUS_BY_TYPE[err.type];
    if (known !== undefined) return known;
    if ('retryable' in err) return 502;
    const code = (err as { statusCode?: number }).statusCode;
    return typeof code === 'number' ? code : 400;
  }
  const code = (err as FastifyError | undefined)?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : 500;
}

const FASTIFY_TYPES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function describe(err: unknown, status: number): { type: string; message: string } {
  if (err instanceof PayportError) return { type: err.type, message: err.message };
  if (status >= 500) return { type: 'internal_error', message: 'Something went wrong on our side.' };
  return { type: FASTIFY_TYPES[status] ?? 'bad_request', message: (err as Error).message };
}

/** Sends an error in the representation the route family expects. */
export function sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const status = statusFor(err);
  const { type, message } = describe(err, status);
  if (status >= 500 && status !== 503) request.log.error({ err }, 'request failed');
  else request.log.info({ type, status }, message);
  if (request.url.startsWith('/api/')) {
    const body: Record<string, unknown> = {
      type: problemType(type),
      title: type.replace(/_/g, ' '),
      status,
      detail: message,
    };
    if (err instanceof ValidationError && err.fields.length > 0) body.errors = err.fields;
    return reply.code(status).type('application/problem+json').send(body);
  }
  const wantsHtml = request.method === 'GET' || (request.headers.accept ?? '').includes('text/html');
  if (wantsHtml && status === 404 && !request.url.startsWith('/_') && !request.url.startsWith('/admin')) {
    // The public site's not-found page is a customer page: its language, the merchant's branding (S21).
    const asked = (request.query as Record<string, unknown> | undefined)?.lang;
    const lang = pickLanguage(
      typeof asked === 'string' ? asked : undefined,
      request.headers['accept-language'],
    );
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send(noticePage(lang, { title: 'notFoundTitle', body: 'notFoundBody', tone: 'alert' }));
  }
  if (wantsHtml && !request.url.startsWith('/_')) {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        errorPage(status, status >= 500 && status !== 503 ? 'Something went wrong on our side.' : message)
          .value,
      );
  }
  return reply.code(status).send({ error: type, message });
}

function errorPage(status: number, message: string) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Error ${status} · payport</title>
      </head>
      <body>
        <main>
          <h1>Error ${status}</h1>
          <p>${message}</p>
        </main>
      </body>
    </html>`;
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => sendError(request, reply, err));
  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      Object.assign(new Error(`No route for ${request.method} ${request.url.split('?')[0]}`), {
        statusCode: 404,
      }),
    ),
  );
}
