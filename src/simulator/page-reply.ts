/** Sending a hosted page (its security headers, CSP with the frame's nonce) and reading form fields. */
import type { FastifyReply } from 'fastify';
import { hostedPageCsp, type PageFrame } from './hosted-page-views.js';

/** Sends `body` as a hosted page: CSP (frame-ancestors from the frame), no caching, no referrer. */
export function sendPage(reply: FastifyReply, frame: PageFrame, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', hostedPageCsp(frame.nonce, frame.frameAncestors))
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** The first value of a form field as text ('' when absent). */
export function formField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}
