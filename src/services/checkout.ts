/**
 * Checkout (S6): which methods a customer may use, creating the draft transaction, the redirect form
 * to the provider's hosted page, and the access token of the public status page.
 */
import { signToken, verifyToken } from '../crypto/tokens.js';
import { toLanguage } from '../domain/locale.js';
import { assertCurrency } from '../domain/currency.js';
import { isEmailAddress } from '../domain/email.js';
import type { CaptureMethod } from '../domain/ledger.js';
import { assertPositiveAmount } from '../domain/money.js';
import { assertMinimum, assertPaymentDetails } from '../domain/method-rules.js';
import { getPaymentMethod, type PaymentMethod } from '../domain/payment-methods.js';
import {
  compatibleMethods,
  needsCountry,
  type CompatibleMethod,
  type ProviderConfig,
} from '../domain/provider.js';
import { DEFAULT_SCHEDULE } from '../domain/reconciliation-schedule.js';
import { generateReference } from '../domain/reference.js';
import { ValidationError } from '../errors.js';
import type { RedirectForm } from '../providers/provider.js';
import type {
  HistoryEntry,
  ProviderRecord,
  Repositories,
  TransactionRecord,
} from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';
import { applePayProviderIds } from './apple-pay-settings.js';
import { GroupCommit } from './group-commit.js';
import { providerFor, type ServiceContext } from './context.js';
import { toProviderAccount, toProviderConfig } from './provider-accounts.js';
import { valuPageForm } from './valu-page-form.js';

/** The customer as the merchant or the payment page knows them. */
export interface CustomerInput {
  email: string;
  name?: string | null;
  lang?: string | null;
  phone?: string | null;
  country?: string | null;
}

/** What is needed to start one payment. */
export interface NewPayment {
  providerId: string;
  paymentMethod: string;
  amountMinor: number;
  currency: string;
  orderReference?: string | null;
  customer: CustomerInput;
  landingUrl?: string | null;
  metadata?: Record<string, unknown>;
  paymentLinkId?: string | null;
  /** Asked for explicitly (API); otherwise the provider's setting, where the method allows it. */
  captureMethod?: CaptureMethod;
  /** Identity of the signed `/payment/pay` link it starts from, if any (S9). */
  linkKey?: string | null;
  /** Path of the customer's payment page, for Try again (a signed link without its access token). */
  paymentPage?: string | null;
  /** Order description (Tabby and valU send it to the provider). */
  description?: string | null;
  channel: Channel;
}

/** Every provider (credentials opened), in display order. */
export async function loadProviders(
  ctx: ServiceContext,
  repos: Repositories = ctx.store.repos,
): Promise<ProviderConfig[]> {
  const records = await repos.providers.list();
  return records
    .map((record) => toProviderConfig(record, ctx.secretBox))
    .sort((a, b) => a.sequence - b.sequence);
}

/** The payment as the method choice sees it. */
type PaymentForChoice = {
  currency: string;
  amountMinor: number;
  country?: string | null;
  backOfficeUser: boolean;
};

/** The methods a customer may pick for this payment (S3 compatibility, S4 method rules). */
export async function paymentOptions(
  ctx: ServiceContext,
  payment: PaymentForChoice,
): Promise<CompatibleMethod[]> {
  return offeredAmong(ctx, await loadProviders(ctx), payment);
}

async function offeredAmong(
  ctx: ServiceContext,
  providers: readonly ProviderConfig[],
  payment: PaymentForChoice,
): Promise<CompatibleMethod[]> {
  const options = compatibleMethods(providers, payment);
  if (!options.some((o) => o.method.code === 'apple_pay')) return options;
  // Apple Pay is offered only by providers whose Apple Pay settings are complete (S19).
  const ready = await applePayProviderIds(ctx.store.repos);
  return options.filter((o) => o.method.code !== 'apple_pay' || ready.has(o.provider.id));
}

/**
 * What the payment page offers (S21): the methods for this payment, or — when no country is known and
 * a provider that could take it restricts countries — nothing yet, because the customer's country must
 * be asked first.
 */
export async function checkoutChoices(
  ctx: ServiceContext,
  payment: PaymentForChoice,
): Promise<{ askCountry: true } | { askCountry: false; options: CompatibleMethod[] }> {
  const providers = await loadProviders(ctx);
  if (!payment.country && needsCountry(providers, payment)) return { askCountry: true };
  return { askCountry: false, options: await offeredAmong(ctx, providers, payment) };
}

/** Checks that `method` of `providerId` is still offered for this payment and returns both. */
export async function resolveChoice(
  ctx: ServiceContext,
  choice: { providerId: string; paymentMethod: string },
  payment: { currency: string; amountMinor: number; country?: string | null; backOfficeUser: boolean },
): Promise<{ provider: ProviderConfig; method: PaymentMethod }> {
  const options = await paymentOptions(ctx, payment);
  const match = options.find(
    (o) => o.provider.id === choice.providerId && o.method.code === choice.paymentMethod,
  );
  if (!match) {
    throw new ValidationError('This payment method is not available for this payment.', [
      { field: 'payment_method', message: 'not available for this payment' },
    ]);
  }
  return match;
}

/** A new `draft` transaction and the history entry that records its creation. */
export interface CreatedDraft {
  transaction: TransactionRecord;
  created: HistoryEntry;
  /** The provider as the draft's checks read it, in the transaction that inserted the draft. */
  provider: ProviderAccountView;
}

/** A provider's stored record with its opened settings (credentials decrypted). */
export interface ProviderAccountView {
  record: ProviderRecord;
  config: ProviderConfig;
}

const creators = new WeakMap<ServiceContext, GroupCommit<NewPayment, CreatedDraft>>();

/**
 * The group committer of a service context's new payments: drafts asked for at the same moment (API
 * calls, payment pages) are inserted in one database transaction and share its durable commit, which
 * costs more than the inserts themselves; their providers are read once per batch. A draft that fails
 * is retried alone (group-commit.ts), so it cannot fail its neighbours.
 */
function creatorFor(ctx: ServiceContext): GroupCommit<NewPayment, CreatedDraft> {
  let creator = creators.get(ctx);
  if (!creator) {
    creator = new GroupCommit<NewPayment, CreatedDraft>(
      ctx.store,
      async (repos, inputs) => {
        const providers = new Map<string, Promise<ProviderRecord | undefined>>();
        const findProvider = (id: string) => {
          let found = providers.get(id);
          if (!found) providers.set(id, (found = repos.providers.findById(id)));
          return found;
        };
        const created: CreatedDraft[] = [];
        for (const input of inputs) created.push(await insertDraft(ctx, repos, input, findProvider));
        return created;
      },
      // New rows only: no lock to take in order.
      () => '',
      { maxBatch: 64, parallel: 2 },
    );
    creators.set(ctx, creator);
  }
  return creator;
}

/**
 * Creates the `draft` transaction of a payment (its reference is unique without a lookup); resolves once
 * it is committed, possibly together with other drafts created at the same moment.
 */
export function createPaymentDraft(ctx: ServiceContext, input: NewPayment): Promise<CreatedDraft> {
  return creatorFor(ctx).submit(input);
}

/** {@link createPaymentDraft}, for callers that need only the transaction. */
export async function createPaymentTransaction(
  ctx: ServiceContext,
  input: NewPayment,
): Promise<TransactionRecord> {
  return (await createPaymentDraft(ctx, input)).transaction;
}

/** Checks `input` and inserts its `draft` transaction with `repos`, inside the caller's database transaction. */
export async function insertPaymentTransaction(
  ctx: ServiceContext,
  repos: Repositories,
  input: NewPayment,
): Promise<TransactionRecord> {
  return (await insertDraft(ctx, repos, input)).transaction;
}

async function insertDraft(
  ctx: ServiceContext,
  repos: Repositories,
  input: NewPayment,
  findProvider: (id: string) => Promise<ProviderRecord | undefined> = (id) => repos.providers.findById(id),
): Promise<CreatedDraft> {
  const currency = assertCurrency(input.currency);
  assertPositiveAmount(input.amountMinor);
  const email = input.customer.email.trim();
  if (!isEmailAddress(email)) {
    throw new ValidationError('A valid email address is required.', [
      { field: 'email', message: 'is not a valid email address' },
    ]);
  }
  const method = getPaymentMethod(input.paymentMethod);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const record = await findProvider(input.providerId);
  if (!record)
    throw new ValidationError('Unknown provider.', [{ field: 'provider', message: 'does not exist' }]);
  const provider = toProviderConfig(record, ctx.secretBox);
  if (provider.state === 'disabled') {
    throw new ValidationError('This provider is disabled.', [{ field: 'provider', message: 'is disabled' }]);
  }
  // What the method needs (S20): its customer data, and at least its minimum amount.
  assertPaymentDetails(method.code, { ...input.customer, description: input.description });
  assertMinimum(method.code, input.amountMinor, currency, provider.installmentsMinimums);
  const captureMethod = captureMethodFor(provider.captureManually, method, input.captureMethod);
  const tx = await repos.transactions.insert({
    reference: generateReference({ orderReference: input.orderReference, clock: ctx.clock }),
    orderReference: input.orderReference ?? null,
    providerId: provider.id,
    paymentMethod: method.code,
    amount: input.amountMinor,
    currency,
    state: 'draft',
    operation: 'online_redirect',
    customerEmail: email,
    customerName: input.customer.name?.trim() || null,
    customerLang: toLanguage(input.customer.lang),
    customerPhone: input.customer.phone?.trim() || null,
    customerCountry: input.customer.country?.trim().toUpperCase() || null,
    landingUrl: input.landingUrl ?? null,
    isLive: provider.state === 'enabled',
    metadata: input.metadata ?? {},
    paymentLinkId: input.paymentLinkId ?? null,
    linkKey: input.linkKey ?? null,
    paymentPage: input.paymentPage ?? null,
    captureMethod,
    nextCheckAt: new Date(now.getTime() + DEFAULT_SCHEDULE.draftFirstCheckMs),
    description: input.description?.trim() || null,
  });
  const created = await repos.transactionHistory.insert({
    transactionId: tx.id,
    fromState: null,
    toState: 'draft',
    message: `Created for ${method.name.en} through ${provider.name}`,
    channel: input.channel,
    createdAt: at,
  });
  return { transaction: tx, created, provider: { record, config: provider } };
}

/**
 * How a payment is charged: as asked, or the provider's setting (manual capture only where the method
 * can authorize). Asking `manual` of a method that cannot authorize is refused, naming the method.
 */
export function captureMethodFor(
  providerCapturesManually: boolean,
  method: PaymentMethod,
  asked: CaptureMethod | undefined,
): CaptureMethod {
  if (asked === 'manual' && !method.allowsAuthorization) {
    throw new ValidationError(
      `${method.name.en} (${method.code}) cannot be authorized now and captured later; use capture_method "automatic".`,
      [{ field: 'capture_method', message: `manual capture is not possible with ${method.code}` }],
    );
  }
  if (asked) return asked;
  return providerCapturesManually && method.allowsAuthorization ? 'manual' : 'automatic';
}

/** The self-submitting form that sends the customer to the provider's hosted page (S6 step 2). */
export async function redirectFor(
  ctx: ServiceContext,
  tx: TransactionRecord,
  card: { savedToken?: string | null; rememberMe?: boolean } = {},
  /** The transaction's provider when the caller has just read it (a new draft does): not read again. */
  known?: ProviderAccountView,
): Promise<RedirectForm> {
  const { record, config } =
    known?.record.id === tx.providerId ? known : await readProviderAccount(ctx, tx.providerId);
  const method = getPaymentMethod(tx.paymentMethod);
  // valU is paid on payport's own page, which talks to the provider server-to-server (valu-checkout.ts).
  if (method.code === 'valu') return valuPageForm(ctx, tx.reference);
  return providerFor(ctx, record.code).buildRedirect({
    account: toProviderAccount(config),
    transaction: {
      reference: tx.reference,
      amountMinor: tx.amount,
      currency: tx.currency,
      paymentMethod: tx.paymentMethod,
      customer: {
        email: tx.customerEmail ?? '',
        name: tx.customerName,
        lang: tx.customerLang,
        phone: tx.customerPhone,
      },
      description: tx.description,
    },
    publicUrl: ctx.publicUrl,
    methodAllowsAuthorization: method.allowsAuthorization,
    ...(tx.captureMethod && { captureMethod: tx.captureMethod }),
    ...(card.savedToken && { savedToken: card.savedToken }),
    ...(card.rememberMe && { rememberMe: true }),
  });
}

async function readProviderAccount(ctx: ServiceContext, providerId: string): Promise<ProviderAccountView> {
  const record = await ctx.store.repos.providers.findById(providerId);
  if (!record) throw new ValidationError('The provider of this transaction no longer exists.');
  return { record, config: toProviderConfig(record, ctx.secretBox) };
}

/** The access token of a transaction's public status page (HMAC bound to its reference). */
export function statusToken(ctx: Pick<ServiceContext, 'secret'>, reference: string): string {
  return signToken(ctx.secret, 'payment-status', { ref: reference });
}

/** True when `token` opens the status page of `reference`. */
export function isValidStatusToken(
  ctx: Pick<ServiceContext, 'secret'>,
  reference: string,
  token: unknown,
): boolean {
  return typeof token === 'string' && verifyToken(ctx.secret, 'payment-status', { ref: reference }, token);
}

/** The status page URL (relative) of a transaction. */
export function statusPath(ctx: Pick<ServiceContext, 'secret'>, reference: string): string {
  return `/payment/status?ref=${encodeURIComponent(reference)}&token=${encodeURIComponent(statusToken(ctx, reference))}`;
}
