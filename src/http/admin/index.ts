/**
 * The back office at /admin (S11): one encapsulated Fastify plugin with its own cookie parser, guard
 * (session, CSRF, roles), error pages and the route families — sign-in, providers, transactions,
 * notifications, payment links and users. Everything is server-rendered, in English and Arabic.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SIGN_IN_POLICY, SignInGuard, type SignInPolicy } from '../../services/auth/sign-in.js';
import { secondFactorPasses } from '../../services/auth/totp.js';
import type { AppContext } from '../context.js';
import { registerTwoFactorRoutes } from './two-factor-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { registerDeveloperRoutes } from './developer-routes.js';
import { installAdminErrorPages } from './error-pages.js';
import { installAdminGuard } from './guard.js';

export { backOfficeUserOf } from './guard.js';
import { registerNotificationRoutes } from './notification-routes.js';
import { registerPaymentLinkRoutes } from './payment-link-routes.js';
import { registerCustomerRoutes } from './customer-routes.js';
import { registerProviderRoutes } from './provider-routes.js';
import { registerTransactionRoutes } from './transaction-routes.js';
import { registerUserRoutes } from './user-routes.js';
import { registerHomeRoutes } from './home-routes.js';

/** Tuning knobs, for tests; production uses the defaults. */
export interface AdminOptions {
  signInPolicy?: SignInPolicy;
  /** Time limit of one Test credentials run (default 15 s). */
  credentialTestTimeoutMs?: number;
}

/** Registers every back-office route under /admin. */
export async function registerAdminRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: AdminOptions = {},
): Promise<void> {
  const signIn = new SignInGuard(
    ctx.store,
    ctx.clock,
    options.signInPolicy ?? DEFAULT_SIGN_IN_POLICY,
    (user, code) => secondFactorPasses(ctx.services, user, code),
  );
  await app.register(
    async (admin) => {
      await admin.register(cookie);
      installAdminErrorPages(admin);
      installAdminGuard(admin, ctx);
      registerAuthRoutes(admin, ctx, signIn);
      registerTwoFactorRoutes(admin, ctx);
      registerProviderRoutes(admin, ctx, {
        ...(options.credentialTestTimeoutMs !== undefined
          ? { credentialTestTimeoutMs: options.credentialTestTimeoutMs }
          : {}),
      });
      registerTransactionRoutes(admin, ctx);
      registerNotificationRoutes(admin, ctx);
      registerPaymentLinkRoutes(admin, ctx);
      registerCustomerRoutes(admin, ctx);
      registerUserRoutes(admin, ctx);
      registerDeveloperRoutes(admin, ctx);
      registerHomeRoutes(admin, ctx);
    },
    { prefix: '/admin' },
  );
}
