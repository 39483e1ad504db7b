/**
 * The customer pages (S6, S10): payment pages for signed links and stored payment links, the
 * transaction POST with its redirect to the provider, and the status page with its poll endpoint.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { registerApplePayRoutes } from './apple-pay-routes.js';
import { registerPaymentPageRoutes } from './payment-routes.js';
import type { PublicRouteOptions } from './respond.js';
import { registerStatusRoutes } from './status-routes.js';
import { registerTransactionRoute } from './transaction-route.js';
import { registerValuRoutes } from './valu-routes.js';
import { registerInstallmentRoutes } from './installments-routes.js';

export { paymentPayUrl, paymentPayToken, checkPaymentPayParams, type PaymentPayParams } from './pay-link.js';
export { FORM_TOKEN_TTL_SECONDS } from './checkout-intent.js';
export type { PublicRouteOptions } from './respond.js';
export type { StatusPollAnswer } from './status-routes.js';

/** Registers every customer route on `app`. */
export async function registerPublicRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: PublicRouteOptions = {},
): Promise<void> {
  registerPaymentPageRoutes(app, ctx, options);
  registerTransactionRoute(app, ctx, options);
  registerStatusRoutes(app, ctx);
  registerApplePayRoutes(app, ctx, options);
  registerValuRoutes(app, ctx);
  registerInstallmentRoutes(app, ctx);
}
