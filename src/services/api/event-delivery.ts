/**
 * The event delivery worker (S12, S15): claims due events from the outbox, posts each one's payload as-is
 * with a `Payport-Signature` header, and records every attempt. Any 2xx acknowledges; anything else is
 * retried with exponential backoff and jitter until the event is `maxAgeMs` old, then given up. All state
 * is in the database: a restarted or second worker carries on, and claim leases keep two workers from
 * delivering one event at the same time.
 */
import { performance } from 'node:perf_hooks';
import type { EventEndpointRecord, EventRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { endpointSecret } from './event-endpoints.js';
import { SIGNATURE_HEADER, signatureHeader } from './event-signature.js';
import { ForbiddenTarget, resolveTarget, systemLookup, type HostLookup } from './event-targets.js';
import { postPinned } from './event-transport.js';

/** Tuning of {@link startEventDelivery}. */
export interface EventDeliveryOptions {
  /** Pause between polls when there was nothing to deliver (default 1 s). */
  intervalMs?: number;
  /** Events claimed per poll (default 20). */
  batchSize?: number;
  /** How long a claim holds an event against other workers (default 60 s). */
  leaseMs?: number;
  /** Age after which an undelivered event is given up (default 3 days). */
  maxAgeMs?: number;
  /** Longest wait for an endpoint's answer (default 10 s, and always under half the lease). */
  timeoutMs?: number;
  /** An HTTP client to use instead of payport's own (tests inject one); the address guard still runs. */
  fetch?: typeof fetch;
  /** The resolver of endpoint host names (tests inject one, so no query leaves the machine). */
  lookup?: HostLookup;
  /** Source of jitter in [0, 1) (tests make it deterministic). */
  random?: () => number;
}

/** A running worker. */
export interface EventDeliveryWorker {
  /** Stops polling and waits for the deliveries in flight. */
  stop(): Promise<void>;
  /** Claims and delivers one batch now; resolves to the number of events attempted. */
  runOnce(): Promise<number>;
}

/** Three days, as S12 says. */
export const DEFAULT_MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 10_000;
const MAX_RETRY_MS = 6 * 60 * 60 * 1000;

/**
 * The wait before retry number `attempt` (1 after the first failure): doubling from 10 s up to 6 h, with
 * "equal jitter" (half fixed, half random) so endpoints that failed together are not retried in lockstep.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random());
}

interface Resolved {
  intervalMs: number;
  batchSize: number;
  leaseMs: number;
  maxAgeMs: number;
  timeoutMs: number;
  fetch: typeof fetch | undefined;
  lookup: HostLookup;
  random: () => number;
}

function resolve(options: EventDeliveryOptions): Resolved {
  const leaseMs = options.leaseMs ?? 60_000;
  return {
    intervalMs: options.intervalMs ?? 1000,
    batchSize: options.batchSize ?? 20,
    leaseMs,
    maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
    timeoutMs: Math.min(options.timeoutMs ?? 10_000, Math.floor(leaseMs / 2)),
    fetch: options.fetch,
    lookup: options.lookup ?? systemLookup,
    random: options.random ?? Math.random,
  };
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(
  ctx: ServiceContext,
  config: Resolved,
  url: string,
  body: string,
  signature: string,
): Promise<Outcome> {
  const headers = {
    'content-type': 'application/json',
    [SIGNATURE_HEADER]: signature,
    'user-agent': 'payport-events/1',
  };
  try {
    const target = new URL(url);
    const address = await resolveTarget(target, ctx.eventTargets, config.lookup);
    let status: number;
    if (config.fetch) {
      const response = await config.fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      status = response.status;
    } else {
      status = (await postPinned(target, address, headers, body, config.timeoutMs)).status;
    }
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `the endpoint answered HTTP ${status}` };
  } catch (err) {
    const error = err as Error;
    if (error instanceof ForbiddenTarget) return { ok: false, status: null, error: error.message };
    const reason =
      error.name === 'TimeoutError' || error.name === 'AbortError'
        ? `no answer within ${config.timeoutMs} ms`
        : describeNetworkError(error);
    return { ok: false, status: null, error: reason };
  }
}

function describeNetworkError(error: Error): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? (error as { code?: string }).code ?? cause?.message ?? error.message;
  return `could not reach the endpoint (${detail})`.slice(0, 500);
}

async function deliver(
  ctx: ServiceContext,
  config: Resolved,
  event: EventRecord,
  endpoint: EventEndpointRecord | undefined,
): Promise<void> {
  const events = ctx.store.repos.events;
  const attemptedAt = ctx.clock.now();
  let outcome: Outcome;
  let durationMs = 0;
  if (!endpoint) {
    outcome = { ok: false, status: null, error: 'the endpoint no longer exists' };
  } else {
    const started = performance.now();
    outcome = await post(
      ctx,
      config,
      endpoint.url,
      event.payload,
      signatureHeader(endpointSecret(ctx, endpoint), event.payload, attemptedAt),
    );
    durationMs = performance.now() - started;
  }
  await ctx.store.repos.eventDeliveries.insert({
    eventId: event.id,
    attemptedAt,
    httpStatus: outcome.status,
    error: outcome.ok ? null : outcome.error,
    durationMs,
  });
  if (outcome.ok) {
    await events.markDelivered(event.id, ctx.clock.now());
    ctx.metrics.eventDeliveries.labels('delivered').inc();
    return;
  }
  const now = ctx.clock.now().getTime();
  const giveUpAt = Date.parse(event.createdAt) + config.maxAgeMs;
  if (now >= giveUpAt) {
    await events.markFailed(event.id, outcome.error);
    ctx.metrics.eventDeliveries.labels('failed').inc();
    ctx.logger.warn(
      { eventId: event.id, endpointId: event.endpointId, attempts: event.attempts + 1 },
      'event given up after its retry window',
    );
    return;
  }
  // The last retry lands exactly at the end of the window rather than after it.
  const next = Math.min(now + retryDelayMs(event.attempts + 1, config.random), giveUpAt);
  await events.markRetry(event.id, { error: outcome.error, nextAttemptAt: new Date(next) });
  ctx.metrics.eventDeliveries.labels('retry').inc();
}

/** Claims one batch and delivers it; events in one batch belong to distinct (endpoint, transaction) pairs. */
async function deliverBatch(ctx: ServiceContext, config: Resolved): Promise<number> {
  const claimed = await ctx.store.repos.events.claimDue(ctx.clock.now(), config.batchSize, config.leaseMs);
  if (claimed.length === 0) return 0;
  const endpoints = new Map<string, EventEndpointRecord | undefined>();
  for (const id of new Set(claimed.map((e) => e.endpointId))) {
    endpoints.set(id, await ctx.store.repos.eventEndpoints.findById(id));
  }
  // The claim never hands out two events of one transaction for one endpoint, so these can run in parallel.
  const results = await Promise.allSettled(
    claimed.map((event) => deliver(ctx, config, event, endpoints.get(event.endpointId))),
  );
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    // The lease runs out by itself and another attempt follows; the reason is worth a log line.
    ctx.logger.error({ err: failed[0]!.reason, count: failed.length }, 'recording event deliveries failed');
  }
  return claimed.length;
}

/** Starts the delivery loop, first poll after `intervalMs` (tests pass a long one and call `runOnce`). */
export function startEventDelivery(
  ctx: ServiceContext,
  options: EventDeliveryOptions = {},
): EventDeliveryWorker {
  const config = resolve(options);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const runOnce = (): Promise<number> => {
    // One batch at a time per worker: a manual runOnce waits for the loop's batch and vice versa.
    const previous = running ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(() => deliverBatch(ctx, config));
    running = next;
    return next;
  };

  const loop = async (): Promise<void> => {
    if (stopped) return;
    let delay = config.intervalMs;
    try {
      // A full batch suggests more are due: go again at once.
      if ((await runOnce()) >= config.batchSize) delay = 0;
    } catch (err) {
      ctx.logger.error({ err }, 'event delivery poll failed; retrying');
      delay = Math.max(config.intervalMs, 5000);
    }
    if (!stopped) timer = setTimeout(() => void loop(), delay);
  };
  timer = setTimeout(() => void loop(), config.intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => 0);
    },
  };
}
