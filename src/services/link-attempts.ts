/**
 * One payment per link (S9): a payment link — stored (`/pay/<id>`) or signed (`/payment/pay`) — with a
 * payment `pending`, `authorized` or `done` refuses a new attempt, so two tabs cannot pay twice.
 *
 * Two tabs that both loaded the page before either paid are the harder case: both submit while the
 * link is still unpaid. A second submission with the same provider and method within the lifetime of
 * APS' hosted-page session therefore continues the first one's draft instead of starting another: the
 * redirect form carries the same `merchant_reference`, and APS accepts a merchant reference once. (The
 * simulator follows this: a valid `paymentPage` request reserves its reference, and a later request
 * with it is refused with `00`/`007` "Duplicate order number", sent back unsigned to the return URL,
 * which shows APS' message and changes nothing.) The continued draft keeps the customer details it
 * was created with (an email typed in the second tab is not used). A customer who chose another method
 * starts another draft; one who cancelled on APS' page (`cancel`) or failed (`error`) starts afresh.
 */
import type { LinkIdentity, TransactionRecord } from '../store/repositories/index.js';
import { insertPaymentTransaction, type NewPayment } from './checkout.js';
import type { ServiceContext } from './context.js';

export type { LinkIdentity } from '../store/repositories/index.js';

/**
 * How long a draft's reference is reused: APS' hosted payment page session (30 minutes, the simulator's
 * default too). After it APS no longer completes that session, so a new attempt gets a new reference.
 */
export const DRAFT_REUSE_MS = 30 * 60_000;

/**
 * Methods whose every attempt is a new transaction with a new merchant reference (S19): STC Pay and
 * Apple Pay attempts are charged as they start, so an earlier attempt's reference is never sent again.
 */
export const FRESH_REFERENCE_METHODS: ReadonlySet<string> = new Set(['stcpay', 'apple_pay']);

/** What starting an attempt on a link gave. */
export type LinkAttempt =
  | { kind: 'refused'; payment: TransactionRecord }
  | { kind: 'started'; transaction: TransactionRecord; continued: boolean };

/** The link's payment that is pending, authorized or done (the newest), if any. */
export async function committedLinkPayment(
  ctx: ServiceContext,
  link: LinkIdentity,
): Promise<TransactionRecord | undefined> {
  return ctx.store.repos.linkAttempts.findCommitted(link);
}

/**
 * Starts a payment of `link`: refused when a payment of it is pending, authorized or done; otherwise the
 * recent draft of the same provider and method when there is one, else a new draft. Concurrent attempts
 * on one link run one after the other, so they cannot both create a draft.
 */
export async function startLinkAttempt(
  ctx: ServiceContext,
  link: LinkIdentity,
  input: NewPayment,
): Promise<LinkAttempt> {
  const since = new Date(ctx.clock.now().getTime() - DRAFT_REUSE_MS);
  return ctx.store.transaction(async (repos): Promise<LinkAttempt> => {
    await repos.linkAttempts.lock(link);
    const payment = await repos.linkAttempts.findCommitted(link);
    if (payment) return { kind: 'refused', payment };
    // Wallets get a fresh merchant reference per attempt, as the official plugins send them (S19).
    const draft = FRESH_REFERENCE_METHODS.has(input.paymentMethod)
      ? undefined
      : await repos.linkAttempts.findRecentDraft(link, {
          providerId: input.providerId,
          paymentMethod: input.paymentMethod,
          since,
        });
    if (draft) return { kind: 'started', transaction: draft, continued: true };
    const transaction = await insertPaymentTransaction(ctx, repos, {
      ...input,
      ...('paymentLinkId' in link ? { paymentLinkId: link.paymentLinkId } : { linkKey: link.linkKey }),
    });
    return { kind: 'started', transaction, continued: false };
  });
}
