/**
 * `/transactions/{reference}/capture|void|refunds|status-check` (S9, S12). Their routes, schemas and
 * OpenAPI entries are final; until the capture/refund work lands the handlers answer 501 with the stable
 * problem type `urn:payport:problem:not_implemented`, so only the handlers change then.
 */
import { PayportError } from '../../errors.js';
import { findTransactionByReference } from '../../services/api/api-transactions.js';
import type { ServiceContext } from '../../services/context.js';
import { captureBody, referenceParams, refundBody, statusCheckBody, voidBody } from './request-schemas.js';
import { transactionSchema } from './response-schemas.js';
import { defineRoute, type ApiRoute } from './route-definition.js';

async function notImplemented(ctx: ServiceContext, reference: string, what: string): Promise<never> {
  // An unknown reference is still a 404, exactly as it will be once the operation works.
  await findTransactionByReference(ctx, reference);
  throw new PayportError('not_implemented', `${what} through the API is not available in this version of payport yet.`);
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
    success: { status: 201, description: 'The payment with its new capture child.', schema: transactionSchema },
    problems: [501],
    handle: ({ params, ctx }) => notImplemented(ctx, params.reference, 'Capturing a payment'),
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
    problems: [501],
    handle: ({ params, ctx }) => notImplemented(ctx, params.reference, 'Voiding a payment'),
  }),
  defineRoute({
    method: 'POST',
    path: '/transactions/{reference}/refunds',
    operationId: 'refundTransaction',
    tag: 'Transactions',
    summary: 'Refund a captured payment (all or part)',
    params: referenceParams,
    body: refundBody,
    success: { status: 201, description: 'The payment with its new refund child.', schema: transactionSchema },
    problems: [501],
    handle: ({ params, ctx }) => notImplemented(ctx, params.reference, 'Refunding a payment'),
  }),
  defineRoute({
    method: 'POST',
    path: '/transactions/{reference}/status-check',
    operationId: 'checkTransactionStatus',
    tag: 'Transactions',
    summary: 'Ask the provider for the payment\'s status now',
    params: referenceParams,
    body: statusCheckBody,
    success: { status: 200, description: 'The transaction after the check.', schema: transactionSchema },
    problems: [501],
    handle: ({ params, ctx }) => notImplemented(ctx, params.reference, 'Checking a payment\'s status'),
  }),
];
