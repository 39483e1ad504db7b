/** Filtered, keyset-paginated transaction lists and per-currency totals (S11, S12). */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { FinancialStatus } from '../../domain/ledger.js';
import type { Database, TransactionOperation, TransactionState } from '../schema.js';
import {
  after,
  containsPattern,
  decodeCursor,
  pageSize,
  toFlag,
  toIso,
  toPage,
  type Page,
  type PageRequest,
} from './codec.js';
import type { RepositoryContext } from './context.js';
import { toTransactionRecord, type TransactionRecord } from './transaction-records.js';

/** Which transactions a list or a total covers; every field is optional and they combine with AND. */
export interface TransactionFilter {
  state?: TransactionState | TransactionState[];
  /** Payments whose money stands so (S9). */
  financialStatus?: FinancialStatus | FinancialStatus[];
  providerId?: string;
  paymentMethod?: string;
  operation?: TransactionOperation | TransactionOperation[];
  isLive?: boolean;
  /** Created at or after this time. */
  createdFrom?: Date | string;
  /** Created strictly before this time. */
  createdBefore?: Date | string;
  /** Case-insensitive "contains" over reference, order reference, provider reference and customer email. */
  search?: string;
}

/** The sum and count of the transactions of one currency. */
export interface CurrencyTotal {
  currency: string;
  count: number;
  /** Integer minor units. */
  amount: number;
}

type TransactionsEb = ExpressionBuilder<Database, 'transactions'>;

function asList<T>(value: T | T[] | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/** The WHERE conditions for `filter`. */
function conditions(eb: TransactionsEb, filter: TransactionFilter): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  const states = asList(filter.state);
  if (states !== undefined) where.push(states.length === 0 ? sql<SqlBool>`1 = 0` : eb('state', 'in', states));
  const statuses = asList(filter.financialStatus);
  if (statuses !== undefined) {
    where.push(statuses.length === 0 ? sql<SqlBool>`1 = 0` : eb('financial_status', 'in', statuses));
  }
  const operations = asList(filter.operation);
  if (operations !== undefined) {
    where.push(operations.length === 0 ? sql<SqlBool>`1 = 0` : eb('operation', 'in', operations));
  }
  if (filter.providerId !== undefined) where.push(eb('provider_id', '=', filter.providerId));
  if (filter.paymentMethod !== undefined) where.push(eb('payment_method', '=', filter.paymentMethod));
  if (filter.isLive !== undefined) where.push(eb('is_live', '=', toFlag(filter.isLive)));
  if (filter.createdFrom !== undefined)
    where.push(eb('created_at', '>=', toIso(filter.createdFrom, 'createdFrom')));
  if (filter.createdBefore !== undefined) {
    where.push(eb('created_at', '<', toIso(filter.createdBefore, 'createdBefore')));
  }
  const term = filter.search?.trim();
  if (term !== undefined && term !== '' && term.includes('\u0000')) {
    // No stored reference or email holds a NUL; SQLite's LIKE would stop at it and match every row.
    where.push(sql<SqlBool>`1 = 0`);
  } else if (term !== undefined && term !== '') {
    const pattern = containsPattern(term);
    const columns = ['reference', 'order_reference', 'provider_reference', 'customer_email'] as const;
    where.push(
      eb.or(columns.map((column) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`)),
    );
  }
  return where;
}

/** Newest first, `limit` at a time, continuing after `cursor`. */
export async function listTransactions(
  ctx: RepositoryContext,
  filter: TransactionFilter,
  page: PageRequest,
): Promise<Page<TransactionRecord>> {
  const limit = pageSize(page.limit);
  const position = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await ctx.db
    .selectFrom('transactions')
    .selectAll()
    .where((eb) => {
      const where = conditions(eb, filter);
      if (position !== undefined) where.push(after('created_at', position));
      return eb.and(where);
    })
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return toPage(rows.map(toTransactionRecord), limit, (tx) => ({ at: tx.createdAt, id: tx.id }));
}

/** Count and sum of amounts per currency of the transactions matching `filter`, by currency code. */
export async function totalTransactions(
  ctx: RepositoryContext,
  filter: TransactionFilter,
): Promise<CurrencyTotal[]> {
  const rows = await ctx.db
    .selectFrom('transactions')
    .select((eb) => [
      'currency',
      eb.cast<number>(eb.fn.countAll(), 'bigint').as('count'),
      // PostgreSQL sums BIGINT into NUMERIC; casting back keeps the pool's INT8 parser in charge.
      eb.cast<number>(eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`), 'bigint').as('amount'),
    ])
    .where((eb) => eb.and(conditions(eb, filter)))
    .groupBy('currency')
    .orderBy('currency')
    .execute();
  return rows.map((row) => ({
    currency: row.currency,
    count: Number(row.count),
    amount: Number(row.amount),
  }));
}

/** Money that moved, per currency and mode (S9 totals). */
export interface MoneyTotal {
  currency: string;
  isLive: boolean;
  /** Payments with money captured. */
  payments: number;
  /** Captured, in minor units. */
  captured: number;
  /** Refunded, in minor units (a positive figure: shown negative). */
  refunded: number;
  /** captured − refunded. */
  net: number;
}

/**
 * Money that moved among the payments matching `filter`, by currency, Test and Live apart: what was
 * captured and refunded (read from the payments' stored ledger figures, so children are never visited),
 * and the net. Drafts, failures, cancellations and bare authorizations move nothing and add nothing.
 */
export async function moneyTotals(ctx: RepositoryContext, filter: TransactionFilter): Promise<MoneyTotal[]> {
  const rows = await ctx.db
    .selectFrom('transactions')
    .select((eb) => [
      'currency',
      'is_live',
      eb.cast<number>(eb.fn.countAll(), 'bigint').as('payments'),
      eb
        .cast<number>(eb.fn.coalesce(eb.fn.sum<number>('captured_minor'), sql<number>`0`), 'bigint')
        .as('captured'),
      eb
        .cast<number>(eb.fn.coalesce(eb.fn.sum<number>('refunded_minor'), sql<number>`0`), 'bigint')
        .as('refunded'),
    ])
    .where((eb) =>
      eb.and([
        ...conditions(eb, filter),
        eb('operation', '=', 'online_redirect'),
        eb('captured_minor', '>', 0),
      ]),
    )
    .groupBy(['currency', 'is_live'])
    .orderBy('is_live', 'desc')
    .orderBy('currency')
    .execute();
  return rows.map((row) => {
    const captured = Number(row.captured);
    const refunded = Number(row.refunded);
    return {
      currency: row.currency,
      isLive: Number(row.is_live) === 1,
      payments: Number(row.payments),
      captured,
      refunded,
      net: captured - refunded,
    };
  });
}
