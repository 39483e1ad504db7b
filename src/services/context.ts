/** What every use case receives: the store, time, configuration it needs, crypto and the providers. */
import type { Clock } from '../clock.js';
import { createSecretBox, type SecretBox } from '../crypto/secret-box.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { apsProvider } from '../providers/aps/index.js';
import type { PaymentProvider } from '../providers/provider.js';
import type { Store } from '../store/database.js';
import { NotFound } from '../errors.js';
import { transactionOperations } from './operations/index.js';
import type { EventTargetPolicy } from './api/event-targets.js';
import type { TransactionOperations } from './operations/types.js';
import type { Mailer } from './email/mailer.js';

/** Payment providers by code. */
export type ProviderRegistry = Readonly<Record<string, PaymentProvider>>;

/** Dependencies of the services. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Base URL customers and the provider reach payport at (no trailing slash). */
  publicUrl: string;
  /** Key material for tokens (access tokens, form tokens). */
  secret: string;
  /** Seals credentials at rest. */
  secretBox: SecretBox;
  providers: ProviderRegistry;
  /** Which addresses event endpoints may reach (S14). */
  eventTargets: EventTargetPolicy;
  /** Capture, void, refund and status check (S8, S9); the back office shows their buttons when set. */
  operations?: TransactionOperations;
  /**
   * Asks the provider about a payment soon, in the background (set by the composition root when the
   * reconciliation worker runs): an ambiguous maintenance message is settled by the provider's books.
   */
  checkSoon?: (reference: string) => void;
  /** Sends email (S21); absent when SMTP_URL is not set, and then nothing is emailed. */
  mailer?: Mailer;
}

/** Builds the service context from its parts; `providers` defaults to APS. */
export function createServiceContext(parts: {
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  publicUrl: string;
  secret: string;
  providers?: ProviderRegistry;
  eventTargets?: EventTargetPolicy;
  mailer?: Mailer;
}): ServiceContext {
  return {
    ...parts,
    eventTargets: parts.eventTargets ?? 'public',
    secretBox: createSecretBox(parts.secret, 'credentials'),
    providers: parts.providers ?? { aps: apsProvider },
    operations: transactionOperations,
  };
}

/** The provider implementation for a provider code. */
export function providerFor(ctx: ServiceContext, code: string): PaymentProvider {
  const provider = ctx.providers[code];
  if (!provider) throw new NotFound(`No payment provider implementation for "${code}"`);
  return provider;
}
