/**
 * `/transactions/{reference}/capture|void|refunds|status-check` (S9, S12): each runs the operation
 * through APS' paymentApi (a child transaction is created first, so a timeout leaves it `pending` for
 * reconciliation) and answers the payment with its children and history.
 */
import { parsePaymentAmount } from '../../domain/money.js';
import { findTransactionByReference, getApiTransaction } from '../../services/api/api-transactions.js';
import type { ApiKeySummary } from '../../services/api/api-keys.js';
import type { ServiceContext } from '../../services/context.js';
import { capture, checkStatus, refund, voidAuthorization } from '../../services/operations/index.js';
import { paymentAmounts } from '../../services/operations/amounts.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import { captureBody, referenceParams, refundBody, statusCheckBody, voidBody } from './request-schemas.js';
import { transactionSchema } from './response-schemas.js';
import { defineRoute, type ApiAnswer, type ApiRoute } from './route-definition.js';

function actorOf(apiKey: ApiKeySummary | undefined) {
  return {
    userId: `api-key:${apiKey?.id ?? 'unknown'}`,
    name: apiKey ? `API key “${apiKey.name}”` : 'an API key',
  };
}

function minorOf(payment: TransactionRecord, amount: string | undefined): number | undefined {
  return amount === undefined ? undefined : parsePaymentAmount(amount, payment.currency, 'amount');
}

async function answer(ctx: ServiceContext, reference: string, status: number): Promise<ApiAnswer> {
  return { status, body: await getApiTransaction(ctx, reference) };
}

/** The capture, void, refund and status-check routes. */
export const operationRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/transactions/{reference}/capture',
    operationId: 'captureTransaction',
    tag: 'Transactions',
    summary: 'Capture an authorized payment (all or part)',
    params: referenceParams,
    body: captureBody,
    success: {
      status: 201,
      description: 'The payment with its new capture child.',
      schema: transactionSchema,
    },
    problems: [502],
    async handle({ params, body, ctx, apiKey }) {
      const payment = await findTransactionByReference(ctx, params.reference);
      const amountMinor = minorOf(payment, body.amount);
      await capture(ctx, payment.reference, {
        ...(amountMinor !== undefined && { amountMinor }),
        actor: actorOf(apiKey),
        channel: 'api',
      });
      return answer(ctx, payment.reference, 201);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/transactions/{reference}/void',
    operationId: 'voidTransaction',
    tag: 'Transactions',
    summary: 'Void an authorized payment',
    params: referenceParams,
    body: voidBody,
    success: { status: 201, description: 'The payment with its new void child.', schema: transactionSchema },
    problems: [502],
    async handle({ params, ctx, apiKey }) {
      const payment = await findTransactionByReference(ctx, params.reference);
      await voidAuthorization(ctx, payment.reference, { actor: actorOf(apiKey), channel: 'api' });
      return answer(ctx, payment.reference, 201);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/transactions/{reference}/refunds',
    operationId: 'refundTransaction',
    tag: 'Transactions',
    summary: 'Refund a captured payment (all or part)',
    params: referenceParams,
    body: refundBody,
    success: {
      status: 201,
      description: 'The payment with its new refund child.',
      schema: transactionSchema,
    },
    problems: [502],
    async handle({ params, body, ctx, apiKey }) {
      const payment = await findTransactionByReference(ctx, params.reference);
      const amountMinor = minorOf(payment, body.amount) ?? (await refundableOf(ctx, payment));
      await refund(ctx, payment.reference, { amountMinor, actor: actorOf(apiKey), channel: 'api' });
      return answer(ctx, payment.reference, 201);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/transactions/{reference}/status-check',
    operationId: 'checkTransactionStatus',
    tag: 'Transactions',
    summary: "Ask the provider for the payment's status now",
    params: referenceParams,
    body: statusCheckBody,
    success: { status: 200, description: 'The transaction after the check.', schema: transactionSchema },
    problems: [502],
    async handle({ params, ctx, apiKey }) {
      const tx = await findTransactionByReference(ctx, params.reference);
      await checkStatus(ctx, tx.reference, { actor: actorOf(apiKey), channel: 'api' });
      return answer(ctx, tx.reference, 200);
    },
  }),
];

/** Everything still refundable (a refund without an amount refunds all of it). */
async function refundableOf(ctx: ServiceContext, payment: TransactionRecord): Promise<number> {
  const children = await ctx.store.repos.transactions.listChildren(payment.id);
  return paymentAmounts(payment, children).refundableNow;
}
