/**
 * Security headers and the Content-Security-Policy on every answer (S14). payport's pages have no inline
 * script or style at all, so the policy is the same for every answer and is built once (no per-request
 * nonce); pages that post a form to the payment provider widen `form-action` for that one answer with
 * {@link allowFormActionTo}.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** payport's security headers; `https` adds HSTS and upgrade-insecure-requests. */
export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  return Object.freeze({
    'content-security-policy': [
      ...CSP_DIRECTIVES,
      ...(options.https ? ['upgrade-insecure-requests'] : []),
    ].join(';'),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'same-origin',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  });
}

/** Puts the security headers on every answer, before any route or error handler runs. */
export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

/** Lets this answer's forms post to `origin` (the provider's hosted payment page). */
export function allowFormActionTo(reply: FastifyReply, origin: string): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string') return;
  reply.header(
    'content-security-policy',
    current.replace(/form-action ([^;]*)/, (_m, sources: string) => `form-action ${sources} ${origin}`),
  );
}

/**
 * Headers for the answers Fastify sends before any hook runs (a malformed URL, an over-long path
 * parameter): the onRequest hook never runs for them, so they get the strictest fixed policy instead.
 */
export const FALLBACK_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

/** Lets this answer show `origin` in a frame (the provider's Merchant Page of the embedded card entry, S18). */
export function allowFrameOf(reply: FastifyReply, origin: string): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string') return;
  reply.header('content-security-policy', `${current};frame-src 'self' ${origin}`);
}

/** Lets this answer be shown in a frame of payport's own pages (the card form's answer, inside its iframe). */
export function allowFramingBySelf(reply: FastifyReply): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current !== 'string') return;
  reply.header(
    'content-security-policy',
    current.replace("frame-ancestors 'none'", "frame-ancestors 'self'"),
  );
  reply.header('x-frame-options', 'SAMEORIGIN');
}
