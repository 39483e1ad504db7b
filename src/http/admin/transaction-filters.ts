/**
 * The transaction list's filters as they travel in the URL (state, provider, method, date range, text
 * search, operation, cursor) and their translation to a repository filter. A bad value is reported on
 * its field and ignored, so the list still shows.
 */
import { isFinancialStatus } from '../../domain/ledger.js';
import { PAYMENT_METHOD_CODES } from '../../domain/payment-methods.js';
import type { FieldError } from '../../errors.js';
import type { TransactionFilter } from '../../store/repositories/index.js';
import {
  TRANSACTION_OPERATIONS,
  TRANSACTION_STATES,
  type TransactionOperation,
  type TransactionState,
} from '../../store/schema.js';

/** The filter fields of the list URL, as text. */
export interface TransactionListQuery {
  state: string;
  /** A payment's financial status (S9), or ''. */
  money: string;
  provider: string;
  method: string;
  /** YYYY-MM-DD, inclusive (UTC). */
  from: string;
  /** YYYY-MM-DD, inclusive (UTC). */
  to: string;
  q: string;
  /** '' = customer payments, 'all', or one child operation. */
  op: string;
  cursor: string;
}

const FIELDS = ['state', 'money', 'provider', 'method', 'from', 'to', 'q', 'op', 'cursor'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SEARCH = 100;

/** Reads the list query (unknown keys ignored, repeated keys take the first value). */
export function readTransactionQuery(query: unknown): TransactionListQuery {
  const source = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  const out = {} as TransactionListQuery;
  for (const field of FIELDS) {
    const value = source[field];
    const first = Array.isArray(value) ? value[0] : value;
    out[field] = typeof first === 'string' ? first.trim() : '';
  }
  return out;
}

function dayStart(value: string): Date | undefined {
  if (!DATE.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

/** The repository filter for `q`, and the fields whose values were not understood. */
export function toTransactionFilter(q: TransactionListQuery): {
  filter: TransactionFilter;
  errors: FieldError[];
} {
  const filter: TransactionFilter = {};
  const errors: FieldError[] = [];
  if (q.state !== '') {
    if ((TRANSACTION_STATES as readonly string[]).includes(q.state))
      filter.state = q.state as TransactionState;
    else errors.push({ field: 'state', message: 'unknown state' });
  }
  if (q.money !== '') {
    if (isFinancialStatus(q.money)) filter.financialStatus = q.money;
    else errors.push({ field: 'money', message: 'unknown financial status' });
  }
  if (q.provider !== '') filter.providerId = q.provider;
  if (q.method !== '') {
    if ((PAYMENT_METHOD_CODES as readonly string[]).includes(q.method)) filter.paymentMethod = q.method;
    else errors.push({ field: 'method', message: 'unknown payment method' });
  }
  if (q.op === '') filter.operation = 'online_redirect';
  else if (q.op !== 'all') {
    if ((TRANSACTION_OPERATIONS as readonly string[]).includes(q.op))
      filter.operation = q.op as TransactionOperation;
    else errors.push({ field: 'op', message: 'unknown operation' });
  }
  const from = q.from === '' ? undefined : dayStart(q.from);
  if (q.from !== '' && !from) errors.push({ field: 'from', message: 'use a date such as 2026-03-01' });
  const to = q.to === '' ? undefined : dayStart(q.to);
  if (q.to !== '' && !to) errors.push({ field: 'to', message: 'use a date such as 2026-03-31' });
  if (from) filter.createdFrom = from;
  if (to) filter.createdBefore = new Date(to.getTime() + 24 * 60 * 60_000);
  if (from && to && from.getTime() > to.getTime())
    errors.push({ field: 'to', message: 'must not be before the start date' });
  if (q.q !== '') {
    if (q.q.length > MAX_SEARCH) errors.push({ field: 'q', message: `at most ${MAX_SEARCH} characters` });
    else filter.search = q.q;
  }
  return { filter, errors };
}

/** The list URL's query string for `q` with `changes` applied (empty values left out). */
export function transactionQueryString(
  q: TransactionListQuery,
  changes: Partial<TransactionListQuery> = {},
): string {
  const merged = { ...q, ...changes };
  const params = new URLSearchParams();
  for (const field of FIELDS) if (merged[field] !== '') params.set(field, merged[field]);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
