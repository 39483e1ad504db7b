/**
 * `POST /transactions` with the saved-customer fields (S18): a payment linked to a customer
 * (`customer_id`), keeping its card (`save_payment_method`), paying with a saved card
 * (`payment_method_id`: the hosted page shows that card), or charging it merchant-initiated
 * (`off_session`: no customer, no 3-D Secure, answered with the final state). Every reference to a
 * customer or card is checked before anything is created or sent.
 */
import { ValidationError } from '../../errors.js';
import { insertPaymentTransaction, redirectFor } from '../checkout.js';
import { chargeCard } from '../cards/card-charges.js';
import { chargeableCard } from '../cards/saved-cards.js';
import type { ServiceContext } from '../context.js';
import { loadTransactionResource } from '../transaction-resource.js';
import {
  createApiTransaction,
  chooseProvider,
  type ApiCardPaymentInput,
  type CreatedApiPayment,
} from './api-transactions.js';

/** Creates an API payment, with or without a saved customer or card. */
export async function createApiPayment(
  ctx: ServiceContext,
  input: ApiCardPaymentInput,
): Promise<CreatedApiPayment> {
  const plain =
    input.customerId === undefined && input.paymentMethodId === undefined && input.offSession !== true;
  if (plain && input.paymentMethod !== undefined && input.customer !== undefined) {
    return createApiTransaction(ctx, {
      ...input,
      paymentMethod: input.paymentMethod,
      customer: input.customer,
    });
  }
  const repos = ctx.store.repos;
  let customer =
    input.customerId === undefined ? undefined : await repos.customers.findById(input.customerId);
  if (input.customerId !== undefined && !customer) {
    throw new ValidationError('customer_id does not name a customer.', [
      { field: 'customer_id', message: 'does not name a customer' },
    ]);
  }
  const saved =
    input.paymentMethodId === undefined
      ? undefined
      : await chargeableCard(ctx, input.paymentMethodId, input.customerId);
  customer ??= saved?.customer;
  if (input.offSession === true && !saved) {
    throw new ValidationError('off_session needs the saved card to charge.', [
      { field: 'payment_method_id', message: 'is required with off_session' },
    ]);
  }
  if (saved && input.providerId !== undefined && input.providerId !== saved.card.providerId) {
    throw new ValidationError('This saved card belongs to another provider.', [
      { field: 'provider_id', message: 'is not the provider of the saved card' },
    ]);
  }
  const paymentMethod = input.paymentMethod ?? 'card';
  const providerId = await chooseProvider(ctx, {
    ...input,
    paymentMethod,
    customer: input.customer ?? { email: customer?.email ?? '' },
    ...(saved && { providerId: saved.card.providerId }),
  });
  const person = input.customer ?? {
    email: customer?.email ?? '',
    name: customer?.name ?? null,
    lang: null,
  };
  const tx = await ctx.store.transaction(async (tr) => {
    const created = await insertPaymentTransaction(ctx, tr, {
      providerId,
      paymentMethod,
      amountMinor: input.amountMinor,
      currency: input.currency,
      orderReference: input.orderReference ?? null,
      customer: {
        email: person.email,
        name: person.name ?? null,
        lang: person.lang ?? null,
        phone: customer?.phone ?? null,
        country: customer?.country ?? null,
      },
      landingUrl: input.landingUrl ?? null,
      metadata: input.metadata ?? {},
      ...(input.captureMethod && { captureMethod: input.captureMethod }),
      channel: 'api',
    });
    await tr.transactionCards.insert({
      transactionId: created.id,
      customerId: customer?.id ?? null,
      paymentMethodId: saved?.card.id ?? null,
      saveRequested: input.savePaymentMethod === true,
      offSession: input.offSession === true,
      tokenEnc: null,
    });
    return created;
  });
  const links = {
    ...(customer && { customer_id: customer.id }),
    ...(saved && { payment_method_id: saved.card.id }),
  };
  if (input.offSession === true && saved) {
    const charged = await chargeCard(
      ctx,
      tx,
      { token: saved.token, consent: false },
      { kind: 'recurring', agreementId: saved.card.agreementId },
    );
    return { ...(await loadTransactionResource(repos, charged.transaction)), ...links };
  }
  const redirect = await redirectFor(ctx, tx, {
    ...(saved && { savedToken: saved.token }),
    ...(input.savePaymentMethod === true && { rememberMe: true }),
  });
  return { ...(await loadTransactionResource(repos, tx)), redirect, ...links };
}
