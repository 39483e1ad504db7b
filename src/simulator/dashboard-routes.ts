/**
 * `/dashboard` routes: read pages, and plain form posts that change settings and then redirect
 * (POST → 303 → GET). Form posts from another site are refused, since the dashboard has no sign-in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFound, ValidationError } from '../errors.js';
import { createRandomAccount, parseAccountPatch, regenerateAccessCode, upsertAccount } from './accounts.js';
import { backOfficeForm } from './back-office-views.js';
import { findOrderByReference } from './control-api.js';
import type { SimulatorContext } from './context.js';
import { releaseHeldForm } from './delivery-controls.js';
import { deliveriesTable, faultsForm, transactionDetail, transactionsTable } from './dashboard-log-views.js';
import {
  accountPage,
  dashboardCsp,
  dashboardLayout,
  overviewPage,
  type DashboardFrame,
} from './dashboard-views.js';
import { parseFaults } from './faults.js';
import { tokensTable } from './token-dashboard-views.js';
import { html, type SafeHtml } from './html.js';
import { newOpaqueId } from './ids.js';
import type { MerchantAccount, SimTransaction } from './model.js';

type FormBody = Record<string, string | string[] | undefined>;

const SECTIONS: Record<string, { title: string; fields: string[] }> = {
  security: {
    title: 'Security Settings',
    fields: ['shaRequestPhrase', 'shaResponsePhrase', 'shaType', 'originUrl'],
  },
  redirection: {
    title: 'Redirection settings',
    fields: [
      'redirectionStatus',
      'paymentOptions',
      'sendResponseParameters',
      'redirectionUrl',
      'directFeedbackUrl',
      'notificationUrl',
      'feedbackFormat',
    ],
  },
  template: { title: 'Payment Page Template', fields: ['pageTitle', 'logoUrl', 'primaryColour'] },
};

function frameOf(ctx: SimulatorContext, request: FastifyRequest): DashboardFrame {
  return {
    nonce: newOpaqueId(),
    baseUrl: (ctx.settings.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, ''),
  };
}

function page(reply: FastifyReply, frame: DashboardFrame, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', dashboardCsp(frame.nonce))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** True when a browser says the form was posted from another site. */
function isCrossSite(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'cross-site') return true;
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}

function accountOf(ctx: SimulatorContext, merchantIdentifier: string): MerchantAccount {
  const account = ctx.state.accounts.get(merchantIdentifier);
  if (!account) throw new NotFound(`no merchant account ${merchantIdentifier}`);
  return account;
}

/** One order's page: the order, the back-office operations form and its feedback; `banner` on top. */
export function transactionPage(
  ctx: SimulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  order: SimTransaction,
  banner: SafeHtml | '' = '',
  status = 200,
): FastifyReply {
  const deliveries = ctx.state.deliveries.filter(
    (d) =>
      d.merchantIdentifier === order.merchantIdentifier && d.merchantReference === order.merchantReference,
  );
  const frame = frameOf(ctx, request);
  const body = html`${banner}${transactionDetail(order, deliveries)}${backOfficeForm(order)}`;
  return page(reply, frame, dashboardLayout(frame, `Transaction ${order.merchantReference}`, body), status);
}

/** Registers the dashboard. */
export function registerDashboard(app: FastifyInstance, ctx: SimulatorContext): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method === 'POST' && request.url.startsWith('/dashboard') && isCrossSite(request)) {
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send('cross-site form posts to the dashboard are refused');
    }
  });

  app.get('/', async (_request, reply) => reply.redirect('/dashboard', 303));
  app.get('/dashboard', async (request, reply) => {
    const frame = frameOf(ctx, request);
    return page(reply, frame, overviewPage(frame, ctx.state));
  });

  app.post('/dashboard/accounts', async (_request, reply) => {
    const account = createRandomAccount(ctx.state);
    return reply.redirect(`/dashboard/accounts/${encodeURIComponent(account.merchantIdentifier)}`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
    '/dashboard/accounts/:id',
    async (request, reply) => {
      const account = accountOf(ctx, request.params.id);
      const frame = frameOf(ctx, request);
      const saved =
        SECTIONS[request.query.saved ?? '']?.title ??
        (request.query.saved === 'access-code' ? 'New access code' : undefined);
      return page(reply, frame, accountPage(frame, ctx.state, account, saved ? { saved } : {}));
    },
  );

  app.post<{ Params: { id: string } }>('/dashboard/accounts/:id/access-code', async (request, reply) => {
    const account = regenerateAccessCode(ctx.state, accountOf(ctx, request.params.id).merchantIdentifier);
    return reply.redirect(
      `/dashboard/accounts/${encodeURIComponent(account.merchantIdentifier)}?saved=access-code`,
      303,
    );
  });

  app.post<{ Params: { id: string; section: string }; Body: FormBody }>(
    '/dashboard/accounts/:id/:section',
    async (request, reply) => {
      const account = accountOf(ctx, request.params.id);
      const section = SECTIONS[request.params.section];
      if (!section) throw new NotFound(`no settings section ${request.params.section}`);
      const body = request.body ?? {};
      const input: Record<string, unknown> = {};
      for (const name of section.fields) {
        const value = body[name];
        if (name === 'paymentOptions') input[name] = value === undefined ? [] : [value].flat();
        else if (typeof value === 'string') input[name] = value;
      }
      try {
        upsertAccount(ctx.state, account.merchantIdentifier, parseAccountPatch(input));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const frame = frameOf(ctx, request);
        return page(reply, frame, accountPage(frame, ctx.state, account, { errors: err.fields }), 400);
      }
      return reply.redirect(
        `/dashboard/accounts/${encodeURIComponent(account.merchantIdentifier)}?saved=${request.params.section}`,
        303,
      );
    },
  );

  app.get('/dashboard/transactions', async (request, reply) => {
    const frame = frameOf(ctx, request);
    return page(
      reply,
      frame,
      dashboardLayout(
        frame,
        'Transactions',
        html`<section>${transactionsTable(ctx.state.allTransactions())}</section>`,
      ),
    );
  });

  app.get<{ Params: { id: string; reference: string } }>(
    '/dashboard/transactions/:id/:reference',
    async (request, reply) => {
      const order = findOrderByReference(ctx, request.params.reference, request.params.id);
      return transactionPage(ctx, request, reply, order);
    },
  );

  app.get('/dashboard/tokens', async (request, reply) => {
    const frame = frameOf(ctx, request);
    const body = html`<section>${tokensTable(ctx.state.allTokens())}</section>`;
    return page(reply, frame, dashboardLayout(frame, 'Tokens', body));
  });

  app.get('/dashboard/deliveries', async (request, reply) => {
    const frame = frameOf(ctx, request);
    return page(
      reply,
      frame,
      dashboardLayout(
        frame,
        'Feedback delivery log',
        html`<section>
          ${releaseHeldForm(ctx.state.deliveries)} ${deliveriesTable(ctx.state.deliveries)}
        </section>`,
      ),
    );
  });

  app.get<{ Querystring: { saved?: string } }>('/dashboard/faults', async (request, reply) => {
    const frame = frameOf(ctx, request);
    const notice =
      request.query.saved !== undefined ? html`<p class="notice" role="status">Faults saved.</p>` : '';
    return page(
      reply,
      frame,
      dashboardLayout(
        frame,
        'Fault injection',
        html`${notice}
          <section>${faultsForm(ctx.state.faults)}</section>`,
      ),
    );
  });

  app.post<{ Body: FormBody }>('/dashboard/faults', async (request, reply) => {
    const body = request.body ?? {};
    const input: Record<string, unknown> = Object.fromEntries(
      Object.entries(body).filter(([, v]) => v !== undefined),
    );
    input.corruptSignature = body.corruptSignature === undefined ? [] : [body.corruptSignature].flat();
    for (const flag of ['feedbackBeforeReturn', 'dropBrowserReturn', 'holdNotifications'])
      input[flag] = body[flag] !== undefined;
    try {
      ctx.state.faults = parseFaults(input);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const frame = frameOf(ctx, request);
      const errors = html`<div class="error" role="alert">
        <ul>
          ${err.fields.map((e) => html`<li><code>${e.field}</code> ${e.message}</li>`)}
        </ul>
      </div>`;
      return page(
        reply,
        frame,
        dashboardLayout(
          frame,
          'Fault injection',
          html`${errors}
            <section>${faultsForm(ctx.state.faults)}</section>`,
        ),
        400,
      );
    }
    ctx.state.changed();
    return reply.redirect('/dashboard/faults?saved=1', 303);
  });
}
