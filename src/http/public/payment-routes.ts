/**
 * `GET /payment/pay` (signed link parameters) and `GET /pay/:id` (stored payment links): the payment
 * page, or a page that says clearly why there is nothing to pay here.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toCountryCode } from '../../domain/countries.js';
import type { Language } from '../../domain/locale.js';
import { ValidationError } from '../../errors.js';
import { checkoutChoices, statusPath } from '../../services/checkout.js';
import { committedLinkPayment } from '../../services/link-attempts.js';
import { paymentLinkStatus, type PaymentLinkStatus } from '../../services/payment-links.js';
import type { PaymentLinkRecord, TransactionRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { issueFormToken, type CheckoutIntent } from './checkout-intent.js';
import { checkPaymentPayParams, paymentPayLinkKey, readPaymentPayQuery } from './pay-link.js';
import { countryFixedByLink, countryQuestionPage, withoutCountry } from './country-question.js';
import { paymentPage, type CheckoutErrors } from './payment-page-view.js';
import { savedCardOptions } from './saved-card-options.js';
import { withLanguage, type Notice } from './parts.js';
import { chooseLanguage, currentPath, sendNotice, sendPage, type PublicRouteOptions } from './respond.js';

const LINK_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The notice and HTTP status for a payment link that cannot be paid. */
export function closedLinkNotice(status: Exclude<PaymentLinkStatus, 'open'>): {
  code: number;
  notice: Notice;
} {
  switch (status) {
    case 'paid':
      return { code: 200, notice: { title: 'linkPaidTitle', body: 'linkPaidBody', tone: 'status' } };
    case 'expired':
      return { code: 410, notice: { title: 'linkExpiredTitle', body: 'linkExpiredBody', tone: 'alert' } };
    case 'inactive':
      return { code: 410, notice: { title: 'linkInactiveTitle', body: 'linkInactiveBody', tone: 'alert' } };
  }
}

/**
 * The notice for a link that already has a payment pending, authorized or done (S9): paid, or a payment
 * in progress, with a way to that payment's status page.
 */
export function linkPaymentNotice(ctx: AppContext, payment: TransactionRecord): Notice {
  const inProgress = payment.state === 'pending';
  return {
    title: inProgress ? 'linkInProgressTitle' : 'linkPaidTitle',
    body: inProgress ? 'linkInProgressBody' : 'linkPaidBody',
    tone: 'status',
    action: { href: statusPath(ctx.services, payment.reference), label: 'viewPayment' },
  };
}

/** The 404 page for unknown links and wrong tokens (it does not say which). */
export const NOT_FOUND_NOTICE: Notice = { title: 'notFoundTitle', body: 'notFoundBody', tone: 'alert' };

/** What a payment page needs to render, beyond the intent. */
export interface CheckoutRender {
  lang: Language;
  status: number;
  /** The current path for the language switch (GET only). */
  path?: string;
  errors?: CheckoutErrors;
  entered?: { email?: string; choice?: string; phone?: string };
  /** The customer sent a country that is not on the list: the question is asked again, with the error. */
  countryInvalid?: boolean;
}

/**
 * The customer's own answer to the country question (`country=` beside a link that fixes none):
 * `undefined` when there is none, null when it is not a country.
 */
export function answeredCountry(query: Record<string, unknown>): string | null | undefined {
  const value = query.country;
  if (value === undefined || value === '') return undefined;
  return toCountryCode(value);
}

function noMethodNotice(intent: CheckoutIntent, render: CheckoutRender): Notice {
  if (!intent.country)
    return { title: 'noMethodTitle', body: 'noMethodBody', tone: 'status', path: render.path };
  const chosen = !countryFixedByLink(intent);
  return {
    title: 'noMethodTitle',
    body: chosen ? 'noMethodCountryBody' : 'noMethodBody',
    tone: 'status',
    path: render.path,
    ...(chosen && {
      action: {
        href: withLanguage(withoutCountry(intent.pagePath), render.lang),
        label: 'countryChange' as const,
      },
    }),
  };
}

/**
 * Lists the compatible methods for `intent` and renders the payment page with a fresh form token, or
 * the "no payment method available" page when there is none.
 */
export async function renderCheckout(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  options: PublicRouteOptions,
  intent: CheckoutIntent,
  render: CheckoutRender,
): Promise<FastifyReply> {
  const backOfficeUser = options.isBackOfficeUser ? await options.isBackOfficeUser(request) : false;
  const payment = {
    currency: intent.currency,
    amountMinor: intent.amountMinor,
    country: intent.country ?? null,
    backOfficeUser,
  };
  // No country known while a provider accepts only some (S21): ask before offering anything.
  const choices = render.countryInvalid
    ? { askCountry: true as const }
    : await checkoutChoices(ctx.services, payment);
  if (choices.askCountry) {
    const question = countryQuestionPage({
      lang: render.lang,
      intent,
      path: render.path,
      invalid: render.countryInvalid ?? false,
    });
    return sendPage(reply, render.countryInvalid ? 422 : render.status, question);
  }
  const methods = choices.options;
  if (methods.length === 0)
    return sendNotice(reply, render.status, render.lang, noMethodNotice(intent, render));
  const formToken = issueFormToken(
    { secret: ctx.services.secret, clock: ctx.services.clock },
    intent,
    render.lang,
  );
  const savedCards = await savedCardOptions(ctx.services, intent, methods);
  return sendPage(
    reply,
    render.status,
    paymentPage({
      lang: render.lang,
      intent,
      options: methods,
      savedCards,
      formToken,
      ...(render.path !== undefined && { path: render.path }),
      ...(render.errors && { errors: render.errors }),
      ...(render.entered && { entered: render.entered }),
    }),
  );
}

/** The intent behind a stored payment link. */
export function linkIntent(link: PaymentLinkRecord): CheckoutIntent {
  return {
    amountMinor: link.amount,
    currency: link.currency,
    orderReference: link.orderReference,
    description: link.description,
    email: link.customerEmail,
    name: link.customerName,
    landingUrl: null,
    paymentLinkId: link.id,
    linkKey: null,
    pagePath: `/pay/${link.id}`,
    country: link.customerCountry,
    countryFixed: link.customerCountry !== null,
  };
}

/** Registers the two payment page routes. */
export function registerPaymentPageRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: PublicRouteOptions,
): void {
  app.get('/payment/pay', async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const lang = chooseLanguage(request);
    const path = currentPath(request);
    const params = readPaymentPayQuery(ctx.services, query);
    if (!params) return sendNotice(reply, 404, lang, { ...NOT_FOUND_NOTICE, path });
    let checked;
    try {
      checked = checkPaymentPayParams(params);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Genuinely signed but unusable parameters: a bug or a bad integration on the merchant's side.
      request.log.warn({ fields: err.fields }, 'signed payment link with invalid parameters');
      return sendNotice(reply, 400, lang, {
        title: 'invalidLinkTitle',
        body: 'invalidLinkBody',
        tone: 'alert',
        path,
      });
    }
    const linkKey = paymentPayLinkKey(ctx.services, params);
    const paid = await committedLinkPayment(ctx.services, { linkKey });
    if (paid) return sendNotice(reply, 200, lang, { ...linkPaymentNotice(ctx, paid), path });
    // A country the link fixes wins; otherwise `country=` is the customer's answer, kept out of the
    // page's own path (Try again and "start again" return to the link as the merchant made it).
    const answered = checked.country === null ? answeredCountry(query) : undefined;
    const intent: CheckoutIntent = {
      ...checked,
      country: checked.country ?? answered ?? null,
      description: null,
      paymentLinkId: null,
      linkKey,
      pagePath: checked.country === null ? withoutCountry(path) : path,
    };
    return renderCheckout(ctx, request, reply, options, intent, {
      lang,
      status: 200,
      path,
      countryInvalid: answered === null,
    });
  });

  app.get<{ Params: { id: string } }>('/pay/:id', async (request, reply) => {
    const path = currentPath(request);
    const id = request.params.id;
    const link = LINK_ID.test(id) ? await ctx.store.repos.paymentLinks.findById(id) : undefined;
    if (!link) return sendNotice(reply, 404, chooseLanguage(request), { ...NOT_FOUND_NOTICE, path });
    const lang = chooseLanguage(request, link.lang);
    // Its payment first: the customer who paid is told about that payment, whatever the link's state.
    const paid = await committedLinkPayment(ctx.services, { paymentLinkId: link.id });
    if (paid) return sendNotice(reply, 200, lang, { ...linkPaymentNotice(ctx, paid), path });
    const status = paymentLinkStatus(link, ctx.services.clock.now());
    if (status !== 'open') {
      const closed = closedLinkNotice(status);
      return sendNotice(reply, closed.code, lang, { ...closed.notice, path });
    }
    // A country the merchant stored with the link wins; otherwise `country=` is the customer's answer.
    const fixed = linkIntent(link);
    const answered = fixed.countryFixed
      ? undefined
      : answeredCountry((request.query ?? {}) as Record<string, unknown>);
    const intent = { ...fixed, country: fixed.country ?? answered ?? null };
    return renderCheckout(ctx, request, reply, options, intent, {
      lang,
      status: 200,
      path,
      countryInvalid: answered === null,
    });
  });
}
