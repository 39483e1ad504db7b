/**
 * Saved cards (S18): a customer's payment methods, each a provider token sealed with the secret box and
 * the card facts that may be shown (brand, last four, expiry). A card is saved when a payment that was
 * asked to keep it (the customer's consent on the provider's page, or the merchant's
 * `save_payment_method`) succeeds; removing it deactivates the token at the provider.
 */
import { isCardExpired } from '../../domain/card-expiry.js';
import { sha256Hex } from '../../crypto/random.js';
import { generateReference } from '../../domain/reference.js';
import { NotFound, PayportError, ValidationError } from '../../errors.js';
import type { CardToken, ProviderOutcome } from '../../providers/provider.js';
import type {
  CustomerRecord,
  Repositories,
  SavedPaymentMethodRecord,
  TransactionRecord,
} from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { providerAccountOf } from './provider-of.js';
import { enqueueCardEvent, PAYMENT_METHOD_REMOVED, PAYMENT_METHOD_SAVED } from './card-events.js';

/** Associated data of sealed tokens: a sealed token copied into another column does not open. */
const TOKEN_CONTEXT = 'card-token';

/** A saved card as the API shows it. */
export interface PaymentMethodResource {
  id: string;
  brand: string | null;
  last4: string | null;
  expiry: string | null;
  status: 'active' | 'inactive';
  created_at: string;
}

/** The API shape of a saved card. */
export function paymentMethodResource(card: SavedPaymentMethodRecord): PaymentMethodResource {
  return {
    id: card.id,
    brand: card.brand,
    last4: card.last4,
    expiry: card.expiry,
    status: card.status,
    created_at: card.createdAt,
  };
}

/** Seals a card token (and its facts) for storage. */
export function sealCard(ctx: Pick<ServiceContext, 'secretBox'>, card: CardToken): string {
  return ctx.secretBox.seal(JSON.stringify(card), TOKEN_CONTEXT);
}

/** Opens a card sealed by {@link sealCard}. */
export function openCard(ctx: Pick<ServiceContext, 'secretBox'>, sealed: string): CardToken {
  return JSON.parse(ctx.secretBox.open(sealed, TOKEN_CONTEXT)) as CardToken;
}

/** The token of a saved card, opened. */
export function savedCardToken(
  ctx: Pick<ServiceContext, 'secretBox'>,
  card: SavedPaymentMethodRecord,
): string {
  return openCard(ctx, card.tokenEnc).token;
}

/** A customer's cards, oldest first. */
export async function listSavedCards(
  ctx: ServiceContext,
  customerId: string,
  options: { activeOnly?: boolean } = {},
): Promise<SavedPaymentMethodRecord[]> {
  return ctx.store.repos.savedPaymentMethods.listByCustomer(customerId, options);
}

/**
 * The active saved card `paymentMethodId` of the customer, ready to charge. Unknown, inactive, another
 * customer's, expired, or a deleted customer's → 422 naming `payment_method_id` (nothing is sent anywhere).
 */
export async function chargeableCard(
  ctx: ServiceContext,
  paymentMethodId: string,
  customerId: string | undefined,
): Promise<{ card: SavedPaymentMethodRecord; customer: CustomerRecord; token: string }> {
  const repos = ctx.store.repos;
  const refuse = (message: string): never => {
    throw new ValidationError(`payment_method_id ${message}.`, [{ field: 'payment_method_id', message }]);
  };
  const card = await repos.savedPaymentMethods.findById(paymentMethodId);
  if (!card) return refuse('does not name a saved payment method');
  if (customerId !== undefined && card.customerId !== customerId) {
    return refuse('is not a payment method of this customer');
  }
  if (card.status !== 'active') return refuse('names a payment method that is no longer active');
  if (isCardExpired(card.expiry, ctx.clock.now())) {
    return refuse(`names a card that expired at the end of ${card.expiry}`);
  }
  const customer = await repos.customers.findById(card.customerId);
  if (!customer) return refuse('belongs to a deleted customer');
  return { card, customer, token: savedCardToken(ctx, card) };
}

/**
 * Keeps the card of a payment that just succeeded, when the payment was asked to (S18): the token from
 * the provider's answer, or the one the payment was charged with (embedded form, 3-D Secure). Runs in
 * ingestion's database transaction, so the card and the state change commit together.
 */
export async function keepCardOfPayment(
  ctx: ServiceContext,
  repos: Repositories,
  payment: TransactionRecord,
  outcome: ProviderOutcome,
  at: string,
): Promise<SavedPaymentMethodRecord | undefined> {
  if (payment.operation !== 'online_redirect') return undefined;
  if (payment.state !== 'done' && payment.state !== 'authorized') return undefined;
  const side = await repos.transactionCards.find(payment.id);
  if (!side?.customerId || side.paymentMethodId) return undefined;
  const held = side.tokenEnc ? openCard(ctx, side.tokenEnc) : undefined;
  const fromAnswer = outcome.card;
  const token = fromAnswer?.token ?? held?.token;
  if (!token) return undefined;
  const consent = side.saveRequested || fromAnswer?.consent === true || held?.consent === true;
  if (side.tokenEnc) await repos.transactionCards.setToken(payment.id, null);
  if (!consent) return undefined;
  const customer = await repos.customers.findById(side.customerId);
  if (!customer) return undefined;
  const facts: CardToken = {
    token,
    consent: true,
    ...((fromAnswer?.brand ?? held?.brand ?? payment.cardBrand) && {
      brand: (fromAnswer?.brand ?? held?.brand ?? payment.cardBrand)!,
    }),
    ...((fromAnswer?.last4 ?? held?.last4 ?? payment.cardLast4) && {
      last4: (fromAnswer?.last4 ?? held?.last4 ?? payment.cardLast4)!,
    }),
    ...((fromAnswer?.expiry ?? held?.expiry) && { expiry: (fromAnswer?.expiry ?? held?.expiry)! }),
  };
  const tokenHash = sha256Hex(`${payment.providerId}:${token}`);
  const existing = await repos.savedPaymentMethods.findByToken(payment.providerId, tokenHash);
  if (existing) {
    return repos.savedPaymentMethods.refresh(existing.id, {
      customerId: customer.id,
      brand: facts.brand ?? null,
      last4: facts.last4 ?? null,
      expiry: facts.expiry ?? null,
    });
  }
  const saved = await repos.savedPaymentMethods.insert({
    customerId: customer.id,
    providerId: payment.providerId,
    tokenEnc: sealCard(ctx, facts),
    tokenHash,
    brand: facts.brand ?? null,
    last4: facts.last4 ?? null,
    expiry: facts.expiry ?? null,
    sourceTransactionId: payment.id,
  });
  // The agreement merchant-initiated charges of this card are made under (reference aps-round2.md §3).
  const withAgreement = await repos.savedPaymentMethods.setAgreement(
    saved.id,
    saved.id.replace(/^pm_/, 'AGR'),
  );
  await enqueueCardEvent(repos, PAYMENT_METHOD_SAVED, withAgreement ?? saved, customer.id, at);
  ctx.logger.info(
    { customerId: customer.id, paymentMethodId: saved.id, reference: payment.reference },
    'card saved',
  );
  return withAgreement ?? saved;
}

/**
 * Removes a saved card: the provider deactivates the token (`UPDATE_TOKEN` INACTIVE), and payport marks
 * it inactive so it is never charged again — also when the provider could not be told (logged).
 */
export async function removeSavedCard(
  ctx: ServiceContext,
  customerId: string,
  paymentMethodId: string,
  actor: { name: string; tolerateProviderFailure?: boolean },
): Promise<SavedPaymentMethodRecord> {
  const repos = ctx.store.repos;
  const card = await repos.savedPaymentMethods.findById(paymentMethodId);
  if (!card || card.customerId !== customerId) {
    throw new NotFound(`No payment method "${paymentMethodId}" for customer "${customerId}".`);
  }
  if (card.status === 'inactive') return card;
  const log = ctx.logger.child({ customerId, paymentMethodId, by: actor.name });
  try {
    const { provider, account } = await providerAccountOf(ctx, repos, card.providerId, 'remove a card');
    const answer = await provider.deactivateToken(account, {
      token: savedCardToken(ctx, card),
      reference: generateReference({ clock: ctx.clock }),
    });
    if (answer.ok) log.info('card token deactivated at the provider');
    else
      log.warn(
        { providerStatus: answer.responseCode, providerMessage: answer.message },
        'the provider did not deactivate the card token',
      );
  } catch (err) {
    if (!(err instanceof PayportError) && !actor.tolerateProviderFailure) throw err;
    log.warn({ err: (err as Error).message }, 'could not deactivate the card token at the provider');
  }
  const at = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    const updated = (await tx.savedPaymentMethods.setStatus(card.id, 'inactive')) ?? card;
    await enqueueCardEvent(tx, PAYMENT_METHOD_REMOVED, updated, customerId, at);
    return updated;
  });
}
