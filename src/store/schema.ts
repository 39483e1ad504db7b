/**
 * The row shapes of every table, as Kysely sees them. Columns are snake_case and hold only portable
 * types: TEXT (ids, ISO-8601 UTC timestamps, JSON), INTEGER 0/1 booleans and BIGINT minor units (read back
 * as `number` on both databases). Repositories map these rows to camelCase records.
 */

/** Where a provider is offered (S3). */
export type ProviderState = 'disabled' | 'test' | 'enabled';
/** The states of a transaction (S5). */
export type TransactionState = 'draft' | 'pending' | 'authorized' | 'done' | 'cancel' | 'error';
/** What a transaction does: the customer's payment or a maintenance child of it (S5, S9). */
export type TransactionOperation = 'online_redirect' | 'capture' | 'void' | 'refund';
/** Where a message or a state change came from (S7, S12). */
export type Channel = 'return' | 'webhook' | 'status_check' | 'api' | 'admin' | 'system';
/** Back-office roles (S11). */
export type UserRole = 'admin' | 'operator';
/** Delivery state of an outgoing event (S12). */
export type EventStatus = 'pending' | 'delivered' | 'failed';

/** Every value of each enumerated column, used by the migrations' CHECK constraints too. */
export const PROVIDER_STATES: readonly ProviderState[] = ['disabled', 'test', 'enabled'];
/** See {@link TransactionState}. */
export const TRANSACTION_STATES: readonly TransactionState[] = [
  'draft',
  'pending',
  'authorized',
  'done',
  'cancel',
  'error',
];
/** See {@link TransactionOperation}. */
export const TRANSACTION_OPERATIONS: readonly TransactionOperation[] = [
  'online_redirect',
  'capture',
  'void',
  'refund',
];
/** See {@link Channel}. */
export const CHANNELS: readonly Channel[] = ['return', 'webhook', 'status_check', 'api', 'admin', 'system'];
/** See {@link UserRole}. */
export const USER_ROLES: readonly UserRole[] = ['admin', 'operator'];
/** See {@link EventStatus}. */
export const EVENT_STATUSES: readonly EventStatus[] = ['pending', 'delivered', 'failed'];

/** `providers` */
export interface ProvidersTable {
  id: string;
  code: string;
  name: string;
  sequence: number;
  state: ProviderState;
  is_published: number;
  merchant_identifier: string | null;
  access_code_enc: string | null;
  sha_request_phrase_enc: string | null;
  sha_response_phrase_enc: string | null;
  sha_type: string;
  custom_base_url: string | null;
  payment_methods: string;
  capture_manually: number;
  currencies: string;
  countries: string;
  min_amount: number | null;
  max_amount: number | null;
  amount_currency: string | null;
  messages: string;
  /** JSON object currency → minor units: installments offered from that amount (migration 0011). */
  installments_minimums: string;
  created_at: string;
  updated_at: string;
  /** `hosted` (Redirection) or `embedded` (Merchant Page in an iframe), migration 0009. */
  card_entry: string;
}

/** `transactions` */
export interface TransactionsTable {
  id: string;
  reference: string;
  order_reference: string | null;
  provider_id: string;
  payment_method: string;
  card_brand: string | null;
  card_last4: string | null;
  amount: number;
  currency: string;
  state: TransactionState;
  state_message: string | null;
  last_state_change: string;
  operation: TransactionOperation;
  source_transaction_id: string | null;
  provider_reference: string | null;
  customer_name: string | null;
  customer_email: string | null;
  customer_lang: string | null;
  customer_phone: string | null;
  customer_country: string | null;
  landing_url: string | null;
  is_live: number;
  metadata: string;
  payment_link_id: string | null;
  /** Identity of the signed `/payment/pay` link it was started from (migration 0006). */
  link_key: string | null;
  /** Path of the customer's payment page, a signed link without its token (migration 0008). */
  payment_page: string | null;
  created_at: string;
  updated_at: string;
  next_check_at: string | null;
  check_attempts: number;
  last_check_at: string | null;
  check_lease_until: string | null;
  /** S9 ledger (payments only; null or 0 on children). */
  financial_status: string | null;
  authorized_minor: number;
  captured_minor: number;
  refunded_minor: number;
  voided_minor: number;
  capture_method: string | null;
  /** Children: `payport` or `aps` (made in the provider's own back office). */
  origin: string;
  requested_by: string | null;
  discrepancy: string | null;
  discrepancy_at: string | null;
  /** Order description given with the payment (migration 0011). */
  description: string | null;
  /** The installment plan APS reports for the payment (migration 0011); null otherwise. */
  installments_count: number | null;
  installments_plan_code: string | null;
  installments_issuer_code: string | null;
}

/** `transaction_history` */
export interface TransactionHistoryTable {
  id: string;
  transaction_id: string;
  from_state: TransactionState | null;
  to_state: TransactionState;
  message: string | null;
  channel: Channel;
  notification_id: string | null;
  created_at: string;
}

/** `notifications` */
export interface NotificationsTable {
  id: string;
  channel: Channel;
  received_at: string;
  source_ip: string | null;
  content_type: string | null;
  payload: string;
  provider_code: string;
  reference: string | null;
  transaction_id: string | null;
  outcome: string;
  detail: string | null;
  /** The original fields, sealed (migration 0004); read only by reprocessing. */
  original_sealed: string | null;
}

/** `payment_links` */
export interface PaymentLinksTable {
  id: string;
  amount: number;
  currency: string;
  order_reference: string | null;
  description: string | null;
  customer_email: string | null;
  customer_name: string | null;
  customer_country: string | null;
  lang: string | null;
  expires_at: string | null;
  active: number;
  created_at: string;
  created_by: string | null;
  paid_transaction_id: string | null;
}

/** `users` */
export interface UsersTable {
  id: string;
  email: string;
  role: UserRole;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  /** Locks since the last successful sign-in; each lock lasts twice the one before. */
  lock_count: number;
  /** The TOTP secret, sealed; NULL when the user has no second factor. */
  totp_secret_enc: string | null;
  created_at: string;
  updated_at: string;
}

/** `sessions` */
export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** `api_keys` */
export interface ApiKeysTable {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Space-separated scopes; NULL for the default set. */
  scopes: string | null;
}

/** `idempotency_keys` */
export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

/** `event_endpoints` */
export interface EventEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  secret_enc: string;
  active: number;
  created_at: string;
}

/** `events` */
export interface EventsTable {
  id: string;
  endpoint_id: string;
  transaction_id: string | null;
  type: string;
  payload: string;
  created_at: string;
  status: EventStatus;
  attempts: number;
  next_attempt_at: string | null;
  lease_until: string | null;
  delivered_at: string | null;
  last_error: string | null;
}

/** `event_deliveries` */
export interface EventDeliveriesTable {
  id: string;
  event_id: string;
  attempted_at: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}

/** `settings` */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** `spent_tokens`: single-use form tokens already used, kept until they would have expired anyway. */
export interface SpentTokensTable {
  token_hash: string;
  expires_at: string;
  transaction_id: string | null;
}

/** `customers` (S18, migration 0009). */
export interface CustomersTable {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  country: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** `saved_payment_methods`: a customer's saved card, the provider's token sealed (S18). */
export interface SavedPaymentMethodsTable {
  id: string;
  customer_id: string;
  provider_id: string;
  token_enc: string;
  token_hash: string;
  brand: string | null;
  last4: string | null;
  /** `MM/YY`. */
  expiry: string | null;
  agreement_id: string | null;
  status: 'active' | 'inactive';
  source_transaction_id: string | null;
  created_at: string;
  updated_at: string;
}

/** `transaction_cards`: the customer and card side of one payment (S18). */
export interface TransactionCardsTable {
  transaction_id: string;
  customer_id: string | null;
  payment_method_id: string | null;
  save_requested: number;
  off_session: number;
  token_enc: string | null;
  created_at: string;
}

/** `installment_choices`: the plan chosen before the embedded card form (S20); null plan = full amount. */
export interface InstallmentChoicesTable {
  transaction_id: string;
  issuer_code: string | null;
  issuer_name: string | null;
  plan_code: string | null;
  number_of_installments: number | null;
  amount_per_month: number | string | null;
  bins: string;
  minimum_amount: number | string | null;
  maximum_amount: number | string | null;
  amount: number | string;
  currency: string;
  created_at: string;
}

/** `email_messages` (S21): payment links sent by email, and the receipt outbox. */
export interface EmailMessagesTable {
  id: string;
  kind: 'payment_link' | 'receipt';
  payment_link_id: string | null;
  transaction_id: string | null;
  recipient: string;
  lang: 'en' | 'ar';
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  created_by: string | null;
  sent_at: string | null;
}

/** The whole database, for `Kysely<Database>`. */
export interface Database {
  providers: ProvidersTable;
  transactions: TransactionsTable;
  transaction_history: TransactionHistoryTable;
  notifications: NotificationsTable;
  payment_links: PaymentLinksTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  event_endpoints: EventEndpointsTable;
  events: EventsTable;
  event_deliveries: EventDeliveriesTable;
  settings: SettingsTable;
  spent_tokens: SpentTokensTable;
  customers: CustomersTable;
  saved_payment_methods: SavedPaymentMethodsTable;
  transaction_cards: TransactionCardsTable;
  provider_apple_pay: ProviderApplePayTable;
  installment_choices: InstallmentChoicesTable;
  email_messages: EmailMessagesTable;
}

/** `provider_apple_pay` (S19): a provider's Apple Pay settings; secrets sealed. */
export interface ProviderApplePayTable {
  provider_id: string;
  apple_merchant_id: string;
  access_code_enc: string;
  sha_request_phrase_enc: string;
  sha_response_phrase_enc: string;
  sha_type: string;
  certificate_pem: string;
  private_key_enc: string;
  domain_association: string;
  updated_at: string;
}
