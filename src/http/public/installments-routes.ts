/**
 * Installments with the embedded card entry (S20): `GET /payment/installments?t=…` shows the plans the
 * provider offers for a draft payment, `POST /payment/installments` (`t`, `plan`) records the choice and
 * answers the card form page (the provider's Merchant Page in a frame). `t` is a signed, expiring handle
 * of the draft payment; the plan itself is checked and kept on the server, never carried by the browser.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  createExpiringToken,
  ExpiredTokenError,
  InvalidTokenError,
  readExpiringToken,
} from '../../crypto/tokens.js';
import { toLanguage, type Language } from '../../domain/locale.js';
import { statusPath } from '../../services/checkout.js';
import { cardFormFor } from '../../services/cards/card-form.js';
import {
  chooseInstallmentPlan,
  installmentOffer,
  usesEmbeddedInstallments,
  type PlanOffer,
} from '../../services/cards/installment-choice.js';
import type { InstallmentChoiceRecord, TransactionRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { allowFormActionTo, allowFrameOf } from '../plugins/security-headers.js';
import { pickLanguage } from '../views/language.js';
import { cardFormPage } from './card-form-view.js';
import { chosenPlanNote, planPage, type PlanPageProblem } from './installments-view.js';
import { sendNotice, sendPage } from './respond.js';

const PURPOSE = 'installment-plan';
/** How long the plan page and its card form can be used (as long as the payment page's form). */
const TTL_SECONDS = 60 * 60;
/** The path of the plan page. */
export const PLAN_PATH = '/payment/installments';
const PROBLEMS: readonly PlanPageProblem[] = ['cardBank', 'planRequiredAgain', 'planOutOfRange'];

type Services = AppContext['services'];

/** The signed handle of a draft payment for the plan page. */
export function planToken(ctx: Pick<Services, 'secret' | 'clock'>, tx: TransactionRecord): string {
  return createExpiringToken(
    ctx.secret,
    PURPOSE,
    { ref: tx.reference },
    { clock: ctx.clock, ttlSeconds: TTL_SECONDS },
  );
}

/** The plan page of a draft payment, with a problem to explain (the bank named comes from the server). */
export function planPagePath(
  ctx: Pick<Services, 'secret' | 'clock'>,
  tx: TransactionRecord,
  problem?: PlanPageProblem,
): string {
  const query = new URLSearchParams({ t: planToken(ctx, tx) });
  if (problem) query.set('problem', problem);
  return `${PLAN_PATH}?${query.toString()}`;
}

function languageOf(tx: TransactionRecord): Language {
  return toLanguage(tx.customerLang);
}

/** The draft payment a handle names; a notice is sent instead when there is none. */
async function paymentOf(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  token: unknown,
): Promise<TransactionRecord | FastifyReply> {
  const lang = pickLanguage(undefined, request.headers['accept-language']);
  let ref: unknown;
  try {
    ({ ref } = readExpiringToken<{ ref: string }>(ctx.services.secret, PURPOSE, token, ctx.services.clock));
  } catch (err) {
    if (err instanceof ExpiredTokenError) {
      return sendNotice(reply, 400, lang, {
        title: 'formExpiredTitle',
        body: 'formExpiredBody',
        tone: 'alert',
      });
    }
    if (err instanceof InvalidTokenError) {
      return sendNotice(reply, 400, lang, {
        title: 'formInvalidTitle',
        body: 'formInvalidBody',
        tone: 'alert',
      });
    }
    throw err;
  }
  const tx = typeof ref === 'string' ? await ctx.store.repos.transactions.findByReference(ref) : undefined;
  if (!tx || tx.paymentMethod !== 'installments') {
    return sendNotice(reply, 404, lang, { title: 'notFoundTitle', body: 'notFoundBody', tone: 'alert' });
  }
  if (tx.state !== 'draft' || !(await usesEmbeddedInstallments(ctx.services, tx))) {
    // Paid, failed or started another way already: its status page tells which.
    return reply.header('cache-control', 'no-store').redirect(statusPath(ctx.services, tx.reference), 303);
  }
  return tx;
}

/** Sends the plan page of a draft payment. */
export async function sendPlanPage(
  ctx: AppContext,
  reply: FastifyReply,
  tx: TransactionRecord,
  options: {
    status?: number;
    problem?: PlanPageProblem;
    bank?: string | null;
    chosen?: string;
    offer?: PlanOffer;
  } = {},
): Promise<FastifyReply> {
  const offer = options.offer ?? (await installmentOffer(ctx.services, tx));
  return sendPage(
    reply,
    options.status ?? 200,
    planPage({
      lang: languageOf(tx),
      amountMinor: tx.amount,
      currency: tx.currency,
      reference: tx.reference,
      offer,
      token: planToken(ctx.services, tx),
      ...(options.problem && { problem: options.problem }),
      ...(options.bank !== undefined && { bank: options.bank }),
      ...(options.chosen !== undefined && { chosen: options.chosen }),
    }),
  );
}

/** Sends the card form page of a payment whose plan was chosen. */
async function sendCardForm(
  ctx: AppContext,
  reply: FastifyReply,
  tx: TransactionRecord,
  choice: InstallmentChoiceRecord,
): Promise<FastifyReply> {
  const lang = languageOf(tx);
  const form = await cardFormFor(ctx.services, tx);
  const origin = new URL(form.url).origin;
  allowFormActionTo(reply, origin);
  allowFrameOf(reply, origin);
  const note = chosenPlanNote(lang, choice, planPagePath(ctx.services, tx));
  return sendPage(
    reply,
    200,
    cardFormPage(
      lang,
      form,
      { amountMinor: tx.amount, currency: tx.currency, reference: tx.reference },
      note,
    ),
  );
}

function fields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Registers the plan page and the plan choice. */
export function registerInstallmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(PLAN_PATH, async (request, reply) => {
    const query = fields(request.query);
    const found = await paymentOf(ctx, request, reply, query.t);
    if (!('reference' in found)) return found;
    const problem = PROBLEMS.find((p) => p === query.problem);
    const choice = problem ? await ctx.store.repos.installmentChoices.find(found.id) : undefined;
    return sendPlanPage(ctx, reply, found, {
      ...(problem && { problem }),
      ...(problem === 'cardBank' && { bank: choice?.issuerName ?? null }),
    });
  });

  app.post(PLAN_PATH, async (request, reply) => {
    const body = fields(request.body);
    const found = await paymentOf(ctx, request, reply, body.t);
    if (!('reference' in found)) return found;
    const result = await chooseInstallmentPlan(ctx.services, found, body.plan);
    switch (result.kind) {
      case 'chosen':
        return sendCardForm(ctx, reply, found, result.choice);
      case 'refused':
        return sendPlanPage(ctx, reply, found, {
          status: 400,
          problem: result.problem,
          offer: result.offer,
          ...(body.plan !== undefined && { chosen: body.plan }),
        });
      case 'unavailable':
        return sendPlanPage(ctx, reply, found, { status: 400, offer: result });
      case 'closed':
        return reply.redirect(statusPath(ctx.services, found.reference), 303);
    }
  });
}
