/**
 * Turning a finished hosted-page session into an order APS knows: the transaction with its fort_id,
 * authorization code and amount ledger, the Direct Transaction Feedback, and, for pending, on-hold
 * and uncertain payments, the later settlement reported by a Notification.
 */
import { MESSAGE } from '../providers/aps/codes.js';
import type { SimulatorContext } from './context.js';
import { newAuthorizationCode, newFortId } from './ids.js';
import { toLanguage } from './messages.js';
import type {
  CardSummary,
  HostedSession,
  MerchantAccount,
  OperationOrigin,
  SimTransaction,
} from './model.js';
import { outcomeCodes, type PaymentOutcome } from './outcomes.js';
import { paymentFields } from './responses.js';
import { issueToken } from './tokens.js';

/** Sets the payment's result and books it (the hosted page's by default, or a paymentApi charge's). */
export function applyOutcome(
  transaction: SimTransaction,
  outcome: PaymentOutcome,
  at: string,
  origin: OperationOrigin = 'payment_page',
): void {
  const { status, messageCode } = outcomeCodes(transaction.command, outcome);
  transaction.status = status;
  transaction.responseCode = `${status}${messageCode}`;
  if (outcome.kind === 'approved') {
    transaction.authorizationCode = newAuthorizationCode();
    transaction.authorizedAmount = transaction.amount;
    if (transaction.command === 'PURCHASE') transaction.capturedAmount = transaction.amount;
  }
  transaction.operations.push({
    at,
    command: transaction.command,
    status,
    responseCode: transaction.responseCode,
    amount: outcome.kind === 'approved' ? transaction.amount : null,
    origin,
  });
  transaction.updatedAt = at;
}

/**
 * Records the payment of `session` with `outcome`, closes the session and sends the Direct
 * Transaction Feedback. `feedback` settles when its first attempt is over.
 */
export function recordPayment(
  ctx: SimulatorContext,
  session: HostedSession,
  account: MerchantAccount,
  outcome: PaymentOutcome,
  card: CardSummary | null,
): { transaction: SimTransaction; feedback: Promise<void> } {
  const now = ctx.state.now();
  const request = session.request;
  // The 3-D Secure step of a token charge finishes the order paymentApi opened (status 20).
  const opened =
    session.kind === 'three_ds'
      ? ctx.state.transaction(session.merchantIdentifier, session.merchantReference)
      : undefined;
  const transaction: SimTransaction = opened ?? {
    merchantIdentifier: session.merchantIdentifier,
    merchantReference: session.merchantReference,
    fortId: newFortId(),
    command: request.command === 'AUTHORIZATION' ? 'AUTHORIZATION' : 'PURCHASE',
    amount: Number(request.amount),
    currency: request.currency ?? '',
    language: toLanguage(request.language),
    request,
    card,
    authorizationCode: null,
    status: '',
    responseCode: '',
    authorizedAmount: 0,
    capturedAmount: 0,
    refundedAmount: 0,
    voided: false,
    operations: [],
    refundAnswers: {},
    pendingResolution: null,
    createdAt: now,
    updatedAt: now,
  };
  applyOutcome(transaction, outcome, now, opened ? 'api' : 'payment_page');
  rememberCard(ctx, transaction, outcome);
  if (outcome.kind === 'held') {
    transaction.pendingResolution = { at: resolutionTime(ctx), to: outcome.later };
  }
  session.step = 'done';
  session.challenge = null;
  return { transaction, feedback: settlePayment(ctx, account, transaction) };
}

/**
 * A hosted payment approved with `remember_me=YES` leaves a token behind (reference aps-round2.md §2:
 * the Redirection answer then carries `token_name`); the card's token facts are dropped either way.
 */
function rememberCard(ctx: SimulatorContext, transaction: SimTransaction, outcome: PaymentOutcome): void {
  const card = transaction.card;
  const facts = card?.tokenFacts;
  if (!card) return;
  if (!facts) {
    // Paid with the saved card the request named: the answer names its token again.
    const named = transaction.request.token_name;
    const token = named ? ctx.state.token(transaction.merchantIdentifier, named) : undefined;
    if (outcome.kind === 'approved' && token?.maskedNumber === card.maskedNumber)
      transaction.tokenName = named;
    return;
  }
  delete card.tokenFacts;
  if (outcome.kind !== 'approved' || transaction.request.remember_me !== 'YES') return;
  const token = issueToken(
    ctx.state,
    transaction.merchantIdentifier,
    {
      ...facts,
      maskedNumber: card.maskedNumber,
      expiryDate: card.expiryDate,
      holderName: card.holderName,
      rememberMe: 'YES',
      merchantReference: transaction.merchantReference,
    },
    transaction.request.token_name || undefined,
  );
  transaction.tokenName = token.tokenName;
}

/**
 * Saves a payment that has its result, schedules its settlement when it is held, and sends the Direct
 * Transaction Feedback; the promise settles when the feedback's first attempt is over.
 */
export function settlePayment(
  ctx: SimulatorContext,
  account: MerchantAccount,
  transaction: SimTransaction,
): Promise<void> {
  ctx.state.saveTransaction(transaction);
  ctx.state.changed();
  if (transaction.pendingResolution) schedulePendingResolution(ctx, transaction);
  return ctx.feedback.send(account, 'direct', paymentFields(transaction));
}

/** When a held payment settles: `pendingResolutionMs` from now. */
export function resolutionTime(ctx: SimulatorContext): string {
  return new Date(ctx.clock.now().getTime() + ctx.settings.pendingResolutionMs).toISOString();
}

/** Settles a pending, on-hold or uncertain payment now and notifies the merchant. */
export function resolvePendingPayment(ctx: SimulatorContext, transaction: SimTransaction): void {
  const resolution = transaction.pendingResolution;
  const account = ctx.state.accounts.get(transaction.merchantIdentifier);
  if (!resolution || !account) return;
  const outcome: PaymentOutcome =
    resolution.to === 'approved' ? { kind: 'approved' } : { kind: 'declined', messageCode: MESSAGE.DECLINED };
  transaction.pendingResolution = null;
  applyOutcome(transaction, outcome, ctx.state.now(), transaction.tokenName ? 'api' : 'payment_page');
  ctx.state.saveTransaction(transaction);
  ctx.state.changed();
  void ctx.feedback.send(account, 'notification', paymentFields(transaction));
}

/** Schedules the settlement of a held payment at its `pendingResolution.at` (immediately if past). */
export function schedulePendingResolution(ctx: SimulatorContext, transaction: SimTransaction): void {
  const resolution = transaction.pendingResolution;
  if (!resolution) return;
  const delay = new Date(resolution.at).getTime() - ctx.clock.now().getTime();
  ctx.timers.schedule(() => resolvePendingPayment(ctx, transaction), Math.max(0, delay));
}
