/**
 * The APS sandbox simulator (S13): a separate Fastify app that behaves toward a merchant system the
 * way APS does — hosted payment page, paymentApi, feedback — with a back office at `/dashboard`, a
 * JSON control API under `/_sim` and fault injection. It shares only the APS signature, code and
 * parameter tables with the rest of payport.
 */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { systemClock, type Clock } from '../clock.js';
import { Conflict, NotFound, ValidationError } from '../errors.js';
import { createRandomAccount } from './accounts.js';
import type { SimulatorContext } from './context.js';
import { registerBackOfficeOperations } from './back-office-operations.js';
import { registerControlApi } from './control-api.js';
import { registerDashboard } from './dashboard-routes.js';
import { registerDeliveryControls } from './delivery-controls.js';
import { DEFAULT_RETRY, FeedbackSender, type RetryPolicy } from './feedback-sender.js';
import { registerApplePaySessionRoute } from './apple-pay.js';
import { registerPaymentApiRoutes } from './payment-api-routes.js';
import { registerPaymentPageRoutes } from './payment-page-routes.js';
import { schedulePendingResolution } from './payments.js';
import { readStateFile, writeStateFile } from './state-file.js';
import { SimulatorState } from './state.js';
import { registerTokenControlApi } from './token-control-api.js';
import { realTimers, TimerGroup, type Timers } from './timers.js';

export { ensureAccount, type EnsureAccountInput } from './accounts.js';
export type { MerchantAccount, SimTransaction, Delivery, Faults } from './model.js';
export type { SimToken } from './model.js';
export { SimulatorState } from './state.js';
export type { RetryPolicy } from './feedback-sender.js';
export type { Timers } from './timers.js';

/** Options of {@link createSimulator}; everything has a sensible default. */
export interface SimulatorOptions {
  /** Time source for sessions, timestamps and expiry (tests pass a ManualClock). */
  clock?: Clock;
  /** Keep the state in this JSON file (written atomically after every change, read at start). */
  stateFile?: string;
  /** Feedback retry schedule; default 10 attempts, 10 s apart. */
  feedbackRetry?: RetryPolicy;
  /** A pino/Fastify logger, or true for Fastify's default one; default: no logging. */
  logger?: FastifyBaseLogger | boolean;
  /** Base URL at which merchants and browsers reach the simulator (shown on the dashboard). */
  publicUrl?: string;
  /** Timer functions for retries, delays and pending resolutions (tests pass manual ones). */
  timers?: Timers;
  /** Hosted-page session lifetime; default 30 minutes. */
  sessionTtlMs?: number;
  /** Delay before pending/on-hold/uncertain payments settle; default 30 seconds. */
  pendingResolutionMs?: number;
  /** Timeout of one feedback HTTP attempt; default 10 seconds. */
  feedbackTimeoutMs?: number;
}

/** A simulator ready to `app.listen()` or `app.inject()`. */
export interface Simulator {
  app: FastifyInstance;
  state: SimulatorState;
  /** Cancels background work (retries, delays, settlements), closes the server, saves the state. */
  close(): Promise<void>;
}

function loggerOptions(logger: SimulatorOptions['logger']): {
  logger?: boolean;
  loggerInstance?: FastifyBaseLogger;
} {
  if (logger === undefined || typeof logger === 'boolean') return { logger: logger ?? false };
  return { loggerInstance: logger };
}

function errorStatus(err: FastifyError | Error): number {
  if (err instanceof ValidationError) return 400;
  if (err instanceof NotFound) return 404;
  if (err instanceof Conflict) return 409;
  const status = (err as FastifyError).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

const SIMULATOR_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#232f3e"/><path d="M8 20c5 3 11 3 16 0" stroke="#ff9900" stroke-width="2.5" fill="none" stroke-linecap="round"/></svg>';

/** Builds a simulator; a default merchant account with random credentials exists from the start. */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const clock = options.clock ?? systemClock;
  const stateFile = options.stateFile;
  const state =
    (stateFile !== undefined ? readStateFile(stateFile, clock) : undefined) ?? new SimulatorState(clock);
  if (state.accounts.size === 0) createRandomAccount(state);
  if (stateFile !== undefined) {
    writeStateFile(stateFile, state);
    state.onChange(() => writeStateFile(stateFile, state));
  }

  const app = Fastify({
    ...loggerOptions(options.logger),
    bodyLimit: 64 * 1024,
  }) as unknown as FastifyInstance;
  const timers = new TimerGroup(options.timers ?? realTimers, (err) =>
    app.log.error({ err }, 'simulator background task failed'),
  );
  const feedback = new FeedbackSender({
    state,
    timers,
    retry: options.feedbackRetry ?? DEFAULT_RETRY,
    attemptTimeoutMs: options.feedbackTimeoutMs ?? 10_000,
    log: app.log,
  });
  const ctx: SimulatorContext = {
    state,
    clock,
    timers,
    feedback,
    settings: {
      sessionTtlMs: options.sessionTtlMs ?? 30 * 60 * 1000,
      pendingResolutionMs: options.pendingResolutionMs ?? 30_000,
      publicUrl: options.publicUrl,
    },
    log: app.log,
  };

  app.register(formbody);
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = errorStatus(err);
    if (status >= 500) request.log.error({ err }, 'simulator request failed');
    const message = status >= 500 ? 'internal error in the simulator' : err.message;
    const fields = err instanceof ValidationError && err.fields.length > 0 ? { fields: err.fields } : {};
    // Fastify's own body errors (bad JSON, empty body, wrong content type) are bad input like any other:
    // on the control API they answer 400 naming the body, as a ValidationError would.
    const bodyError = typeof err.code === 'string' && /^FST_ERR_CT[FP]_/.test(err.code);
    if (bodyError && request.url.startsWith('/_sim/')) {
      return reply.code(400).send({ error: err.message, fields: [{ field: 'body', message: err.message }] });
    }
    if (request.url.startsWith('/dashboard')) {
      return reply.code(status).type('text/plain; charset=utf-8').send(`${status} ${message}`);
    }
    return reply.code(status).send({ error: message, ...fields });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no route ${request.method} ${request.url}` }),
  );

  // Browsers ask every site for an icon; answering it keeps their consoles free of 404s.
  app.get('/favicon.ico', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(SIMULATOR_ICON),
  );
  registerPaymentPageRoutes(app, ctx);
  registerPaymentApiRoutes(app, ctx);
  registerApplePaySessionRoute(app, ctx);
  registerControlApi(app, ctx);
  registerDashboard(app, ctx);
  registerDeliveryControls(app, ctx);
  registerBackOfficeOperations(app, ctx);
  registerTokenControlApi(app, ctx);

  feedback.resume();
  for (const transaction of state.allTransactions()) schedulePendingResolution(ctx, transaction);

  app.addHook('preClose', async () => {
    timers.close();
    feedback.close();
  });
  app.addHook('onClose', async () => {
    if (stateFile !== undefined) writeStateFile(stateFile, state);
  });
  return { app, state, close: () => app.close() };
}
