/**
 * The HTTP side of `POST /FortAPI/paymentApi`: JSON in, JSON out, signed with the response phrase;
 * the Notification for a successful maintenance command; and the injected faults (slow answers, 5xx
 * before processing, and lost answers: processed, but the merchant only sees a 5xx).
 */
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context.js';
import { corrupts } from './faults.js';
import { accountForRequest, answerApplePayPurchase } from './apple-pay.js';
import { answerPaymentApi } from './payment-api.js';
import { answerTokenCharge, isTokenCharge } from './token-charges.js';
import { answerTokenService, isTokenService } from './update-token.js';
import { asParams, signAnswer } from './responses.js';
import { TimersClosed } from './timers.js';
import { answerValu, isValuRequest } from './valu-api.js';
import { answerInstallmentPlans, isInstallmentPlansRequest } from './installment-plans-api.js';

function parseJson(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return asParams(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/**
 * True for a request that changes something — CAPTURE, REFUND, VOID_AUTHORIZATION, a token charge or
 * UPDATE_TOKEN — whatever its outcome: the ones whose answer the lost-answer fault may swallow.
 */
function isMaintenance(body: Record<string, unknown> | undefined): boolean {
  if (body === undefined || Object.hasOwn(body, 'query_command')) return false;
  if (isTokenCharge(body) || isTokenService(body)) return true;
  return body.command === 'CAPTURE' || body.command === 'REFUND' || body.command === 'VOID_AUTHORIZATION';
}

/** Registers `POST /FortAPI/paymentApi` in its own scope, which reads every body as raw text. */
export function registerPaymentApiRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.register(async (scope) => {
    // APS answers a malformed body with "00073 Invalid request format", not with an HTTP error.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post('/FortAPI/paymentApi', async (request, reply) => {
      const faults = ctx.state.faults;
      if (faults.paymentApiDelayMs > 0) {
        try {
          await ctx.timers.sleep(faults.paymentApiDelayMs);
        } catch (err) {
          if (err instanceof TimersClosed)
            return reply.code(503).send({ error: 'the simulator is shutting down' });
          throw err;
        }
      }
      const failStatus = ctx.state.faults.paymentApiFailStatus;
      if (failStatus !== null) {
        return reply
          .code(failStatus)
          .type('text/plain; charset=utf-8')
          .send(`simulated failure (HTTP ${failStatus})`);
      }
      const body = parseJson(request.body);
      const valu = isValuRequest(body) ? answerValu(ctx, body) : undefined;
      if (valu) return reply.code(200).header('cache-control', 'no-store').send(valu);
      if (body !== undefined && isInstallmentPlansRequest(body)) {
        return reply.code(200).header('cache-control', 'no-store').send(answerInstallmentPlans(ctx, body));
      }
      // Browsers reach the 3-D Secure page of a token charge here (its `3ds_url`).
      const baseUrl = ctx.settings.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
      // Apple Pay purchases (S19) and requests made with the Apple Pay access code use its credentials.
      const answer =
        body?.digital_wallet === 'APPLE_PAY'
          ? { ...answerApplePayPurchase(ctx, body), notification: undefined }
          : body !== undefined && isTokenCharge(body)
            ? answerTokenCharge(ctx, body, baseUrl)
            : body !== undefined && isTokenService(body)
              ? answerTokenService(ctx, body)
              : answerPaymentApi(ctx.state, body, (id, accessCode) =>
                  accountForRequest(ctx.state, id, accessCode),
                );
      const { account } = answer;
      if (account && answer.notification)
        void ctx.feedback.send(account, 'notification', answer.notification);
      const loseStatus = ctx.state.faults.paymentApiLoseAnswerStatus;
      // Only maintenance answers are lost: a CHECK_STATUS must still get through, so that the
      // merchant can find out what happened to the command whose answer it never saw.
      if (loseStatus !== null && isMaintenance(body)) {
        return reply
          .code(loseStatus)
          .type('text/plain; charset=utf-8')
          .send(`simulated lost answer: the request was processed (HTTP ${loseStatus})`);
      }
      const fields = account
        ? signAnswer(account, answer.fields, corrupts(ctx.state.faults, 'payment_api'))
        : answer.fields;
      return reply.code(200).header('cache-control', 'no-store').send(fields);
    });
  });
}
