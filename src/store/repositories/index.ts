/**
 * The repository bundle. `createRepositories(db)` works on the store's `Kysely` instance and on a
 * `Transaction` alike, so a service runs the same repository calls inside `store.transaction(…)`.
 */
import type { Kysely } from 'kysely';
import { systemClock, type Clock } from '../../clock.js';
import type { Database } from '../schema.js';
import { ApiKeyRepository } from './api-keys.js';
import { detectDialect, type RepositoryContext, type StoreDialect } from './context.js';
import { EventDeliveryRepository } from './event-deliveries.js';
import { EventEndpointRepository } from './event-endpoints.js';
import { EventRepository } from './events.js';
import { IdempotencyKeyRepository } from './idempotency-keys.js';
import { LinkAttemptRepository } from './link-attempts.js';
import { NotificationRepository } from './notifications.js';
import { PaymentLinkRepository } from './payment-links.js';
import { ProviderRepository } from './providers.js';
import { ProviderApplePayRepository } from './provider-apple-pay.js';
import { RetentionRepository } from './retention.js';
import { SessionRepository } from './sessions.js';
import { SettingsRepository } from './settings.js';
import { TransactionHistoryRepository } from './transaction-history.js';
import { TransactionRepository } from './transactions.js';
import { UserRepository } from './users.js';
import { CustomerRepository } from './customers.js';
import { SavedPaymentMethodRepository } from './saved-payment-methods.js';
import { TransactionCardRepository } from './transaction-cards.js';
import { InstallmentChoiceRepository } from './installment-choices.js';
import { EmailMessageRepository } from './email-messages.js';

export * from './api-keys.js';
export * from './event-deliveries.js';
export * from './event-endpoints.js';
export * from './events.js';
export * from './idempotency-keys.js';
export * from './link-attempts.js';
export * from './notifications.js';
export * from './payment-links.js';
export * from './providers.js';
export * from './provider-apple-pay.js';
export * from './retention.js';
export * from './sessions.js';
export * from './settings.js';
export * from './transaction-history.js';
export * from './transactions.js';
export * from './users.js';
export * from './customers.js';
export * from './saved-payment-methods.js';
export * from './transaction-cards.js';
export * from './installment-choices.js';
export * from './email-messages.js';
export type { StoreDialect } from './context.js';

/** Every repository, bound to one `Kysely` instance or transaction. */
export interface Repositories {
  providers: ProviderRepository;
  transactions: TransactionRepository;
  transactionHistory: TransactionHistoryRepository;
  notifications: NotificationRepository;
  paymentLinks: PaymentLinkRepository;
  linkAttempts: LinkAttemptRepository;
  users: UserRepository;
  sessions: SessionRepository;
  apiKeys: ApiKeyRepository;
  idempotencyKeys: IdempotencyKeyRepository;
  eventEndpoints: EventEndpointRepository;
  events: EventRepository;
  eventDeliveries: EventDeliveryRepository;
  settings: SettingsRepository;
  retention: RetentionRepository;
  customers: CustomerRepository;
  savedPaymentMethods: SavedPaymentMethodRepository;
  transactionCards: TransactionCardRepository;
  applePay: ProviderApplePayRepository;
  installmentChoices: InstallmentChoiceRepository;
  emailMessages: EmailMessageRepository;
}

/** Options of {@link createRepositories}. */
export interface RepositoryOptions {
  /** Stamps created/updated times; the system clock when absent. */
  clock?: Clock;
  /** Detected from `db` when absent. */
  dialect?: StoreDialect;
  /** Whether receipts are queued (see `OpenDatabaseOptions.receipts`); true when absent. */
  receipts?: boolean;
}

/** Builds the repositories over `db` (a `Kysely` instance or a `Transaction`). */
export function createRepositories(db: Kysely<Database>, options: RepositoryOptions = {}): Repositories {
  const ctx: RepositoryContext = {
    db,
    dialect: options.dialect ?? detectDialect(db),
    clock: options.clock ?? systemClock,
    receipts: options.receipts ?? true,
  };
  return {
    providers: new ProviderRepository(ctx),
    transactions: new TransactionRepository(ctx),
    transactionHistory: new TransactionHistoryRepository(ctx),
    notifications: new NotificationRepository(ctx),
    paymentLinks: new PaymentLinkRepository(ctx),
    linkAttempts: new LinkAttemptRepository(ctx),
    users: new UserRepository(ctx),
    sessions: new SessionRepository(ctx),
    apiKeys: new ApiKeyRepository(ctx),
    idempotencyKeys: new IdempotencyKeyRepository(ctx),
    eventEndpoints: new EventEndpointRepository(ctx),
    events: new EventRepository(ctx),
    eventDeliveries: new EventDeliveryRepository(ctx),
    settings: new SettingsRepository(ctx),
    retention: new RetentionRepository(ctx),
    customers: new CustomerRepository(ctx),
    savedPaymentMethods: new SavedPaymentMethodRepository(ctx),
    transactionCards: new TransactionCardRepository(ctx),
    applePay: new ProviderApplePayRepository(ctx),
    installmentChoices: new InstallmentChoiceRepository(ctx),
    emailMessages: new EmailMessageRepository(ctx),
  };
}
