/**
 * `POST /payment/transaction` (S6): checks the signed form token, the chosen method and the email,
 * creates the draft transaction and answers the self-submitting redirect page to the provider. For a
 * payment link (S9) it answers 409 when the link already has a payment pending, authorized or done, and
 * continues a recent draft of the same method instead of starting a second one.
 * Problems the customer can fix re-render the payment page with the error next to its field (400).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sha256Hex } from '../../crypto/random.js';
import { ExpiredTokenError, InvalidTokenError } from '../../crypto/tokens.js';
import { toCountryCode } from '../../domain/countries.js';
import type { Language } from '../../domain/locale.js';
import { countryOfPhone, isE164, methodRules } from '../../domain/method-rules.js';
import type { PaymentMethod } from '../../domain/payment-methods.js';
import type { ProviderConfig } from '../../domain/provider.js';
import { generateReference } from '../../domain/reference.js';
import { PayportError, ValidationError } from '../../errors.js';
import {
  createPaymentTransaction,
  paymentOptions,
  resolveChoice,
  type NewPayment,
} from '../../services/checkout.js';
import { providerFor } from '../../services/context.js';
import {
  committedLinkPayment,
  startLinkAttempt,
  type LinkAttempt,
  type LinkIdentity,
} from '../../services/link-attempts.js';
import { paymentLinkStatus } from '../../services/payment-links.js';
import { toProviderAccount } from '../../services/provider-accounts.js';
import { allowFormActionTo, allowFrameOf } from '../plugins/security-headers.js';
import { recordCardSide, startPayment } from '../../services/cards/payment-start.js';
import { cardFormPage } from './card-form-view.js';
import { usesEmbeddedInstallments } from '../../services/cards/installment-choice.js';
import { sendPlanPage } from './installments-routes.js';
import { isSavedChoice, resolveSavedChoice, type SavedCardOption } from './saved-card-options.js';
import type { AppContext } from '../context.js';
import { pickLanguage } from '../views/language.js';
import {
  FORM_TOKEN_TTL_SECONDS,
  readFormToken,
  safePagePath,
  type CheckoutIntent,
} from './checkout-intent.js';
import { isEmailAddress } from './pay-link.js';
import { parseChoice, type CheckoutErrors } from './payment-page-view.js';
import { closedLinkNotice, linkPaymentNotice, NOT_FOUND_NOTICE, renderCheckout } from './payment-routes.js';
import { redirectPage } from './redirect-view.js';
import type { Notice } from './parts.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import { sendNotice, sendPage, type PublicRouteOptions } from './respond.js';
import { storablePagePath } from './try-again.js';

/** The submitted form as single string values; repeated or nested fields are dropped (never trusted). */
function formFields(body: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return fields;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') fields[key] = value;
  }
  return fields;
}

/**
 * Asks the provider to build the redirect for a stand-in transaction before anything is stored, so a
 * payment it would refuse (e.g. an email its page does not accept, incomplete credentials) is reported
 * to the customer instead of leaving an orphan draft behind.
 */
function preflight(
  ctx: AppContext,
  provider: ProviderConfig,
  method: PaymentMethod,
  intent: CheckoutIntent,
  email: string,
  lang: Language,
  details: BnplDetails = {},
): CheckoutErrors {
  try {
    providerFor(ctx.services, provider.code).buildRedirect({
      account: toProviderAccount(provider),
      transaction: {
        reference: generateReference({ orderReference: intent.orderReference, clock: ctx.services.clock }),
        amountMinor: intent.amountMinor,
        currency: intent.currency,
        paymentMethod: method.code,
        customer: { email, name: intent.name, lang, phone: details.phone ?? null },
        description: details.description ?? null,
      },
      publicUrl: ctx.services.publicUrl,
      methodAllowsAuthorization: method.allowsAuthorization,
    });
    return {};
  } catch (err) {
    if (!(err instanceof PayportError)) throw err;
    const fields = 'fields' in err && Array.isArray(err.fields) ? (err.fields as { field: string }[]) : [];
    if (fields.some((f) => f.field.includes('email'))) return { email: 'emailInvalid' };
    ctx.logger.warn(
      { err, providerId: provider.id, method: method.code },
      'payment method offered but its provider cannot start a payment',
    );
    return { payment_method: 'methodUnavailable' };
  }
}

/** The saved card a submitted choice names, among the options the page could show. */
async function savedChoiceOf(
  ctx: AppContext,
  options: PublicRouteOptions,
  request: FastifyRequest,
  intent: CheckoutIntent,
  value: string,
): Promise<SavedCardOption | undefined> {
  const backOfficeUser = options.isBackOfficeUser ? await options.isBackOfficeUser(request) : false;
  const methods = await paymentOptions(ctx.services, {
    currency: intent.currency,
    amountMinor: intent.amountMinor,
    country: intent.country ?? null,
    backOfficeUser,
  });
  return resolveSavedChoice(ctx.services, intent, value, methods);
}

/** The customer data a BNPL method needs (S20), as the payment page gathers it. */
interface BnplDetails {
  phone?: string;
  country?: string;
  description?: string;
}

/**
 * The mobile number (and its country) and a description for a method that needs them: the number is
 * typed on the page, the country follows from its calling code, the description from the payment.
 */
function bnplDetails(
  method: PaymentMethod,
  typedPhone: string | undefined,
  intent: CheckoutIntent,
): { details: BnplDetails; error?: CheckoutErrors['phone'] } {
  if (!methodRules(method.code).requires.includes('customer.phone')) return { details: {} };
  const phone = (typedPhone ?? '').replace(/[\s()-]/g, '');
  const description =
    intent.description ?? (intent.orderReference ? `Order ${intent.orderReference}` : 'Online payment');
  if (!isE164(phone)) return { details: { description }, error: 'phoneInvalid' };
  const country = countryOfPhone(phone);
  if (!country || (method.countries.length > 0 && !method.countries.includes(country))) {
    return { details: { phone, description }, error: 'phoneCountry' };
  }
  return { details: { phone, country, description } };
}

/** What the customer submitted, checked: either a payment to start or the errors to show. */
type Submission =
  | {
      ok: true;
      email: string;
      provider: ProviderConfig;
      method: PaymentMethod;
      saved?: SavedCardOption;
      details: BnplDetails;
    }
  | { ok: false; errors: CheckoutErrors; entered: { email: string; choice?: string; phone?: string } };

async function checkSubmission(
  ctx: AppContext,
  options: PublicRouteOptions,
  request: FastifyRequest,
  body: Record<string, string>,
  intent: CheckoutIntent,
  lang: Language,
): Promise<Submission> {
  const errors: CheckoutErrors = {};
  // An email carried by the signed link wins over the form; the form only fills one that is missing.
  const prefilled = intent.email !== null && isEmailAddress(intent.email) ? intent.email : null;
  const email = prefilled ?? (body.email ?? '').trim();
  if (!isEmailAddress(email)) errors.email = 'emailInvalid';
  // A saved card (S18) is the card method of its own provider, if that provider still offers it.
  const saved = isSavedChoice(body.payment_method)
    ? await savedChoiceOf(ctx, options, request, intent, body.payment_method)
    : undefined;
  const choice = saved
    ? { providerId: saved.card.providerId, paymentMethod: 'card' }
    : isSavedChoice(body.payment_method)
      ? { providerId: '', paymentMethod: '' }
      : parseChoice(body.payment_method);
  let chosen: { provider: ProviderConfig; method: PaymentMethod; saved?: SavedCardOption } | undefined;
  if (!choice) {
    errors.payment_method = 'methodRequired';
  } else {
    const backOfficeUser = options.isBackOfficeUser ? await options.isBackOfficeUser(request) : false;
    try {
      chosen = await resolveChoice(ctx.services, choice, {
        currency: intent.currency,
        amountMinor: intent.amountMinor,
        country: intent.country ?? null,
        backOfficeUser,
      });
      // A provider that came to restrict countries since the page was shown: the page asks first.
      if (!intent.country && chosen.provider.countries.length > 0) {
        chosen = undefined;
        errors.payment_method = 'methodUnavailable';
      }
      if (chosen && saved) chosen = { ...chosen, saved };
    } catch (err) {
      if (!(err instanceof PayportError)) throw err;
      errors.payment_method = 'methodUnavailable';
    }
  }
  const bnpl = chosen ? bnplDetails(chosen.method, body.phone, intent) : { details: {} };
  if (bnpl.error) errors.phone = bnpl.error;
  if (chosen && !errors.email && !errors.phone) {
    Object.assign(errors, preflight(ctx, chosen.provider, chosen.method, intent, email, lang, bnpl.details));
  }
  if (chosen && !errors.email && !errors.payment_method && !errors.phone) {
    return { ok: true, email, ...chosen, details: bnpl.details };
  }
  const entered = {
    email: prefilled ?? body.email ?? '',
    ...(body.phone && { phone: body.phone }),
    ...(chosen && !errors.payment_method && body.payment_method && { choice: body.payment_method }),
  };
  return { ok: false, errors, entered };
}

function badFormNotice(
  reply: FastifyReply,
  err: unknown,
  lang: Language,
  action: Notice['action'],
): FastifyReply {
  if (err instanceof ExpiredTokenError) {
    return sendNotice(reply, 400, lang, {
      title: 'formExpiredTitle',
      body: 'formExpiredBody',
      tone: 'alert',
      action,
    });
  }
  if (err instanceof InvalidTokenError) {
    return sendNotice(reply, 400, lang, {
      title: 'formInvalidTitle',
      body: 'formInvalidBody',
      tone: 'alert',
      action,
    });
  }
  throw err;
}

/** The payment link behind a payment page, stored or signed; null for none. */
function linkOf(intent: CheckoutIntent): LinkIdentity | null {
  if (intent.paymentLinkId !== null) return { paymentLinkId: intent.paymentLinkId };
  if (intent.linkKey !== null) return { linkKey: intent.linkKey };
  return null;
}

async function submit(
  ctx: AppContext,
  options: PublicRouteOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const body = formFields(request.body);
  let intent: CheckoutIntent;
  let lang: Language;
  try {
    ({ intent, lang } = readFormToken(ctx.services, body.form_token));
  } catch (err) {
    const page = safePagePath(body.page);
    const action = page ? { href: page, label: 'startAgain' as const } : undefined;
    return badFormNotice(reply, err, pickLanguage(body.lang, request.headers['accept-language']), action);
  }

  // The country is the page's (signed in the form token); a different or made-up one was not typed on
  // any page of ours: refuse the form, create nothing.
  if (body.country !== undefined && toCountryCode(body.country) !== (intent.country ?? null)) {
    request.log.warn(
      { country: body.country.slice(0, 8) },
      'payment form with a country its page did not show',
    );
    const page = safePagePath(body.page) ?? safePagePath(intent.pagePath);
    return badFormNotice(
      reply,
      new InvalidTokenError(),
      lang,
      page ? { href: page, label: 'startAgain' } : undefined,
    );
  }

  const link = linkOf(intent);
  const paid = link && (await committedLinkPayment(ctx.services, link));
  // Paid (or being paid) in another tab since this page was shown: never a second payment.
  if (paid) return sendNotice(reply, 409, lang, linkPaymentNotice(ctx, paid));

  if (intent.paymentLinkId !== null) {
    const stored = await ctx.store.repos.paymentLinks.findById(intent.paymentLinkId);
    if (!stored) return sendNotice(reply, 404, lang, NOT_FOUND_NOTICE);
    const status = paymentLinkStatus(stored, ctx.services.clock.now());
    if (status !== 'open') {
      const closed = closedLinkNotice(status);
      // Paid while the page was open: a conflict with this submission rather than a plain answer.
      return sendNotice(reply, closed.code === 200 ? 409 : closed.code, lang, closed.notice);
    }
  }

  const submission = await checkSubmission(ctx, options, request, body, intent, lang);
  if (!submission.ok) {
    // A rejected email is asked for again: the next form token carries none.
    const retry = { ...intent, email: submission.errors.email ? null : intent.email };
    return renderCheckout(ctx, request, reply, options, retry, {
      lang,
      status: 400,
      errors: submission.errors,
      entered: submission.entered,
    });
  }

  // A form token is single-use (S14): a replayed form creates no second draft. A repeat of a form whose
  // draft is still open (a double click) shows that draft's redirect form again.
  const tokenHash = sha256Hex(String(body.form_token));
  const retention = ctx.store.repos.retention;
  const spent = await retention.spendToken(
    tokenHash,
    new Date(ctx.services.clock.now().getTime() + FORM_TOKEN_TTL_SECONDS * 1000),
  );
  if (!spent) {
    const earlierId = await retention.tokenTransaction(tokenHash);
    const earlier = earlierId === null ? undefined : await ctx.store.repos.transactions.findById(earlierId);
    if (earlier && earlier.state === 'draft') return sendRedirectForm(ctx, reply, lang, earlier);
    const page = safePagePath(body.page) ?? safePagePath(intent.pagePath);
    return sendNotice(reply, 409, lang, {
      title: 'formUsedTitle',
      body: 'formUsedBody',
      tone: 'alert',
      ...(page && { action: { href: page, label: 'startAgain' as const } }),
    });
  }

  let attempt: LinkAttempt;
  try {
    const payment: NewPayment = {
      providerId: submission.provider.id,
      paymentMethod: submission.method.code,
      amountMinor: intent.amountMinor,
      currency: intent.currency,
      orderReference: intent.orderReference,
      customer: {
        email: submission.email,
        name: intent.name,
        lang,
        phone: submission.details.phone ?? null,
        // The mobile number's country where a method needs one (S20), else the page's (S21).
        country: submission.details.country ?? intent.country ?? null,
      },
      description: submission.details.description ?? intent.description,
      landingUrl: intent.landingUrl,
      paymentPage: storablePagePath(intent.pagePath),
      channel: 'system',
    };
    attempt = link
      ? await startLinkAttempt(ctx.services, link, payment)
      : {
          kind: 'started',
          transaction: await createPaymentTransaction(ctx.services, payment),
          continued: false,
        };
  } catch (err) {
    // The provider was disabled between the check above and now: the customer picks again.
    if (!(err instanceof ValidationError)) throw err;
    return renderCheckout(ctx, request, reply, options, intent, {
      lang,
      status: 400,
      errors: { payment_method: 'methodUnavailable' },
      entered: { email: submission.email },
    });
  }
  if (attempt.kind === 'refused')
    return sendNotice(reply, 409, lang, linkPaymentNotice(ctx, attempt.payment));
  const tx = attempt.transaction;
  await retention.recordTokenTransaction(tokenHash, tx.id);
  await recordCardSide(ctx.services, tx, intent, submission.saved, body.save_card === 'yes');
  request.log.info(
    { reference: tx.reference, method: tx.paymentMethod, continued: attempt.continued },
    attempt.continued ? 'payment continued with its recent draft' : 'payment started',
  );
  // A continued draft keeps its reference (APS takes it once), in the language of this page.
  return sendRedirectForm(ctx, reply, lang, attempt.continued ? { ...tx, customerLang: lang } : tx);
}

async function sendRedirectForm(
  ctx: AppContext,
  reply: FastifyReply,
  lang: Language,
  tx: TransactionRecord,
): Promise<FastifyReply> {
  // Installments with the embedded card entry (S20): the plan is chosen on payport's page first.
  if (await usesEmbeddedInstallments(ctx.services, tx)) {
    return sendPlanPage(ctx, reply, tx.customerLang === lang ? tx : { ...tx, customerLang: lang });
  }
  // The embedded card entry (S18) shows the provider's card form in a frame of our page instead.
  const started = await startPayment(ctx.services, tx);
  allowFormActionTo(reply, new URL(started.form.url).origin);
  if (started.kind === 'embedded') {
    allowFrameOf(reply, new URL(started.form.url).origin);
    return sendPage(
      reply,
      200,
      cardFormPage(lang, started.form, {
        amountMinor: tx.amount,
        currency: tx.currency,
        reference: tx.reference,
      }),
    );
  }
  return sendPage(reply, 200, redirectPage(lang, started.form));
}

/** Registers `POST /payment/transaction`. */
export function registerTransactionRoute(
  app: FastifyInstance,
  ctx: AppContext,
  options: PublicRouteOptions,
): void {
  app.post('/payment/transaction', (request, reply) => submit(ctx, options, request, reply));
}
