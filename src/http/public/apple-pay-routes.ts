/**
 * Apple Pay on the payment page (S19): `POST /payment/apple-pay/session` (merchant validation through
 * payport: only Apple's documented hosts, anything else 400), `POST /payment/apple-pay/pay` (the token,
 * charged at APS, then the status page), and the domain-association file Apple fetches at
 * `/.well-known/apple-developer-merchantid-domain-association`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sha256Hex } from '../../crypto/random.js';
import { ExpiredTokenError, InvalidTokenError } from '../../crypto/tokens.js';
import { isEmailAddress } from '../../domain/email.js';
import { NotFound, ValidationError } from '../../errors.js';
import { payWithApplePay } from '../../services/apple-pay-payment.js';
import {
  checkValidationUrl,
  MerchantValidationError,
  requestMerchantSession,
} from '../../services/apple-pay-session.js';
import { domainAssociationFile, loadApplePayProvider } from '../../services/apple-pay-settings.js';
import { resolveChoice, statusPath } from '../../services/checkout.js';
import type { LinkIdentity } from '../../services/link-attempts.js';
import type { AppContext } from '../context.js';
import { FORM_TOKEN_TTL_SECONDS, readFormToken, type CheckoutIntent } from './checkout-intent.js';
import type { PublicRouteOptions } from './respond.js';
import { storablePagePath } from './try-again.js';

/** Where Apple looks for the domain-association file. */
export const DOMAIN_ASSOCIATION_PATH = '/.well-known/apple-developer-merchantid-domain-association';

function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function problem(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').send({ error, message });
}

function linkOf(intent: CheckoutIntent): LinkIdentity | null {
  if (intent.paymentLinkId !== null) return { paymentLinkId: intent.paymentLinkId };
  if (intent.linkKey !== null) return { linkKey: intent.linkKey };
  return null;
}

/** Registers the Apple Pay routes. */
export function registerApplePayRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: PublicRouteOptions = {},
): void {
  app.get(DOMAIN_ASSOCIATION_PATH, async (_request, reply) => {
    const file = await domainAssociationFile(ctx.services);
    if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=300').send(file);
  });

  app.post('/payment/apple-pay/session', async (request, reply) => {
    const input = body(request);
    let url: URL;
    try {
      url = checkValidationUrl(input.validationURL);
    } catch (err) {
      if (err instanceof ValidationError) return problem(reply, 400, 'invalid_validation_url', err.message);
      throw err;
    }
    let providerId = typeof input.provider === 'string' ? input.provider : '';
    if (providerId === '') {
      // Without a provider, the first one (by display order) that has Apple Pay.
      const ids = new Set((await ctx.store.repos.applePay.list()).map((r) => r.providerId));
      const providers = (await ctx.store.repos.providers.list()).sort((a, b) => a.sequence - b.sequence);
      providerId = providers.find((p) => ids.has(p.id) && p.state !== 'disabled')?.id ?? '';
    }
    let loaded;
    try {
      loaded = await loadApplePayProvider(ctx.services, ctx.store.repos, providerId);
    } catch (err) {
      if (err instanceof NotFound || err instanceof ValidationError)
        return problem(reply, 400, 'apple_pay_unavailable', 'Apple Pay is not available here.');
      throw err;
    }
    if (loaded.provider.state === 'disabled')
      return problem(reply, 400, 'apple_pay_unavailable', 'Apple Pay is not available here.');
    try {
      const session = await requestMerchantSession(
        loaded.provider,
        loaded.applePay,
        url,
        ctx.services.publicUrl,
      );
      return reply.header('cache-control', 'no-store').send(session);
    } catch (err) {
      if (!(err instanceof MerchantValidationError)) throw err;
      request.log.warn({ providerId, reason: err.message }, 'Apple Pay merchant validation failed');
      return problem(reply, 502, 'merchant_validation_failed', 'Apple Pay could not be started.');
    }
  });

  app.post('/payment/apple-pay/pay', async (request, reply) => {
    const input = body(request);
    let intent: CheckoutIntent;
    let lang;
    try {
      ({ intent, lang } = readFormToken(ctx.services, input.form_token));
    } catch (err) {
      if (err instanceof ExpiredTokenError || err instanceof InvalidTokenError)
        return problem(reply, 400, 'invalid_form_token', 'This payment page has expired; reload it.');
      throw err;
    }
    const email = intent.email ?? (typeof input.email === 'string' ? input.email.trim() : '');
    if (!isEmailAddress(email))
      return problem(reply, 400, 'invalid_email', 'A valid email address is required.');
    const backOfficeUser = options.isBackOfficeUser ? await options.isBackOfficeUser(request) : false;
    try {
      await resolveChoice(
        ctx.services,
        { providerId: typeof input.provider === 'string' ? input.provider : '', paymentMethod: 'apple_pay' },
        // The page's country (S21) limits the providers here as it did on the page.
        {
          currency: intent.currency,
          amountMinor: intent.amountMinor,
          country: intent.country ?? null,
          backOfficeUser,
        },
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return problem(reply, 400, 'apple_pay_unavailable', 'Apple Pay is not available for this payment.');
      throw err;
    }
    // A form token is single-use (S14): a replayed token pays nothing.
    const tokenHash = sha256Hex(String(input.form_token));
    const spent = await ctx.store.repos.retention.spendToken(
      tokenHash,
      new Date(ctx.services.clock.now().getTime() + FORM_TOKEN_TTL_SECONDS * 1000),
    );
    if (!spent)
      return problem(reply, 409, 'form_token_used', 'This payment page was already used; reload it.');
    try {
      const result = await payWithApplePay(ctx.services, {
        payment: {
          providerId: input.provider as string,
          paymentMethod: 'apple_pay',
          amountMinor: intent.amountMinor,
          currency: intent.currency,
          orderReference: intent.orderReference,
          customer: { email, name: intent.name, lang, country: intent.country ?? null },
          landingUrl: intent.landingUrl,
          paymentPage: storablePagePath(intent.pagePath),
          channel: 'system',
        },
        link: linkOf(intent),
        token: input.token,
        customerIp: request.ip,
      });
      if (result.kind === 'refused') {
        return reply.code(409).send({
          success: false,
          state: result.payment.state,
          redirect: statusPath(ctx.services, result.payment.reference),
        });
      }
      const tx = result.transaction;
      await ctx.store.repos.retention.recordTokenTransaction(tokenHash, tx.id);
      request.log.info({ reference: tx.reference, state: tx.state }, 'Apple Pay payment charged');
      return reply.header('cache-control', 'no-store').send({
        success: result.success,
        state: tx.state,
        reference: tx.reference,
        redirect: statusPath(ctx.services, tx.reference),
      });
    } catch (err) {
      if (err instanceof ValidationError) return problem(reply, 400, 'invalid_payment', err.message);
      throw err;
    }
  });
}
