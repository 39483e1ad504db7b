/** How customer pages answer: never cached (they carry tokens), language-dependent, HTML or JSON. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toLanguage, type Language } from '../../domain/locale.js';
import { pickLanguage } from '../views/language.js';
import { noticePage, type Notice } from './parts.js';

/** Options of the customer routes. */
export interface PublicRouteOptions {
  /**
   * Whether the request comes from a signed-in back-office user, who also sees unpublished providers
   * (S3). Supplied by the back office; without it nobody is treated as one.
   */
  isBackOfficeUser?: (request: FastifyRequest) => Promise<boolean>;
}

/** Sends a customer page. */
export function sendPage(reply: FastifyReply, status: number, markup: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('vary', 'Accept-Language')
    .type('text/html; charset=utf-8')
    .send(markup);
}

/** Sends a notice page (dead ends and problems). */
export function sendNotice(
  reply: FastifyReply,
  status: number,
  lang: Language,
  notice: Notice,
): FastifyReply {
  return sendPage(reply, status, noticePage(lang, notice));
}

/** The page language: `?lang=`, then the language stored with the payment, then `Accept-Language`. */
export function chooseLanguage(request: FastifyRequest, stored?: string | null): Language {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const asked = query.lang;
  if (typeof asked === 'string' && asked.trim() !== '') return toLanguage(asked);
  if (stored) return toLanguage(stored);
  return pickLanguage(undefined, request.headers['accept-language']);
}

/** The request path with its query string, as the browser asked for it. */
export function currentPath(request: FastifyRequest): string {
  return request.url;
}
