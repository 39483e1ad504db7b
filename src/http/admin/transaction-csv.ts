/**
 * CSV export of the filtered transaction list, streamed page by page. Cells that a spreadsheet would
 * run as a formula (starting with =, +, -, @, tab, CR or ; — or the full-width ＝ ＋ － ＠ ；, which some
 * spreadsheets read the same way) are prefixed with an apostrophe, because customer names and
 * references are untrusted.
 */
import { ledgerFromFigures } from '../../domain/ledger.js';
import { formatMinorUnits } from '../../domain/money.js';
import type { Store } from '../../store/database.js';
import type { TransactionFilter, TransactionRecord } from '../../store/repositories/index.js';

const PAGE = 500;
const LEDGER_FIGURES = ['authorized', 'captured', 'refunded', 'voided', 'capturable', 'refundable'] as const;
/** The most rows one export holds; a larger export should use narrower filters or the API. */
export const MAX_EXPORT_ROWS = 100_000;

const COLUMNS: [string, (tx: TransactionRecord, providers: Map<string, string>) => string][] = [
  ['created_at', (tx) => tx.createdAt],
  ['reference', (tx) => tx.reference],
  ['order_reference', (tx) => tx.orderReference ?? ''],
  ['operation', (tx) => tx.operation],
  ['state', (tx) => tx.state],
  ['state_message', (tx) => tx.stateMessage ?? ''],
  ['amount', (tx) => decimal(tx.amount, tx.currency)],
  ['amount_minor', (tx) => String(tx.amount)],
  ['currency', (tx) => tx.currency],
  ['provider', (tx, providers) => providers.get(tx.providerId) ?? tx.providerId],
  ['payment_method', (tx) => tx.paymentMethod],
  ['card_brand', (tx) => tx.cardBrand ?? ''],
  ['card_last4', (tx) => tx.cardLast4 ?? ''],
  ['provider_reference', (tx) => tx.providerReference ?? ''],
  ['customer_name', (tx) => tx.customerName ?? ''],
  ['customer_email', (tx) => tx.customerEmail ?? ''],
  ['customer_country', (tx) => tx.customerCountry ?? ''],
  ['is_live', (tx) => (tx.isLive ? 'true' : 'false')],
  ['last_state_change', (tx) => tx.lastStateChange],
  ['financial_status', (tx) => tx.ledger.financialStatus ?? ''],
  ['capture_method', (tx) => tx.captureMethod ?? ''],
  ...LEDGER_FIGURES.map((figure): [string, (tx: TransactionRecord) => string] => [
    figure,
    (tx) => (isPayment(tx) ? decimal(ledgerFromFigures(tx.state, tx.ledger)[figure], tx.currency) : ''),
  ]),
  ['discrepancy', (tx) => tx.discrepancy?.text ?? ''],
  ['source_transaction', (tx) => (isPayment(tx) ? '' : (tx.sourceTransactionId ?? ''))],
  ['origin', (tx) => (isPayment(tx) ? '' : tx.origin)],
  ['requested_by', (tx) => tx.requestedBy ?? ''],
  ['description', (tx) => tx.description ?? ''],
  ['number_of_installments', (tx) => (tx.installments ? String(tx.installments.numberOfInstallments) : '')],
  ['plan_code', (tx) => tx.installments?.planCode ?? ''],
  ['issuer_code', (tx) => tx.installments?.issuerCode ?? ''],
];

function isPayment(tx: TransactionRecord): boolean {
  return tx.operation === 'online_redirect';
}

function decimal(minor: number, currency: string): string {
  try {
    return formatMinorUnits(minor, currency);
  } catch {
    return '';
  }
}

/** One CSV cell: formula-neutralised, quoted when needed (RFC 4180). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r;\uFF1D\uFF0B\uFF0D\uFF20\uFF1B]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function line(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The CSV text, header first, as chunks of at most one page of rows. */
export async function* transactionsCsv(
  store: Store,
  filter: TransactionFilter,
  providers: Map<string, string>,
): AsyncGenerator<string> {
  yield `\ufeff${line(COLUMNS.map(([name]) => name))}`;
  let cursor: string | null = null;
  let written = 0;
  do {
    const page = await store.repos.transactions.list(filter, { limit: PAGE, cursor });
    const rows = page.items.slice(0, MAX_EXPORT_ROWS - written);
    if (rows.length > 0)
      yield rows.map((tx) => line(COLUMNS.map(([, read]) => read(tx, providers)))).join('');
    written += rows.length;
    cursor = page.nextCursor;
  } while (cursor !== null && written < MAX_EXPORT_ROWS);
}
