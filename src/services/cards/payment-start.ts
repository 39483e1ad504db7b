/**
 * How a payment started on the payment page reaches the provider (S6, S18): the hosted page (with the
 * saved card's token, or `remember_me` when the customer agreed to keep the card), or — for cards with
 * a provider set to `embedded` — the provider's card form in a frame of payport's page.
 */
import type { RedirectForm } from '../../providers/provider.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import { redirectFor } from '../checkout.js';
import type { ServiceContext } from '../context.js';
import { toProviderConfig } from '../provider-accounts.js';
import { cardFormFor } from './card-form.js';
import { savedCardToken } from './saved-cards.js';

/** The form that starts a payment: posted at top level (`hosted`) or into the card frame (`embedded`). */
export type PaymentStart = { kind: 'hosted' | 'embedded'; form: RedirectForm };

/** Records the customer and card side of a payment started on the payment page (once per payment). */
export async function recordCardSide(
  ctx: ServiceContext,
  tx: TransactionRecord,
  intent: { customerId?: string | null },
  saved: { card: { id: string; customerId: string } } | undefined,
  saveRequested: boolean,
): Promise<void> {
  const customerId = saved?.card.customerId ?? intent.customerId ?? null;
  if (customerId === null) return;
  const repos = ctx.store.repos;
  if (await repos.transactionCards.find(tx.id)) return;
  const customer = await repos.customers.findById(customerId);
  if (!customer) return;
  await repos.transactionCards.insert({
    transactionId: tx.id,
    customerId: customer.id,
    paymentMethodId: saved?.card.id ?? null,
    saveRequested: saved ? false : saveRequested,
    offSession: false,
    tokenEnc: null,
  });
}

/** The form that takes a draft payment to its provider. */
export async function startPayment(ctx: ServiceContext, tx: TransactionRecord): Promise<PaymentStart> {
  const repos = ctx.store.repos;
  const record = await repos.providers.findById(tx.providerId);
  const embedded =
    record !== undefined &&
    toProviderConfig(record, ctx.secretBox).cardEntry === 'embedded' &&
    tx.paymentMethod === 'card';
  if (embedded) return { kind: 'embedded', form: await cardFormFor(ctx, tx) };
  const side = await repos.transactionCards.find(tx.id);
  const saved = side?.paymentMethodId
    ? await repos.savedPaymentMethods.findById(side.paymentMethodId)
    : undefined;
  const form = await redirectFor(ctx, tx, {
    ...(saved?.status === 'active' && { savedToken: savedCardToken(ctx, saved) }),
    ...(side?.saveRequested && { rememberMe: true }),
  });
  return { kind: 'hosted', form };
}
