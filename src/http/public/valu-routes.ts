/**
 * The valU pages (SPEC S20): `POST /payment/valu` (from the payment's redirect form) → `GET
 * /payment/valu` (down payment) → `POST /payment/valu/code` (customer check, code and plans) →
 * `POST /payment/valu/confirm` (the purchase). Each step is opened by a token bound to the payment; the
 * code step's form carries the attempt (down payment, valU's order id) signed and expiring. A settled
 * payment goes to its status page with a redirect-after-POST.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createExpiringToken, readExpiringToken } from '../../crypto/tokens.js';
import type { Language } from '../../domain/locale.js';
import { toMinorUnits } from '../../domain/money.js';
import { PayportError, ValidationError } from '../../errors.js';
import { ProviderCallError } from '../../providers/errors.js';
import type { OtpPaymentPlan } from '../../providers/provider.js';
import { statusPath } from '../../services/checkout.js';
import { confirmValu, sendValuCode } from '../../services/valu-checkout.js';
import { isValidValuPageToken, VALU_PAGE_PATH } from '../../services/valu-page-form.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { NOT_FOUND_NOTICE } from './payment-routes.js';
import { chooseLanguage, sendNotice, sendPage } from './respond.js';
import { valuCodePage, valuStartPage, valuUnreachableText } from './valu-view.js';

const ATTEMPT_PURPOSE = 'valu-attempt';
/** How long the code step may take (valU's codes expire within minutes). */
const ATTEMPT_TTL_SECONDS = 15 * 60;

function fieldsOf(source: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof source !== 'object' || source === null) return out;
  for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

async function openPayment(
  ctx: AppContext,
  ref: string | undefined,
  token: string | undefined,
): Promise<TransactionRecord | undefined> {
  if (!ref || ref.length > 100 || !isValidValuPageToken(ctx.services, ref, token)) return undefined;
  const tx = await ctx.store.repos.transactions.findByReference(ref);
  return tx?.paymentMethod === 'valu' ? tx : undefined;
}

function toStatus(ctx: AppContext, reply: FastifyReply, tx: TransactionRecord): FastifyReply {
  return reply
    .code(303)
    .header('cache-control', 'no-store')
    .redirect(statusPath(ctx.services, tx.reference), 303);
}

function problemText(err: unknown, lang: Language): string {
  if (err instanceof ProviderCallError) return valuUnreachableText(lang);
  if (err instanceof ValidationError) return err.fields.map((f) => f.message).join('; ') || err.message;
  return (err as Error).message;
}

/** The language the form was shown in, else the payment's. */
function formLanguage(
  body: Record<string, string>,
  request: FastifyRequest,
  tx: TransactionRecord | undefined,
): Language {
  if (body.lang === 'ar' || body.lang === 'en') return body.lang;
  return chooseLanguage(request, tx?.customerLang);
}

interface Attempt {
  ref: string;
  down: number;
  loan: string;
  plans: OtpPaymentPlan[];
}

function attemptToken(ctx: AppContext, attempt: Attempt): string {
  return createExpiringToken(
    ctx.services.secret,
    ATTEMPT_PURPOSE,
    {
      ref: attempt.ref,
      down: attempt.down,
      loan: attempt.loan,
      plans: attempt.plans.map((p) => ({
        months: p.months,
        perMonth: p.amountPerMonthMinor,
        fees: p.feesMinor,
      })),
    },
    { clock: ctx.services.clock, ttlSeconds: ATTEMPT_TTL_SECONDS },
  );
}

function readAttempt(ctx: AppContext, token: unknown): Attempt {
  const p = readExpiringToken<{
    ref: string;
    down: number;
    loan: string;
    plans: { months: number; perMonth: number | null; fees: number | null }[];
  }>(ctx.services.secret, ATTEMPT_PURPOSE, token, ctx.services.clock);
  return {
    ref: p.ref,
    down: p.down,
    loan: p.loan,
    plans: p.plans.map((x) => ({ months: x.months, amountPerMonthMinor: x.perMonth, feesMinor: x.fees })),
  };
}

async function showStart(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  fields: Record<string, string>,
  status = 200,
  error?: string,
): Promise<FastifyReply> {
  const tx = await openPayment(ctx, fields.ref, fields.token);
  const lang = chooseLanguage(request, tx?.customerLang);
  if (!tx) return sendNotice(reply, 404, lang, NOT_FOUND_NOTICE);
  if (tx.state !== 'draft') return toStatus(ctx, reply, tx);
  const hidden = { ref: tx.reference, token: fields.token ?? '', lang };
  return sendPage(reply, status, valuStartPage({ lang, tx, hidden, error }));
}

/** Registers the valU pages. */
export function registerValuRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The redirect form posts here; answer with a redirect so Back and reload never resubmit.
  app.post(VALU_PAGE_PATH, async (request, reply) => {
    const body = fieldsOf(request.body);
    const tx = await openPayment(ctx, body.ref, body.token);
    if (!tx) return sendNotice(reply, 404, chooseLanguage(request), NOT_FOUND_NOTICE);
    const query = new URLSearchParams({ ref: tx.reference, token: body.token ?? '' });
    return reply.redirect(`${VALU_PAGE_PATH}?${query.toString()}`, 303);
  });

  app.get(VALU_PAGE_PATH, (request, reply) => showStart(ctx, request, reply, fieldsOf(request.query)));

  app.post(`${VALU_PAGE_PATH}/code`, async (request, reply) => {
    const body = fieldsOf(request.body);
    const tx = await openPayment(ctx, body.ref, body.token);
    const lang = formLanguage(body, request, tx);
    if (!tx) return sendNotice(reply, 404, lang, NOT_FOUND_NOTICE);
    if (tx.state !== 'draft') return toStatus(ctx, reply, tx);
    try {
      const typed = (body.down_payment ?? '').trim().replace(/,/g, '');
      const down = typed === '' ? 0 : toMinorUnits(typed, tx.currency, 'down_payment');
      const result = await sendValuCode(ctx.services, tx, down);
      if (result.kind === 'settled') return toStatus(ctx, reply, result.transaction);
      const attempt = attemptToken(ctx, {
        ref: tx.reference,
        down,
        loan: result.loanOrderId,
        plans: result.plans,
      });
      const hidden = { attempt, lang };
      return sendPage(reply, 200, valuCodePage({ lang, tx, hidden, plans: result.plans }));
    } catch (err) {
      if (!(err instanceof PayportError)) throw err;
      request.log.warn({ err, reference: tx.reference }, 'valU code step did not complete');
      return showStart(
        ctx,
        request,
        reply,
        body,
        err instanceof ProviderCallError ? 502 : 400,
        problemText(err, lang),
      );
    }
  });

  app.post(`${VALU_PAGE_PATH}/confirm`, async (request, reply) => {
    const body = fieldsOf(request.body);
    let attempt: Attempt;
    try {
      attempt = readAttempt(ctx, body.attempt);
    } catch (err) {
      if (!(err instanceof PayportError)) throw err;
      return sendNotice(reply, 400, chooseLanguage(request), {
        title: 'formExpiredTitle',
        body: 'formExpiredBody',
        tone: 'alert',
      });
    }
    const tx = await ctx.store.repos.transactions.findByReference(attempt.ref);
    const lang = formLanguage(body, request, tx);
    if (!tx) return sendNotice(reply, 404, lang, NOT_FOUND_NOTICE);
    if (tx.state !== 'draft') return toStatus(ctx, reply, tx);
    const months = Number(body.tenure);
    const plan = attempt.plans.find((p) => p.months === months);
    const hidden = { attempt: body.attempt ?? '', lang };
    if (!plan) {
      const error = lang === 'ar' ? 'اختر خطة سداد.' : 'Choose a repayment plan.';
      return sendPage(reply, 400, valuCodePage({ lang, tx, hidden, plans: attempt.plans, error }));
    }
    try {
      const settled = await confirmValu(ctx.services, tx, {
        code: (body.otp ?? '').trim(),
        months,
        downPaymentMinor: attempt.down,
        loanOrderId: attempt.loan,
      });
      return toStatus(ctx, reply, settled);
    } catch (err) {
      if (!(err instanceof PayportError)) throw err;
      request.log.warn({ err, reference: tx.reference }, 'valU confirmation did not complete');
      const status = err instanceof ProviderCallError ? 502 : 400;
      return sendPage(
        reply,
        status,
        valuCodePage({ lang, tx, hidden, plans: attempt.plans, error: problemText(err, lang) }),
      );
    }
  });
}
