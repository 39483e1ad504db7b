/**
 * The HTTP side of `POST /FortAPI/paymentApi`: JSON in, JSON out, signed with the response phrase;
 * the Notification for a successful maintenance command; and the injected faults (slow answers, 5xx).
 */
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from './context.js';
import { corrupts } from './faults.js';
import { answerPaymentApi } from './payment-api.js';
import { asParams, signAnswer } from './responses.js';
import { TimersClosed } from './timers.js';

function parseJson(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return asParams(JSON.parse(text));
  } catch {
    return undefined;
  }
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
      const answer = answerPaymentApi(ctx.state, parseJson(request.body));
      const { account } = answer;
      if (account && answer.notification)
        void ctx.feedback.send(account, 'notification', answer.notification);
      const fields = account
        ? signAnswer(account, answer.fields, corrupts(ctx.state.faults, 'payment_api'))
        : answer.fields;
      return reply.code(200).header('cache-control', 'no-store').send(fields);
    });
  });
}
