/**
 * Per-client rate limits on the customer routes (S14). Only the routes a stranger can hammer cheaply
 * are limited — the payment pages, the transaction POST and the status poll. APS' return and webhook
 * never are: a throttled notification is a lost notification, and those routes are signature-checked
 * before anything changes anyway. Over the limit: 429 with Retry-After (through the shared error
 * handler, so pages get HTML and the poll gets JSON).
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
] as const;

/** One of {@link RATE_LIMITED_ROUTES}. */
export type RateLimitedRoute = (typeof RATE_LIMITED_ROUTES)[number];

/**
 * Generous defaults: a customer retrying a payment or a status page polling every second stays far
 * below them; a script enumerating links or creating drafts does not.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 120, timeWindowMs: 60_000 };

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
): Promise<void> {
  if (options === false) return;
  // Added before the plugin so that its own onRoute hook already sees the per-route configuration.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // HEAD renders the same page as GET, so it gets the GET route's limit.
      const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
      if (!isLimited(key)) continue;
      const limit = options[key] ?? DEFAULT_RATE_LIMIT;
      route.config = {
        ...route.config,
        rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs },
      };
      return;
    }
  });
  await app.register(rateLimit, { global: false });
}
