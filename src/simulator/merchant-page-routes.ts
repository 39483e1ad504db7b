/**
 * The Merchant Page's HTTP steps, called from the paymentPage routes: opening the session (or, for a
 * Merchant Page 2.0 form, answering at once), showing the card form in the merchant's iframe, and
 * answering the submitted card with the signed tokenization result posted to `return_url` inside the
 * frame, as APS does (the merchant's return page then leaves the iframe by itself).
 */
import type { FastifyReply } from 'fastify';
import { MESSAGE } from '../providers/aps/codes.js';
import type { SimulatorContext } from './context.js';
import { messagePage, returnPage, type PageFrame } from './hosted-page-views.js';
import { newOpaqueId } from './ids.js';
import {
  closedTokenizationAnswer,
  hasCardFields,
  merchantOrigins,
  newTokenizationSession,
  tokenCardInput,
  tokenizeCard,
} from './merchant-page.js';
import { merchantCardPage } from './merchant-page-views.js';
import { labels, toLanguage } from './messages.js';
import type { HostedSession, MerchantAccount } from './model.js';
import type { CardProblem } from './outcomes.js';
import { formField, sendPage } from './page-reply.js';
import type { Fields } from './responses.js';

const SESSION_PATH = '/FortAPI/paymentPage/session/';

/**
 * A valid TOKENIZATION form: Merchant Page 2.0 (card fields in the form) is tokenized now and
 * answered; Merchant Page 1 opens a session and redirects (303) to its card form.
 */
export function openMerchantPage(
  ctx: SimulatorContext,
  reply: FastifyReply,
  account: MerchantAccount,
  request: Fields,
  returnUrl: string,
): FastifyReply {
  if (hasCardFields(request)) {
    const frame: PageFrame = {
      language: toLanguage(request.language),
      nonce: newOpaqueId(),
      account,
      frameAncestors: merchantOrigins(returnUrl, account),
    };
    const result = tokenizeCard(ctx, account, request, tokenCardInput(request), true);
    const fields = result.kind === 'answer' ? result.fields : {};
    return sendPage(reply, frame, 200, returnPage(frame, returnUrl, fields));
  }
  const session = newTokenizationSession(ctx, newOpaqueId(), account, request, returnUrl);
  ctx.state.saveSession(session);
  ctx.state.changed();
  return reply
    .code(303)
    .header('location', SESSION_PATH + session.id)
    .header('cache-control', 'no-store')
    .send();
}

/** The Merchant Page card form of `session` (the saved card when the request named an active token). */
export function merchantPageForm(
  ctx: SimulatorContext,
  frame: PageFrame,
  session: HostedSession,
  action: string,
  problems: readonly CardProblem[],
): string {
  const name = session.request.token_name;
  const token = name ? ctx.state.token(session.merchantIdentifier, name) : undefined;
  return merchantCardPage(frame, action, problems, token?.status === 'ACTIVE' ? token : undefined);
}

/** A submitted Merchant Page: cancel (00072), timeout (00778), a card to correct, or the answer. */
export function submitMerchantPage(
  ctx: SimulatorContext,
  reply: FastifyReply,
  frame: PageFrame,
  session: HostedSession,
  account: MerchantAccount,
  body: Record<string, unknown>,
  action: string,
): FastifyReply {
  const finish = (fields: Fields) => {
    session.step = 'done';
    ctx.state.changed();
    if (ctx.state.faults.dropBrowserReturn) {
      const t = labels(frame.language);
      return sendPage(reply, frame, 200, messagePage(frame, t.processed, [t.closePage]));
    }
    return sendPage(reply, frame, 200, returnPage(frame, session.returnUrl, fields));
  };
  const age = ctx.clock.now().getTime() - new Date(session.createdAt).getTime();
  if (age > ctx.settings.sessionTtlMs) {
    return finish(closedTokenizationAnswer(ctx, account, session.request, MESSAGE.SESSION_TIMEOUT));
  }
  if (formField(body, 'cancel') !== '') {
    return finish(closedTokenizationAnswer(ctx, account, session.request, MESSAGE.CANCELLED_BY_CUSTOMER));
  }
  const input = {
    cardNumber: formField(body, 'card_number'),
    expiryDate: formField(body, 'expiry_date'),
    securityCode: formField(body, 'card_security_code'),
    holderName: formField(body, 'card_holder_name'),
    rememberMe: formField(body, 'remember_me'),
  };
  const result = tokenizeCard(ctx, account, session.request, input, false);
  if (result.kind === 'correct') {
    return sendPage(reply, frame, 200, merchantPageForm(ctx, frame, session, action, result.problems));
  }
  return finish(result.fields);
}
