/**
 * Security headers and the Content-Security-Policy on every answer (S14). payport's pages have no inline
 * script or style at all, so the policy is the same for every answer and is built once (no per-request
 * nonce); pages that post a form to the payment provider widen `form-action` for that one answer with
 * {@link allowFormActionTo}.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Registers helmet with payport's policy. */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  options: { https: boolean },
): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: options.https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
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
 * parameter): helmet never sees those requests, so they get the strictest fixed policy instead.
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
