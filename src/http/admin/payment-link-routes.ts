/** Payment links (S11, S21): create, list with status, copy, send by email, deactivate. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLanguage } from '../../domain/locale.js';
import { NotFound, ValidationError } from '../../errors.js';
import { sendPaymentLinkEmail } from '../../services/email/link-email.js';
import { loadMerchantSettings } from '../../services/merchant-settings.js';
import {
  createLinkFromForm,
  offeredCurrencies,
  type LinkFormProblem,
  type LinkFormValues,
} from '../../services/payment-link-form.js';
import { paymentLinkStatus, paymentLinkUrl } from '../../services/payment-links.js';
import type { PaymentLinkRecord } from '../../store/repositories/index.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { COMMON, t } from './i18n.js';
import type { Flash } from './views/components.js';
import type { EmailFormState } from './views/payment-link-email.js';
import { emailProblemText, sentText } from './views/payment-link-text.js';
import { paymentLinksPage, type LinkRow } from './views/payment-links.js';

const FIELDS = [
  'amount',
  'currency',
  'order_reference',
  'description',
  'customer_email',
  'customer_country',
  'expires_at',
] as const;

function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

function formValues(body: unknown): LinkFormValues {
  const source = fieldsOf(body);
  const values: Record<string, string> = {};
  for (const field of FIELDS) {
    const value = source[field];
    values[field] = typeof value === 'string' ? value.trim() : '';
  }
  return values as unknown as LinkFormValues;
}

/** Registers /admin/payment-links… */
export function registerPaymentLinkRoutes(app: FastifyInstance, ctx: AppContext): void {
  const emailEnabled = () => ctx.services.mailer !== undefined;

  const toRows = async (links: PaymentLinkRecord[]): Promise<LinkRow[]> => {
    const emails = await ctx.store.repos.emailMessages.listSentForLinks(links.map((l) => l.id));
    return Promise.all(
      links.map(async (link) => {
        const paid = link.paidTransactionId
          ? await ctx.store.repos.transactions.findById(link.paidTransactionId)
          : undefined;
        return {
          link,
          url: paymentLinkUrl(ctx.services, link),
          status: paymentLinkStatus(link, ctx.clock.now()),
          paidReference: paid?.reference ?? null,
          emails: emails.filter((e) => e.paymentLinkId === link.id),
        };
      }),
    );
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      values?: Record<string, string>;
      problems?: LinkFormProblem[];
      created?: PaymentLinkRecord;
      flash?: Flash;
      emailState?: EmailFormState;
    },
    status = 200,
  ) => {
    const query = request.query as Record<string, unknown>;
    const cursor = typeof query.cursor === 'string' ? query.cursor : '';
    let page;
    try {
      page = await ctx.store.repos.paymentLinks.list({ limit: 50, cursor: cursor || null });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      page = await ctx.store.repos.paymentLinks.list({ limit: 50 });
    }
    const [rows, currencies, settings] = await Promise.all([
      toRows(page.items),
      offeredCurrencies(ctx.services),
      loadMerchantSettings(ctx.services),
    ]);
    const created = extra.created ? (await toRows([extra.created]))[0] : undefined;
    const document = paymentLinksPage(pageContextOf(request), {
      values: extra.values ?? {},
      problems: extra.problems ?? [],
      currencies,
      timeZone: settings.timeZone,
      emailEnabled: emailEnabled(),
      rows,
      nextCursor: page.nextCursor,
      cursor,
      ...(created ? { created } : {}),
      ...(extra.flash ? { flash: extra.flash } : {}),
      ...(extra.emailState ? { emailState: extra.emailState } : {}),
    });
    return reply.code(status).type('text/html; charset=utf-8').send(document);
  };

  app.get('/payment-links', async (request, reply) => {
    const { lang } = adminOf(request);
    const query = request.query as Record<string, unknown>;
    const createdId = typeof query.created === 'string' ? query.created : '';
    const created = createdId ? await ctx.store.repos.paymentLinks.findById(createdId) : undefined;
    const emailedId = typeof query.emailed === 'string' ? query.emailed : '';
    const emailed = emailedId ? await ctx.store.repos.emailMessages.findById(emailedId) : undefined;
    let flash: Flash | undefined;
    if (emailed?.status === 'sent') flash = { kind: 'ok', text: sentText(lang, emailed.recipient) };
    else if (query.saved) flash = { kind: 'ok', text: t(lang, COMMON.saved) };
    return render(request, reply, { ...(created ? { created } : {}), ...(flash ? { flash } : {}) });
  });

  app.post('/payment-links', async (request, reply) => {
    const { user } = adminOf(request);
    const values = formValues(request.body);
    const result = await createLinkFromForm(ctx.services, values, `user:${user.id}`);
    if (!result.ok) {
      return render(request, reply, { values: { ...values }, problems: result.problems }, 422);
    }
    request.log.info(
      { userId: user.id, paymentLinkId: result.link.id },
      'payment link created in the back office',
    );
    return reply.redirect(`/admin/payment-links?created=${encodeURIComponent(result.link.id)}`, 303);
  });

  app.post('/payment-links/:id/email', async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const { user, lang } = adminOf(request);
    const body = fieldsOf(request.body);
    const to = typeof body.to === 'string' ? body.to.trim() : '';
    const mailLang = isLanguage(body.lang) ? body.lang : lang;
    const formId =
      typeof body.form === 'string' && /^(created|row-[A-Za-z0-9_-]{1,64})$/.test(body.form)
        ? body.form
        : `row-${request.params.id}`;
    const result = await sendPaymentLinkEmail(ctx.services, {
      linkId: request.params.id,
      to,
      lang: mailLang,
      sentBy: `user:${user.id}`,
    });
    if (result.ok) {
      request.log.info(
        { userId: user.id, paymentLinkId: request.params.id, emailId: result.email.id },
        'payment link emailed from the back office',
      );
      const back = new URLSearchParams({ emailed: result.email.id });
      if (formId === 'created') back.set('created', request.params.id);
      return reply.redirect(`/admin/payment-links?${back.toString()}`, 303);
    }
    if (result.reason === 'not_found') throw new NotFound('This payment link does not exist.');
    const link = await ctx.store.repos.paymentLinks.findById(request.params.id);
    const status = result.reason === 'not_configured' ? 409 : result.reason === 'send_failed' ? 502 : 422;
    const message = emailProblemText(lang, result);
    // Without email, or for a link no longer open, there is no form to send again: a message only.
    const noForm = result.reason === 'not_configured' || result.reason === 'not_open';
    return render(
      request,
      reply,
      {
        ...(formId === 'created' && link ? { created: link } : {}),
        ...(noForm
          ? { flash: { kind: 'error' as const, text: message } }
          : { emailState: { formId, linkId: request.params.id, to, lang: mailLang, message } }),
      },
      status,
    );
  });

  app.post(
    '/payment-links/:id/deactivate',
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
      const changed = await ctx.store.repos.paymentLinks.setActive(request.params.id, false);
      if (!changed) throw new NotFound('This payment link does not exist.');
      request.log.info(
        { userId: adminOf(request).user.id, paymentLinkId: request.params.id },
        'payment link deactivated',
      );
      return reply.redirect('/admin/payment-links?saved=1', 303);
    },
  );
}
