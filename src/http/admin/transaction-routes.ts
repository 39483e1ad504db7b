/** Transactions (S11): filtered list with totals and pagination, CSV export, detail with timeline, actions. */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readAmountInput } from '../../domain/amount-input.js';
import { PayportError, ValidationError } from '../../errors.js';
import type { Page, TransactionFilter, TransactionRecord } from '../../store/repositories/index.js';
import { AmountBeyondLeft } from '../../services/operations/amounts.js';
import { statusFor } from '../plugins/errors.js';
import type { AppContext } from '../context.js';
import { adminOf, pageContextOf } from './guard.js';
import { loadTransactionDetail } from './timeline.js';
import {
  availableActions,
  operationsOf,
  TRANSACTION_ACTIONS,
  type TransactionAction,
} from './transaction-actions.js';
import { transactionsCsv } from './transaction-csv.js';
import { readTransactionQuery, toTransactionFilter } from './transaction-filters.js';
import type { Flash } from './views/components.js';
import { amountProblemText, beyondLeftText } from './views/amount-text.js';
import { transactionDetailPage, type TransactionDetailModel } from './views/transaction-detail.js';
import { transactionsListPage } from './views/transactions-list.js';

type RefRequest = FastifyRequest<{ Params: { reference: string } }>;

const DONE_TEXT = {
  en: 'Sent. The timeline below shows what APS answered.',
  ar: 'تم الإرسال. يعرض التسلسل الزمني أدناه ما أجاب به APS.',
};

async function providerNames(ctx: AppContext): Promise<Map<string, string>> {
  const providers = await ctx.store.repos.providers.list();
  return new Map(providers.map((p) => [p.id, p.name]));
}

async function listPage(
  ctx: AppContext,
  filter: TransactionFilter,
  cursor: string,
): Promise<Page<TransactionRecord>> {
  try {
    return await ctx.store.repos.transactions.list(filter, { limit: 50, cursor: cursor || null });
  } catch (err) {
    // A damaged or stale cursor restarts at the newest page instead of failing the whole list.
    if (err instanceof ValidationError && cursor !== '')
      return ctx.store.repos.transactions.list(filter, { limit: 50 });
    throw err;
  }
}

/** Registers /admin/transactions… */
export function registerTransactionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/transactions', async (request, reply) => {
    const query = readTransactionQuery(request.query);
    const { filter, errors } = toTransactionFilter(query);
    const [page, totals, names] = await Promise.all([
      listPage(ctx, filter, query.cursor),
      ctx.store.repos.transactions.moneyTotals(filter),
      providerNames(ctx),
    ]);
    const providers = [...names].map(([id, name]) => ({ id, name }));
    const document = transactionsListPage(pageContextOf(request), {
      query,
      errors,
      providers,
      items: page.items,
      nextCursor: page.nextCursor,
      totals,
    });
    return reply.type('text/html; charset=utf-8').send(document);
  });

  app.get('/transactions/export.csv', async (request, reply) => {
    const { filter } = toTransactionFilter(readTransactionQuery(request.query));
    const day = ctx.clock.now().toISOString().slice(0, 10);
    request.log.info({ userId: adminOf(request).user.id }, 'transactions exported as CSV');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="transactions-${day}.csv"`)
      .send(Readable.from(transactionsCsv(ctx.store, filter, await providerNames(ctx))));
  });

  const renderDetail = async (
    request: RefRequest,
    reply: FastifyReply,
    flash?: Flash,
    status = 200,
    amountError?: TransactionDetailModel['amountError'],
  ) => {
    const detail = await loadTransactionDetail(ctx.store, request.params.reference);
    const document = transactionDetailPage(pageContextOf(request), {
      detail,
      actions: availableActions(ctx.services, detail.transaction),
      operationsProvided: Object.keys(operationsOf(ctx.services)).length > 0,
      ...(flash ? { flash } : {}),
      ...(amountError ? { amountError } : {}),
    });
    return reply.code(status).type('text/html; charset=utf-8').send(document);
  };

  app.get('/transactions/:reference', async (request: RefRequest, reply) => {
    const query = request.query as Record<string, unknown>;
    const flash: Flash | undefined = query.done
      ? { kind: 'ok', text: DONE_TEXT[adminOf(request).lang] }
      : undefined;
    return renderDetail(request, reply, flash);
  });

  app.post(
    '/transactions/:reference/actions/:action',
    async (request: FastifyRequest<{ Params: { reference: string; action: string } }>, reply) => {
      const { user, lang } = adminOf(request);
      const action: TransactionAction | undefined = TRANSACTION_ACTIONS.find(
        (a) => a.name === request.params.action,
      );
      const run = action ? operationsOf(ctx.services)[action.operation] : undefined;
      const tx = await ctx.store.repos.transactions.findByReference(request.params.reference);
      if (!action || !run || !tx) return reply.callNotFound();
      const body = (request.body ?? {}) as Record<string, unknown>;
      const amountText = typeof body.amount === 'string' ? body.amount.trim().slice(0, 100) : '';
      // The amount as people type it ("1,250.50", Arabic digits); refused in the page's language, next
      // to its field and in the summary, with nothing sent to APS.
      const refuse = (message: string) =>
        renderDetail(request, reply, undefined, 422, { action: action.name, value: amountText, message });
      let amountMinor: number | undefined;
      if (action.amount !== 'none' && (amountText !== '' || action.amount === 'required')) {
        const read = readAmountInput(amountText, tx.currency);
        if (!read.ok) return refuse(amountProblemText(lang, read.problem, tx.currency));
        amountMinor = read.minor;
      }
      try {
        if (!action.available(tx))
          throw new ValidationError(`This transaction is ${tx.state}: ${action.name} is not possible now.`);
        const actor = { userId: user.id, name: user.email };
        const operations = operationsOf(ctx.services);
        if (action.operation === 'capture')
          await operations.capture?.(ctx.services, tx.reference, {
            actor,
            ...(amountMinor !== undefined ? { amountMinor } : {}),
          });
        else if (action.operation === 'refund')
          await operations.refund?.(ctx.services, tx.reference, {
            actor,
            amountMinor: amountMinor as number,
          });
        else if (action.operation === 'voidAuthorization')
          await operations.voidAuthorization?.(ctx.services, tx.reference, { actor });
        else await operations.checkStatus?.(ctx.services, tx.reference, { actor });
        request.log.info(
          { userId: user.id, reference: tx.reference, action: action.name },
          'back-office transaction action',
        );
      } catch (err) {
        if (err instanceof AmountBeyondLeft) return refuse(beyondLeftText(lang, err));
        // Typed errors (amount left, state, provider refusal or timeout) are shown on the page; bugs are not.
        if (!(err instanceof PayportError) || (statusFor(err) >= 500 && !('retryable' in err))) throw err;
        return renderDetail(request, reply, { kind: 'error', text: err.message }, statusFor(err));
      }
      return reply.redirect(
        `/admin/transactions/${encodeURIComponent(tx.reference)}?done=${action.name}`,
        303,
      );
    },
  );
}
