/**
 * Transactions created and read through the merchant API (S12): the created `draft` transaction with the
 * redirect form for merchants who render their own page, single reads with children and history, and
 * filtered, cursor-paginated lists.
 */
import type { CaptureMethod } from '../../domain/ledger.js';
import { assertMinimum, assertPaymentDetails } from '../../domain/method-rules.js';
import { getPaymentMethod } from '../../domain/payment-methods.js';
import { compatibleMethods } from '../../domain/provider.js';
import { NotFound, ValidationError } from '../../errors.js';
import type { RedirectForm } from '../../providers/provider.js';
import type { TransactionFilter, TransactionRecord } from '../../store/repositories/index.js';
import { createPaymentDraft, loadProviders, redirectFor } from '../checkout.js';
import type { ServiceContext } from '../context.js';
import {
  loadTransactionResource,
  newDraftResource,
  summaryResource,
  type TransactionResource,
  type TransactionSummaryResource,
} from '../transaction-resource.js';

/** A payment to create, already validated for shape (amount in minor units). */
export interface ApiPaymentInput {
  amountMinor: number;
  currency: string;
  paymentMethod: string;
  providerId?: string | undefined;
  orderReference?: string | null | undefined;
  customer: {
    email: string;
    name?: string | null | undefined;
    lang?: string | null | undefined;
    phone?: string | null | undefined;
    country?: string | null | undefined;
  };
  /** Order description (Tabby and valU need one). */
  description?: string | null | undefined;
  landingUrl?: string | null | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** `automatic` (PURCHASE) or `manual` (AUTHORIZATION); the provider's setting when absent. */
  captureMethod?: CaptureMethod | undefined;
}

/** The saved-customer and saved-card side of an API payment (S18). */
export interface ApiCardPaymentInput extends Omit<ApiPaymentInput, 'paymentMethod' | 'customer'> {
  paymentMethod?: string | undefined;
  customer?: ApiPaymentInput['customer'] | undefined;
  customerId?: string | undefined;
  savePaymentMethod?: boolean | undefined;
  paymentMethodId?: string | undefined;
  offSession?: boolean | undefined;
}

/** The created transaction plus how to send the customer to the provider's page. */
export type CreatedApiTransaction = TransactionResource & { redirect: RedirectForm };

/** A created payment: with its redirect form, or already charged (off-session) without one. */
export type CreatedApiPayment = TransactionResource & {
  redirect?: RedirectForm;
  customer_id?: string;
  payment_method_id?: string;
};

/**
 * The provider that will take the payment: the one asked for, or the first (in display order) that is
 * compatible and offers the method. Publication is not required: it governs what customers are shown,
 * and the API caller is the merchant itself (like a signed-in back-office user).
 */
export async function chooseProvider(ctx: ServiceContext, input: ApiPaymentInput): Promise<string> {
  const options = compatibleMethods(await loadProviders(ctx), {
    currency: input.currency,
    amountMinor: input.amountMinor,
    // The customer's country, when the caller gives it, limits the providers like on the page (S21).
    country: input.customer.country ?? null,
    backOfficeUser: true,
  }).filter((option) => option.method.code === input.paymentMethod);
  if (input.providerId !== undefined) {
    if (!options.some((option) => option.provider.id === input.providerId)) {
      throw new ValidationError('This provider does not offer this payment method for this payment.', [
        {
          field: 'provider_id',
          message: `does not offer ${input.paymentMethod} for ${input.currency} at this amount (or does not exist)`,
        },
      ]);
    }
    return input.providerId;
  }
  const first = options[0];
  if (!first) {
    // Offered at a larger amount: say so, naming the minimum (S20).
    const atAnyAmount = compatibleMethods(await loadProviders(ctx), {
      currency: input.currency,
      country: input.customer.country ?? null,
      backOfficeUser: true,
    }).find((option) => option.method.code === input.paymentMethod);
    if (atAnyAmount) {
      assertMinimum(
        atAnyAmount.method.code,
        input.amountMinor,
        input.currency,
        atAnyAmount.provider.installmentsMinimums,
      );
    }
    throw new ValidationError('No provider offers this payment method for this payment.', [
      {
        field: 'payment_method',
        message: `no enabled or test provider offers ${input.paymentMethod} for ${input.currency} at this amount`,
      },
    ]);
  }
  return first.provider.id;
}

/** Creates a `draft` transaction and its redirect form. */
export async function createApiTransaction(
  ctx: ServiceContext,
  input: ApiPaymentInput,
): Promise<CreatedApiTransaction> {
  // The customer data a method needs comes first: it is what the caller can add (S20).
  assertPaymentDetails(getPaymentMethod(input.paymentMethod).code, {
    ...input.customer,
    description: input.description,
  });
  const providerId = await chooseProvider(ctx, input);
  const draft = await createPaymentDraft(ctx, {
    providerId,
    paymentMethod: input.paymentMethod,
    amountMinor: input.amountMinor,
    currency: input.currency,
    orderReference: input.orderReference ?? null,
    customer: {
      email: input.customer.email,
      name: input.customer.name ?? null,
      lang: input.customer.lang ?? null,
      phone: input.customer.phone ?? null,
      country: input.customer.country?.toUpperCase() ?? null,
    },
    description: input.description ?? null,
    landingUrl: input.landingUrl ?? null,
    metadata: input.metadata ?? {},
    ...(input.captureMethod && { captureMethod: input.captureMethod }),
    channel: 'api',
  });
  const redirect = await redirectFor(ctx, draft.transaction, {}, draft.provider);
  return { ...newDraftResource(draft.transaction, draft.created), redirect };
}

/** The transaction with this reference, or NotFound. */
export async function findTransactionByReference(
  ctx: ServiceContext,
  reference: string,
): Promise<TransactionRecord> {
  const tx = await ctx.store.repos.transactions.findByReference(reference);
  if (!tx) throw new NotFound(`No transaction with reference "${reference}".`);
  return tx;
}

/** The full resource of one transaction, or NotFound. */
export async function getApiTransaction(
  ctx: ServiceContext,
  reference: string,
): Promise<TransactionResource> {
  return loadTransactionResource(ctx.store.repos, await findTransactionByReference(ctx, reference));
}

/** One page of transactions, newest first. */
export async function listApiTransactions(
  ctx: ServiceContext,
  filter: TransactionFilter,
  page: { limit?: number | undefined; cursor?: string | undefined },
): Promise<{ data: TransactionSummaryResource[]; next_cursor: string | null }> {
  const result = await ctx.store.repos.transactions.list(filter, {
    ...(page.limit !== undefined && { limit: page.limit }),
    cursor: page.cursor ?? null,
  });
  return { data: result.items.map(summaryResource), next_cursor: result.nextCursor };
}
