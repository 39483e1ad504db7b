/**
 * The composition root: opens the store, applies migrations, builds the app and its background workers,
 * and shuts everything down in order (stop accepting, finish in-flight requests, stop workers, close the
 * database).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { registerMetricsRoute } from './http/routes/health.js';
import type { Config } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics } from './observability/metrics.js';
import { openDatabase, type OpenDatabaseOptions, type Store } from './store/database.js';
import { migrate } from './store/migrator.js';
import { buildApp, type AppOptions } from './http/app.js';
import type { AppContext } from './http/context.js';
import { createServiceContext, type ServiceContext } from './services/context.js';
import { startEventDelivery } from './services/api/event-delivery.js';
import { startReconciliation } from './services/reconciliation/index.js';
import { startRetention } from './services/retention.js';
import { createSmtpMailer, type Mailer } from './services/email/mailer.js';
import { startReceiptSender } from './services/email/receipts.js';

/** A running payport. */
export interface RunningPayport {
  app: FastifyInstance;
  store: Store;
  context: AppContext;
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  address: string;
  /** Where /metrics listens when it has an address of its own (METRICS_PORT). */
  metricsAddress?: string;
  /** Graceful shutdown; safe to call twice. */
  close(): Promise<void>;
}

/** Options for {@link startPayport}. */
export interface StartOptions {
  logger?: Logger;
  clock?: Clock;
  /** Listen on the configured port (default) or only build the app (tests use `inject`). */
  listen?: boolean;
  /** Store options beyond the configuration (tests: a throwaway PostgreSQL schema). */
  database?: Partial<OpenDatabaseOptions>;
  /** Options of the route families (tests tighten limits). */
  http?: AppOptions;
  /** Run the background workers (event delivery, reconciliation); default: when listening. */
  workers?: boolean;
  /** Provider implementations by code (tests inject a client with a short time limit). */
  providers?: ServiceContext['providers'];
  /** Sends the email instead of the SMTP server of `config.email` (tests). */
  mailer?: Mailer;
}

/** Starts payport with the given configuration. */
export async function startPayport(config: Config, options: StartOptions = {}): Promise<RunningPayport> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const mailer = options.mailer ?? (config.email ? await createSmtpMailer(config.email) : undefined);
  const store = openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    clock,
    receipts: mailer !== undefined,
    ...options.database,
  });
  let app: FastifyInstance;
  let context: AppContext;
  if (config.email) {
    // The host only: the URL holds the mail server's password.
    const smtpHost = new URL(config.email.smtpUrl).host;
    logger.info({ smtpHost, from: config.email.from }, 'email is on: payment links and receipts are sent');
  }
  try {
    const applied = await migrate(store);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');
    const metrics = createMetrics();
    const services = createServiceContext({
      store,
      clock,
      logger,
      metrics,
      publicUrl: config.publicUrl,
      secret: config.secret,
      eventTargets: config.eventTargets ?? 'public',
      ...(options.providers && { providers: options.providers }),
      ...(mailer && { mailer }),
    });
    context = { config, store, logger, clock, metrics, services };
    app = await buildApp(context, options.http);
  } catch (err) {
    await store.close();
    throw err;
  }
  let address = config.publicUrl;
  if (options.listen !== false) {
    try {
      address = await app.listen({ port: config.port, host: config.host });
    } catch (err) {
      await app.close();
      await store.close();
      throw err;
    }
  }
  let metricsApp: FastifyInstance | undefined;
  let metricsAddress: string | undefined;
  if (options.listen !== false && config.metrics) {
    // Operators scrape metrics from inside the network; customers never reach this port.
    metricsApp = Fastify({ logger: false });
    registerMetricsRoute(metricsApp, context);
    try {
      metricsAddress = await metricsApp.listen({ port: config.metrics.port, host: config.metrics.host });
    } catch (err) {
      await app.close();
      await store.close();
      throw err;
    }
  }
  const workers: { stop(): Promise<void> }[] = [];
  if (options.workers ?? options.listen !== false) {
    const reconciliation = startReconciliation(context.services, config.reconciliation ?? {});
    const retention = startRetention(store, clock, logger);
    workers.push(startEventDelivery(context.services), reconciliation, {
      stop: async () => retention.stop(),
    });
    // An ambiguous capture/refund/void message is settled by the provider's books, asked at once.
    context.services.checkSoon = (reference) => reconciliation.checkSoon(reference);
    // Receipts go out only when email is set up (S21); without it nothing is sent.
    if (mailer) workers.push(startReceiptSender(context.services, mailer));
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await app.close();
      await metricsApp?.close();
      await Promise.all(workers.map((worker) => worker.stop()));
      await store.close();
      mailer?.close();
    })();
    return closing;
  };
  return { app, store, context, address, ...(metricsAddress && { metricsAddress }), close };
}
