/**
 * Per-client rate limits on the public routes (S14): the payment pages, the transaction POST, the
 * status poll — and APS' return and webhook, whose ceiling is far above anything APS sends from one
 * address (a throttled notification is a delayed one; APS retries), so only a flood meets it. Messages
 * that fail verification have a much lower limit of their own (`http/aps/unverified-limit.ts`). Over
 * the limit: 429 with Retry-After (through the shared error handler, so pages get HTML and the poll
 * gets JSON).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/** One limit: at most `max` requests per client address within `timeWindowMs`. */
export interface RateLimit {
  max: number;
  timeWindowMs: number;
}

/** Limits by route (`"GET /payment/pay"`); `false` turns rate limiting off (benchmarks). */
export type RateLimitOptions = Partial<Record<RateLimitedRoute, RateLimit>> | false;

/** The routes that are rate limited, as `"<method> <url pattern>"`. */
export const RATE_LIMITED_ROUTES = [
  'GET /payment/pay',
  'GET /pay/:id',
  'POST /payment/transaction',
  'GET /payment/status/poll',
  'POST /payment/aps/webhook',
  'POST /payment/aps/return',
  'POST /payment/aps/card',
  'GET /payment/aps/card',
  'GET /payment/installments',
  'POST /payment/installments',
] as const;

/** One of {@link RATE_LIMITED_ROUTES}. */
export type RateLimitedRoute = (typeof RATE_LIMITED_ROUTES)[number];

/**
 * Generous defaults: a customer retrying a payment or a status page polling every second stays far
 * below them; a script enumerating links or creating drafts does not.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 120, timeWindowMs: 60_000 };

/**
 * APS' entry points: 1,200,000 a minute per address (20,000 a second), far above what APS sends to one
 * merchant and above what one process ingests — its feedback comes from a few addresses, so the ceiling
 * is per address, not per customer, and it must never throttle genuine traffic (forged messages have
 * their own, low limit). PAYPORT_APS_RATE_LIMIT changes it; 0 turns it off.
 */
export const APS_RATE_LIMIT: RateLimit = { max: 1_200_000, timeWindowMs: 60_000 };

function defaultLimit(route: RateLimitedRoute, apsPerMinute: number | undefined): RateLimit | undefined {
  if (!route.startsWith('POST /payment/aps/')) return DEFAULT_RATE_LIMIT;
  if (apsPerMinute === undefined) return APS_RATE_LIMIT;
  return apsPerMinute === 0 ? undefined : { max: apsPerMinute, timeWindowMs: 60_000 };
}

function isLimited(key: string): key is RateLimitedRoute {
  return (RATE_LIMITED_ROUTES as readonly string[]).includes(key);
}

/**
 * Registers @fastify/rate-limit (no global limit) and attaches the limits to the listed routes as they
 * are registered; call before registering any route.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: RateLimitOptions = {},
  /** APS messages per minute per address (PAYPORT_APS_RATE_LIMIT); 0: none; absent: {@link APS_RATE_LIMIT}. */
  apsPerMinute?: number,
): Promise<void> {
  if (options === false) return;
  // Added before the plugin so that its own onRoute hook already sees the per-route configuration.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD renders the same page as GET, so it gets the GET route's limit.
      const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
      if (!isLimited(key)) continue;
      const limit = options[key] ?? defaultLimit(key, apsPerMinute);
      if (!limit) return;
      route.config = {
        ...route.config,
        rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs },
      };
      return;
    }
  });
  await app.register(rateLimit, { global: false });
}
