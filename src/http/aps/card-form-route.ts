/**
 * `GET|POST /payment/aps/card` (S18): where the provider's Merchant Page sends its answer, inside the
 * iframe of the embedded card entry. The answer is verified and handled by the card-form service; this
 * route only reads the message (form, JSON or query string, as providers differ), and answers a small
 * page that takes the whole window on: to 3-D Secure, or to the payment's status page. No cookie is
 * used (the frame's navigation is cross-site).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { statusPath } from '../../services/checkout.js';
import { receiveCardFormAnswer } from '../../services/cards/card-form.js';
import { providerFor } from '../../services/context.js';
import type { ProviderMessage } from '../../providers/provider.js';
import { MalformedMessageError } from '../../providers/errors.js';
import { BODY_LIMIT } from '../limits.js';
import type { AppContext } from '../context.js';
import { allowFramingBySelf } from '../plugins/security-headers.js';
import { pickLanguage } from '../views/language.js';
import { cardProblemPage, topNavigationPage } from '../public/card-form-view.js';
import { planPagePath } from '../public/installments-routes.js';
import { toLanguage } from '../../domain/locale.js';

const PROVIDER_CODE = 'aps';
/** The path, under the public URL (the provider's `return_url` of the card form). */
export const CARD_FORM_PATH = '/payment/aps/card';

function queryFields(query: unknown): ProviderMessage {
  const fields: ProviderMessage = {};
  if (typeof query !== 'object' || query === null) return fields;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    // A repeated key is ambiguous: refuse it rather than guess which value was signed.
    if (typeof value !== 'string')
      throw new MalformedMessageError('repeated_key', `the parameter ${key} is repeated`, key);
    fields[key] = value;
  }
  return fields;
}

async function receive(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const provider = providerFor(ctx.services, PROVIDER_CODE);
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const fields =
    request.method === 'POST' && body.length > 0
      ? provider.readMessage(body, request.headers['content-type'])
      : queryFields(request.query);
  const lang = pickLanguage(undefined, request.headers['accept-language']);
  allowFramingBySelf(reply);
  reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
  const result = await receiveCardFormAnswer(ctx.services, PROVIDER_CODE, fields, {
    sourceIp: request.ip,
    contentType: request.headers['content-type'] ?? null,
  });
  if (result.kind === 'unknown') return reply.code(404).send(cardProblemPage(lang, 'unknown', null));
  if (result.kind === 'unverified') {
    const back = result.transaction?.paymentPage ?? null;
    return reply.code(400).send(cardProblemPage(lang, 'unverified', back));
  }
  if (result.kind === 'plan_refused') {
    // Installments (S20): the card is not of the chosen plan's bank; nothing was charged.
    request.log.info(
      { reference: result.transaction.reference, problem: result.problem },
      'card form answered: the card does not fit the chosen plan',
    );
    const problem = result.problem === 'planRequired' ? 'planRequiredAgain' : result.problem;
    const back = planPagePath(ctx.services, result.transaction, problem);
    return reply.code(200).send(topNavigationPage(toLanguage(result.transaction.customerLang), back));
  }
  const next = result.threeDsUrl ?? statusPath(ctx.services, result.transaction.reference);
  request.log.info(
    {
      reference: result.transaction.reference,
      state: result.transaction.state,
      threeDs: result.threeDsUrl !== undefined,
    },
    'card form answered',
  );
  return reply.code(200).send(topNavigationPage(lang, next));
}

/** Registers the card form's answer route (raw bodies, like the other provider routes). */
export async function registerCardFormRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(CARD_FORM_PATH, (request, reply) => receive(ctx, request, reply));
    scope.get(CARD_FORM_PATH, (request, reply) => receive(ctx, request, reply));
  });
}
