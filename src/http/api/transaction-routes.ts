/** `/transactions`: create (with the redirect form), list with filters and cursor pagination, read one. */
import { parsePaymentAmount } from '../../domain/money.js';
import { createApiPayment } from '../../services/api/api-card-payments.js';
import { getApiTransaction, listApiTransactions } from '../../services/api/api-transactions.js';
import {
  createTransactionBody,
  listTransactionsQuery,
  referenceParams,
  transactionFieldErrors,
} from './request-schemas.js';
import { createdTransactionSchema, transactionListSchema, transactionSchema } from './response-schemas.js';
import { defineRoute, type ApiRoute } from './route-definition.js';

/** The transaction routes. */
export const transactionRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/transactions',
    operationId: 'createTransaction',
    tag: 'Transactions',
    summary: 'Create a payment',
    description:
      "Creates a draft transaction and answers the fields of the form that sends the customer to the provider's hosted page. " +
      'With customer_id the payment belongs to a saved customer (save_payment_method keeps the card); with ' +
      'payment_method_id a saved card is charged; with off_session as well, it is charged at once without the customer ' +
      '(recurring), and the answer carries the final state instead of a redirect form.',
    body: createTransactionBody,
    bodyRules: transactionFieldErrors,
    success: {
      status: 201,
      description: 'The created transaction and its redirect form.',
      schema: createdTransactionSchema,
    },
    async handle({ body, ctx }) {
      const created = await createApiPayment(ctx, {
        amountMinor: parsePaymentAmount(body.amount, body.currency),
        currency: body.currency,
        paymentMethod: body.payment_method,
        providerId: body.provider_id,
        orderReference: body.order_reference,
        customer: body.customer,
        description: body.description,
        landingUrl: body.landing_url,
        metadata: body.metadata,
        captureMethod: body.capture_method,
        customerId: body.customer_id,
        savePaymentMethod: body.save_payment_method,
        paymentMethodId: body.payment_method_id,
        offSession: body.off_session,
      });
      return {
        status: 201,
        body: created,
        headers: { location: `/api/v1/transactions/${encodeURIComponent(created.reference)}` },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/transactions',
    operationId: 'listTransactions',
    tag: 'Transactions',
    summary: 'List transactions, newest first',
    query: listTransactionsQuery,
    success: { status: 200, description: 'One page of transactions.', schema: transactionListSchema },
    async handle({ query, ctx }) {
      return {
        status: 200,
        body: await listApiTransactions(
          ctx,
          {
            ...(query.state && { state: query.state }),
            ...(query.financial_status && { financialStatus: query.financial_status }),
            ...(query.provider_id && { providerId: query.provider_id }),
            ...(query.payment_method && { paymentMethod: query.payment_method }),
            ...(query.operation && { operation: query.operation }),
            ...(query.created_from && { createdFrom: query.created_from }),
            ...(query.created_to && { createdBefore: query.created_to }),
            ...(query.q && { search: query.q }),
          },
          { limit: query.limit, cursor: query.cursor },
        ),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/transactions/{reference}',
    operationId: 'getTransaction',
    tag: 'Transactions',
    summary: 'Get a transaction with its children and history',
    params: referenceParams,
    success: { status: 200, description: 'The transaction.', schema: transactionSchema },
    async handle({ params, ctx }) {
      return { status: 200, body: await getApiTransaction(ctx, params.reference) };
    },
  }),
];
