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
import { signatureHeader } from './event-signature.js';
import { systemLookup, type HostLookup } from './event-targets.js';
import { postEvent, type Outcome } from './event-transport.js';
import { DEFAULT_BREAKER, EndpointBreaker, type BreakerOptions } from './endpoint-breaker.js';

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
  /** Deliveries in flight at once, in all (default 50). */
  concurrency?: number;
  /** Deliveries in flight at once to one endpoint (default 5). */
  perEndpoint?: number;
  /** When a failing endpoint is left alone (default: 5 failures in a row, 30 s doubling to 10 min). */
  breaker?: BreakerOptions;
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
  concurrency: number;
  perEndpoint: number;
  breaker: BreakerOptions;
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
    concurrency: options.concurrency ?? 50,
    perEndpoint: options.perEndpoint ?? 5,
    breaker: options.breaker ?? DEFAULT_BREAKER,
  };
}

async function deliver(
  ctx: ServiceContext,
  config: Resolved,
  event: EventRecord,
  endpoint: EventEndpointRecord | undefined,
): Promise<boolean> {
  const events = ctx.store.repos.events;
  const attemptedAt = ctx.clock.now();
  let outcome: Outcome;
  let durationMs = 0;
  if (!endpoint) {
    outcome = { ok: false, status: null, error: 'the endpoint no longer exists' };
  } else {
    const started = performance.now();
    outcome = await postEvent(
      ctx.eventTargets,
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
    return true;
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
    return false;
  }
  // The last retry lands exactly at the end of the window rather than after it.
  const next = Math.min(now + retryDelayMs(event.attempts + 1, config.random), giveUpAt);
  await events.markRetry(event.id, { error: outcome.error, nextAttemptAt: new Date(next) });
  ctx.metrics.eventDeliveries.labels('retry').inc();
  return false;
}

/**
 * The deliveries in flight of one worker, per endpoint, and the breaker: a poll claims only for endpoints
 * with a free slot and a closed circuit, and never waits for another endpoint's deliveries (S14
 * "Isolation": a black-holed endpoint holds its own slots, not everyone's).
 */
class Dispatcher {
  private readonly perEndpoint = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  readonly breaker: EndpointBreaker;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly config: Resolved,
    private readonly onSettled: () => void,
  ) {
    this.breaker = new EndpointBreaker(config.breaker, () => ctx.clock.now().getTime());
  }

  /** Claims what may start now and starts it; resolves to the deliveries started. */
  async dispatch(): Promise<Promise<void>[]> {
    const free = this.config.concurrency - this.running.size;
    if (free <= 0) return [];
    const busy = [...this.perEndpoint].filter(([id, n]) => n >= this.limit(id)).map(([id]) => id);
    const events = this.ctx.store.repos.events;
    const claimed = await events.claimDue(
      this.ctx.clock.now(),
      Math.min(this.config.batchSize, free),
      this.config.leaseMs,
      [...new Set([...busy, ...this.breaker.open()])],
    );
    const endpoints = new Map<string, EventEndpointRecord | undefined>();
    for (const id of new Set(claimed.map((e) => e.endpointId))) {
      endpoints.set(id, await this.ctx.store.repos.eventEndpoints.findById(id));
    }
    const started: Promise<void>[] = [];
    const surplus: string[] = [];
    // The claim never hands out two events of one transaction for one endpoint, so these can run in parallel.
    for (const event of claimed) {
      const inFlight = this.perEndpoint.get(event.endpointId) ?? 0;
      if (inFlight >= this.limit(event.endpointId)) {
        surplus.push(event.id);
        continue;
      }
      this.perEndpoint.set(event.endpointId, inFlight + 1);
      started.push(this.track(event, endpoints.get(event.endpointId)));
    }
    await events.release(surplus);
    return started;
  }

  /** The deliveries one endpoint may have in flight: its slots, fewer while it has failures in a row. */
  private limit(endpointId: string): number {
    return Math.min(this.config.perEndpoint, this.breaker.room(endpointId));
  }

  private track(event: EventRecord, endpoint: EventEndpointRecord | undefined): Promise<void> {
    const run = deliver(this.ctx, this.config, event, endpoint).then(
      (ok) => this.breaker.record(event.endpointId, ok),
      (err: unknown) => {
        // The lease runs out by itself and another attempt follows; the reason is worth a log line.
        this.ctx.logger.error({ err, eventId: event.id }, 'recording an event delivery failed');
      },
    );
    const settled = run.finally(() => {
      const left = (this.perEndpoint.get(event.endpointId) ?? 1) - 1;
      if (left <= 0) this.perEndpoint.delete(event.endpointId);
      else this.perEndpoint.set(event.endpointId, left);
      this.running.delete(settled);
      this.onSettled();
    });
    this.running.add(settled);
    return settled;
  }

  /** Waits for every delivery in flight. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/** Starts the delivery loop, first poll after `intervalMs` (tests pass a long one and call `runOnce`). */
export function startEventDelivery(
  ctx: ServiceContext,
  options: EventDeliveryOptions = {},
): EventDeliveryWorker {
  const config = resolve(options);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let claiming: Promise<unknown> = Promise.resolve();
  // A finished delivery frees a slot: poll again soon rather than after a whole interval.
  const dispatcher = new Dispatcher(ctx, config, () => schedule(0));

  // One claim at a time per worker: a manual runOnce waits for the loop's claim and vice versa.
  const claim = (): Promise<Promise<void>[]> => {
    const next = claiming.catch(() => undefined).then(() => dispatcher.dispatch());
    claiming = next;
    return next;
  };

  const runOnce = async (): Promise<number> => {
    const started = await claim();
    await Promise.allSettled(started);
    return started.length;
  };

  const loop = async (): Promise<void> => {
    timer = undefined;
    if (stopped) return;
    let delay = config.intervalMs;
    try {
      // A full batch suggests more are due: go again at once.
      if ((await claim()).length >= config.batchSize) delay = 0;
    } catch (err) {
      ctx.logger.error({ err }, 'event delivery poll failed; retrying');
      delay = Math.max(config.intervalMs, 5000);
    }
    schedule(delay);
  };

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer && delay > 0) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void loop(), delay);
  }
  timer = setTimeout(() => void loop(), config.intervalMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await claiming.catch(() => undefined);
      await dispatcher.idle();
    },
  };
}
