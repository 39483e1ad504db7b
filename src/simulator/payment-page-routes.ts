/**
 * `POST /FortAPI/paymentPage` and the hosted-page session that follows it. A valid request opens a
 * session (its id is in the URL; no cookie) and redirects (303) to the session's card form; the card step may add a
 * 3-D Secure step; the result is recorded, fed back to the merchant, and the browser is posted back
 * to the return URL. Refused requests go back unsigned with status `00`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { MESSAGE } from '../providers/aps/codes.js';
import {
  checkBnplRequest,
  choosePlan,
  isInstallmentsSession,
  isTabbySession,
  sessionCardPage,
  tabbyOutcome,
  tabbyPage,
} from './bnpl-hosted-page.js';
import type { SimulatorContext } from './context.js';
import { corrupts } from './faults.js';
import { messagePage, otpPage, returnPage, type PageFrame } from './hosted-page-views.js';
import { newOpaqueId, newOtp } from './ids.js';
import { formField as field, sendPage as send } from './page-reply.js';
import { labels, toLanguage } from './messages.js';
import type { CardSummary, HostedSession, MerchantAccount } from './model.js';
import { evaluateCard, outcomeForHolderName, type PaymentOutcome } from './outcomes.js';
import { recordPayment } from './payments.js';
import { isStcPaySession, stcPayPage, stcPayStep } from './stc-pay.js';
import { checkPaymentPageRequest } from './request-validation.js';
import { checkTokenizationRequest, isTokenizationRequest, merchantOrigins } from './merchant-page.js';
import { merchantPageForm, openMerchantPage, submitMerchantPage } from './merchant-page-routes.js';
import { withoutCardFields } from './token-fields.js';
import { activeToken, cardFacts } from './tokens.js';
import { savedCardDecision } from './saved-card.js';
import { cardDigits } from './cards.js';
import { asParams, paymentFields, refusalFields, signAnswer } from './responses.js';

const SESSION_PATH = '/FortAPI/paymentPage/session/';

/** Registers the hosted payment page routes. */
export function registerPaymentPageRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post('/FortAPI/paymentPage', async (request, reply) => {
    const params = asParams(request.body) ?? {};
    const language = toLanguage(typeof params.language === 'string' ? params.language : undefined);
    const tokenization = isTokenizationRequest(params);
    const check = tokenization
      ? checkTokenizationRequest(ctx.state, params)
      : checkBnplRequest(checkPaymentPageRequest(ctx.state, params));
    if (!check.ok) {
      const frame: PageFrame = {
        language,
        nonce: newOpaqueId(),
        account: check.account,
        // A refused Merchant Page must still show inside the merchant's iframe.
        ...(tokenization ? { frameAncestors: merchantOrigins(check.returnUrl, check.account) } : {}),
      };
      // Card fields of a Merchant Page 2.0 form never travel back.
      const fields = refusalFields(tokenization ? withoutCardFields(params) : params, check.messageCode);
      request.log.info(
        { responseCode: fields.response_code, detail: check.detail },
        'paymentPage request refused',
      );
      if (check.returnUrl === undefined) {
        const lines = [`${fields.response_code} ${fields.response_message}`, check.detail];
        return send(reply, frame, 400, messagePage(frame, labels(language).refused, lines));
      }
      const sent = check.account?.sendResponseParameters === false ? {} : fields;
      return send(reply, frame, 200, returnPage(frame, check.returnUrl, sent));
    }
    if (tokenization) return openMerchantPage(ctx, reply, check.account, check.request, check.returnUrl);
    const session: HostedSession = {
      id: newOpaqueId(),
      merchantIdentifier: check.account.merchantIdentifier,
      merchantReference: check.request.merchant_reference ?? '',
      request: check.request,
      returnUrl: check.returnUrl,
      createdAt: ctx.state.now(),
      step: 'card',
      challenge: null,
    };
    ctx.state.saveSession(session);
    ctx.state.changed();
    // Redirect-after-POST, as a hosted page should: Back from the merchant's status page then reaches
    // a page the browser can load again, never "Confirm Form Resubmission".
    return reply
      .code(303)
      .header('location', SESSION_PATH + session.id)
      .header('cache-control', 'no-store')
      .send();
  });

  app.get<{ Params: { sessionId: string } }>(`${SESSION_PATH}:sessionId`, async (request, reply) => {
    const session = ctx.state.sessions.get(request.params.sessionId);
    const account = session && ctx.state.accounts.get(session.merchantIdentifier);
    if (!session || !account) {
      const frame: PageFrame = { language: 'en', nonce: newOpaqueId(), account: undefined };
      return send(reply, frame, 404, messagePage(frame, labels('en').unknownSession, []));
    }
    const frame: PageFrame = {
      language: toLanguage(session.request.language),
      nonce: newOpaqueId(),
      account,
      frameAncestors: session.frameAncestors ?? [],
    };
    const action = SESSION_PATH + session.id;
    if (session.kind === 'tokenization' && session.step !== 'done') {
      return send(reply, frame, 200, merchantPageForm(ctx, frame, session, action, []));
    }
    if (session.step === 'done')
      return send(reply, frame, 200, messagePage(frame, labels(frame.language).alreadyDone, []));
    if (isStcPaySession(session)) return send(reply, frame, 200, stcPayPage(frame, action, session));
    if (session.step === 'otp' && session.challenge) {
      const { otp, card } = session.challenge;
      return send(reply, frame, 200, otpPage(frame, action, session.request, otp, card.maskedNumber));
    }
    if (isTabbySession(session)) return send(reply, frame, 200, tabbyPage(frame, action, session.request));
    const saved = activeToken(ctx.state, session.merchantIdentifier, session.request.token_name);
    return send(reply, frame, 200, sessionCardPage(frame, action, session, [], false, saved));
  });

  app.post<{ Params: { sessionId: string } }>(`${SESSION_PATH}:sessionId`, async (request, reply) => {
    const session = ctx.state.sessions.get(request.params.sessionId);
    const account = session && ctx.state.accounts.get(session.merchantIdentifier);
    const body = asParams(request.body) ?? {};
    if (!session || !account) {
      const frame: PageFrame = { language: 'en', nonce: newOpaqueId(), account: undefined };
      return send(reply, frame, 404, messagePage(frame, labels('en').unknownSession, []));
    }
    const language = toLanguage(session.request.language);
    const frame: PageFrame = {
      language,
      nonce: newOpaqueId(),
      account,
      frameAncestors: session.frameAncestors ?? [],
    };
    const t = labels(language);
    if (session.step === 'done') return send(reply, frame, 409, messagePage(frame, t.alreadyDone, []));
    if (session.kind === 'tokenization') {
      return submitMerchantPage(ctx, reply, frame, session, account, body, SESSION_PATH + session.id);
    }

    const finish = (outcome: PaymentOutcome, card: CardSummary | null) =>
      finishPayment(ctx, reply, frame, session, account, outcome, card);
    const age = ctx.clock.now().getTime() - new Date(session.createdAt).getTime();
    if (age > ctx.settings.sessionTtlMs) return finish({ kind: 'expired' }, session.challenge?.card ?? null);
    if (field(body, 'cancel') !== '') return finish({ kind: 'cancelled' }, session.challenge?.card ?? null);

    const action = SESSION_PATH + session.id;
    if (isStcPaySession(session)) {
      const step = stcPayStep(frame, action, session, (name) => field(body, name));
      ctx.state.changed();
      if (step.kind === 'page') return send(reply, frame, 200, step.body);
      if (session.stcPay)
        session.request = {
          ...session.request,
          phone_number: session.stcPay.phoneNumber,
          payment_option: 'STCPAY',
        };
      return finish(step.outcome, null);
    }
    const showOtp = (otp: string, card: CardSummary) =>
      send(reply, frame, 200, otpPage(frame, action, session.request, otp, card.maskedNumber));
    if (session.step === 'otp' && session.challenge) {
      const { otp, card } = session.challenge;
      const typed = field(body, 'otp').trim();
      if (typed === '') return showOtp(otp, card);
      if (typed !== otp)
        return finish({ kind: 'declined', messageCode: MESSAGE.AUTHENTICATION_FAILED }, card);
      return finish(outcomeForHolderName(card.holderName), card);
    }
    if (isTabbySession(session)) {
      const outcome = tabbyOutcome(field(body, 'tabby_decision'));
      if (!outcome) return send(reply, frame, 200, tabbyPage(frame, action, session.request));
      return finish(outcome, null);
    }
    if (isInstallmentsSession(session)) {
      const chosen = choosePlan(session, field(body, 'plan_code'), field(body, 'card_number'));
      if (chosen.kind === 'missing')
        return send(reply, frame, 200, sessionCardPage(frame, action, session, [], true));
      if (chosen.kind === 'declined') return finish(chosen.outcome, null);
    }
    const saved = activeToken(ctx.state, session.merchantIdentifier, session.request.token_name);
    const decision = saved
      ? savedCardDecision(saved, field(body, 'card_security_code'), ctx.clock.now())
      : evaluateCard(
          {
            cardNumber: field(body, 'card_number'),
            expiryDate: field(body, 'expiry_date'),
            securityCode: field(body, 'card_security_code'),
            holderName: field(body, 'card_holder_name'),
          },
          {
            requestedOption: session.request.payment_option,
            enabledOptions: account.paymentOptions,
            now: ctx.clock.now(),
          },
        );
    // A card the customer asks to remember keeps what its token needs until the payment ends.
    if (!saved && decision.kind !== 'correct' && decision.card && session.request.remember_me === 'YES') {
      const digits = cardDigits(field(body, 'card_number')) ?? '';
      decision.card.tokenFacts = cardFacts(digits, decision.card.paymentOption);
    }
    switch (decision.kind) {
      case 'correct':
        return send(
          reply,
          frame,
          200,
          sessionCardPage(frame, action, session, decision.problems, false, saved),
        );
      case 'challenge': {
        session.step = 'otp';
        session.challenge = { otp: newOtp(), card: decision.card };
        ctx.state.changed();
        // The 3-D Secure step is a page of its own, reached by a redirect like the card form.
        return reply.code(303).header('location', action).header('cache-control', 'no-store').send();
      }
      case 'processed':
        return finish(decision.outcome, decision.card);
    }
  });
}

async function finishPayment(
  ctx: SimulatorContext,
  reply: FastifyReply,
  frame: PageFrame,
  session: HostedSession,
  account: MerchantAccount,
  outcome: PaymentOutcome,
  card: CardSummary | null,
): Promise<FastifyReply> {
  const { transaction, feedback } = recordPayment(ctx, session, account, outcome, card);
  const faults = ctx.state.faults;
  if (faults.feedbackBeforeReturn) await feedback;
  const t = labels(frame.language);
  if (faults.dropBrowserReturn) {
    return send(reply, frame, 200, messagePage(frame, t.processed, [t.closePage]));
  }
  const fields = account.sendResponseParameters
    ? signAnswer(account, paymentFields(transaction), corrupts(faults, 'return'))
    : {};
  return send(reply, frame, 200, returnPage(frame, session.returnUrl, fields));
}
