/** `POST /payment-links`: a link to the hosted payment page for an amount and order. */
import { createPaymentLink, paymentLinkUrl } from '../../services/payment-links.js';
import { createPaymentLinkBody, moneyFieldErrors } from './request-schemas.js';
import { paymentLinkSchema } from './response-schemas.js';
import { defineRoute, type ApiRoute } from './route-definition.js';

/** The payment-link routes. */
export const paymentLinkRoutes: ApiRoute[] = [
  defineRoute({
    method: 'POST',
    path: '/payment-links',
    operationId: 'createPaymentLink',
    tag: 'Payment links',
    summary: 'Create a payment link',
    body: createPaymentLinkBody,
    bodyRules: moneyFieldErrors,
    success: { status: 201, description: 'The link and its public URL.', schema: paymentLinkSchema },
    async handle({ body, apiKey, ctx }) {
      const link = await createPaymentLink(ctx, {
        amount: body.amount,
        currency: body.currency,
        orderReference: body.order_reference ?? null,
        description: body.description ?? null,
        customerEmail: body.customer?.email ?? null,
        customerName: body.customer?.name ?? null,
        customerCountry: body.customer?.country ?? null,
        lang: body.customer?.lang ?? null,
        expiresAt: body.expires_at ?? null,
        createdBy: apiKey ? `api_key:${apiKey.id}` : null,
      });
      return { status: 201, body: { id: link.id, url: paymentLinkUrl(ctx, link) } };
    },
  }),
];
