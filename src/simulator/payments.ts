/**
 * Turning a finished hosted-page session into an order APS knows: the transaction with its fort_id,
 * authorization code and amount ledger, the Direct Transaction Feedback, and, for pending, on-hold
 * and uncertain payments, the later settlement reported by a Notification.
 */
import { MESSAGE } from '../providers/aps/codes.js';
import type { SimulatorContext } from './context.js';
import { newAuthorizationCode, newFortId } from './ids.js';
import { toLanguage } from './messages.js';
import type { CardSummary, HostedSession, MerchantAccount, SimTransaction } from './model.js';
import { outcomeCodes, type PaymentOutcome } from './outcomes.js';
import { paymentFields } from './responses.js';

function applyOutcome(transaction: SimTransaction, outcome: PaymentOutcome, at: string): void {
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
    origin: 'payment_page',
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
  const transaction: SimTransaction = {
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
  applyOutcome(transaction, outcome, now);
  if (outcome.kind === 'held') {
    const at = new Date(ctx.clock.now().getTime() + ctx.settings.pendingResolutionMs).toISOString();
    transaction.pendingResolution = { at, to: outcome.later };
  }
  session.step = 'done';
  session.challenge = null;
  ctx.state.saveTransaction(transaction);
  ctx.state.changed();
  if (transaction.pendingResolution) schedulePendingResolution(ctx, transaction);
  const feedback = ctx.feedback.send(account, 'direct', paymentFields(transaction));
  return { transaction, feedback };
}

/** Settles a pending, on-hold or uncertain payment now and notifies the merchant. */
export function resolvePendingPayment(ctx: SimulatorContext, transaction: SimTransaction): void {
  const resolution = transaction.pendingResolution;
  const account = ctx.state.accounts.get(transaction.merchantIdentifier);
  if (!resolution || !account) return;
  const outcome: PaymentOutcome =
    resolution.to === 'approved' ? { kind: 'approved' } : { kind: 'declined', messageCode: MESSAGE.DECLINED };
  transaction.pendingResolution = null;
  applyOutcome(transaction, outcome, ctx.state.now());
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
