/** The `transactions` repository (S5, S7–S9, S11, S12). */
import type { Selectable } from 'kysely';
import type { InstallmentPlan } from '../../domain/installment-plan.js';
import { computeLedger } from '../../domain/ledger.js';
import type { TransactionState, TransactionsTable } from '../schema.js';
import { insertRows, selectRowsIn, updateRowsById, type UpdatedColumn } from './bulk-statements.js';
import { newId } from '../../crypto/random.js';
import { toIso, toIsoOrNull } from './codec.js';
import type { Page, PageRequest } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';
import {
  claimDueTransactionChecks,
  recordTransactionCheck,
  releaseTransactionCheckLeases,
  scheduleTransactionCheck,
  type CheckResult,
  type ScheduleCheckOptions,
} from './transaction-checks.js';
import {
  checkCardLast4,
  installmentColumns,
  ledgerColumns,
  sameLedger,
  storedLedger,
  toTransactionRecord,
  toTransactionRow,
  TRANSACTION_COLUMNS,
  type NewTransaction,
  type StoredLedger,
  type TransactionRecord,
} from './transaction-records.js';
import {
  listTransactions,
  moneyTotals,
  totalTransactions,
  type CurrencyTotal,
  type MoneyTotal,
  type TransactionFilter,
} from './transaction-search.js';

export { sameLedger, storedLedger } from './transaction-records.js';
export type {
  NewTransaction,
  StoredLedger,
  TransactionMetadata,
  TransactionOrigin,
  TransactionRecord,
} from './transaction-records.js';
export type { CurrencyTotal, MoneyTotal, TransactionFilter } from './transaction-search.js';
export type { Page, PageRequest } from './codec.js';
export type { CheckResult, ScheduleCheckOptions } from './transaction-checks.js';

/** The state-change columns of a record (those `updateState` writes), as its table row holds them. */
function stateChangeRow(r: TransactionRecord) {
  return {
    id: r.id,
    state: r.state,
    state_message: r.stateMessage,
    last_state_change: r.lastStateChange,
    next_check_at: r.nextCheckAt,
    check_attempts: r.checkAttempts,
    provider_reference: r.providerReference,
    payment_method: r.paymentMethod,
    card_brand: r.cardBrand,
    card_last4: r.cardLast4,
    financial_status: r.ledger.financialStatus,
    authorized_minor: r.ledger.authorized,
    captured_minor: r.ledger.captured,
    refunded_minor: r.ledger.refunded,
    voided_minor: r.ledger.voided,
  } satisfies Partial<Selectable<TransactionsTable>>;
}

/** How {@link TransactionRepository.writeStateChanges} stores each column of {@link stateChangeRow}. */
const STATE_CHANGE_COLUMNS: readonly UpdatedColumn<ReturnType<typeof stateChangeRow>>[] = [
  { name: 'state' },
  { name: 'state_message' },
  { name: 'last_state_change', alsoSets: ['updated_at'] },
  { name: 'next_check_at' },
  { name: 'check_attempts', cast: 'integer' },
  { name: 'provider_reference' },
  { name: 'payment_method' },
  { name: 'card_brand' },
  { name: 'card_last4' },
  { name: 'financial_status' },
  { name: 'authorized_minor', cast: 'bigint' },
  { name: 'captured_minor', cast: 'bigint' },
  { name: 'refunded_minor', cast: 'bigint' },
  { name: 'voided_minor', cast: 'bigint' },
];

/** A state change to write (the state machine itself lives in the domain). */
export interface StateChange {
  state: TransactionState;
  /** Replaces `state_message` (null clears it). */
  message: string | null;
  /** Time of the change; the repository clock's now when absent. */
  at?: Date | string;
  /** Write only if the stored state is still this one (guards against a lost update). */
  expectedState?: TransactionState;
  /**
   * When present, also (re)starts reconciliation in the same statement: the next status check at this
   * time (`null`: none) and the attempt count back to zero.
   */
  nextCheckAt?: Date | string | null;
  /** Facts learnt from the provider, written in the same statement. */
  details?: TransactionDetailsPatch;
  /**
   * The transaction's ledger after the change (S9), written in the same statement; a child's is empty.
   * When present, the caller settles the payment's ledger itself.
   */
  ledger?: StoredLedger;
}

/** Facts learnt from the provider; only the fields present are written. */
export interface TransactionDetailsPatch {
  providerReference?: string | null;
  paymentMethod?: string;
  cardBrand?: string | null;
  cardLast4?: string | null;
  /** The installment plan the provider reports (written outside the batch UPDATE: see ingest-batch). */
  installments?: InstallmentPlan;
}

/** Reads and writes transactions. */
export class TransactionRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates a transaction; a reused reference raises `Conflict`. */
  async insert(input: NewTransaction): Promise<TransactionRecord> {
    const row = toTransactionRow(input.id ?? newId(this.ctx.clock), input, nowIso(this.ctx));
    // The row names every column, so it is what was stored: no RETURNING (it doubled SQLite's cost of
    // the insert), and the statement is written once instead of built by Kysely each time.
    await insertRows(this.ctx, 'transactions', TRANSACTION_COLUMNS, [row]);
    return toTransactionRecord(row);
  }

  /**
   * Creates many transactions in as few statements as the database allows (imports, benchmarks); a reused
   * reference raises `Conflict` and nothing of that chunk is written. Returns how many were written.
   */
  async insertMany(inputs: readonly NewTransaction[]): Promise<number> {
    const now = nowIso(this.ctx);
    // 40 columns a row: stay under SQLite's 32766 bound parameters per statement.
    const chunk = 500;
    for (let start = 0; start < inputs.length; start += chunk) {
      const rows = inputs
        .slice(start, start + chunk)
        .map((input) => toTransactionRow(input.id ?? newId(this.ctx.clock), input, now));
      await this.ctx.db.insertInto('transactions').values(rows).execute();
    }
    return inputs.length;
  }

  /** The transaction with this id, if any. */
  async findById(id: string): Promise<TransactionRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /** The transaction with this reference (our `merchant_reference`), if any. */
  async findByReference(reference: string): Promise<TransactionRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /**
   * Reads the transaction with this reference and holds it until the surrounding transaction ends:
   * `SELECT … FOR UPDATE` on PostgreSQL; on SQLite the transaction already holds the write lock.
   */
  async lockByReference(reference: string): Promise<TransactionRecord | undefined> {
    this.requireTransaction('lockByReference');
    const row = await this.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('reference', '=', reference)
      .$if(this.ctx.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /**
   * {@link lockByReference} for several references in one statement, taking the locks in reference
   * order (so concurrent callers never wait on each other in a circle); unknown references are absent.
   */
  async lockManyByReference(references: readonly string[]): Promise<TransactionRecord[]> {
    this.requireTransaction('lockManyByReference');
    const rows = await selectRowsIn<Selectable<TransactionsTable>>(
      this.ctx,
      'transactions',
      'reference',
      references,
      true,
    );
    return rows.map(toTransactionRecord);
  }

  /** Like {@link lockByReference}, by id (for a parent found from its child). */
  async lockById(id: string): Promise<TransactionRecord | undefined> {
    this.requireTransaction('lockById');
    const row = await this.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('id', '=', id)
      .$if(this.ctx.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /**
   * Writes a state change (state, message, last_state_change). Returns the updated transaction, or
   * `undefined` when it does not exist or its state is no longer `expectedState`. A change that does not
   * bring the payment's ledger along (only the ingestion path computes it beforehand) has the ledger of
   * the payment concerned recomputed from its children, so the stored figures never go stale.
   */
  async updateState(id: string, change: StateChange): Promise<TransactionRecord | undefined> {
    const updated = await this.writeState(id, change);
    if (!updated || change.ledger) return updated;
    if (updated.operation === 'online_redirect') return (await this.refreshLedger(updated)) ?? updated;
    if (updated.sourceTransactionId) {
      const parent = await this.findById(updated.sourceTransactionId);
      if (parent) await this.refreshLedger(parent);
    }
    return updated;
  }

  /** Recomputes and stores a payment's ledger from its children when it differs from the stored one. */
  private async refreshLedger(payment: TransactionRecord): Promise<TransactionRecord | undefined> {
    const ledger = storedLedger(computeLedger(payment, await this.listChildren(payment.id)));
    if (sameLedger(ledger, payment.ledger)) return payment;
    return this.updateLedger(payment.id, ledger);
  }

  private async writeState(id: string, change: StateChange): Promise<TransactionRecord | undefined> {
    const at = change.at === undefined ? nowIso(this.ctx) : toIso(change.at, 'at');
    const row = await this.ctx.db
      .updateTable('transactions')
      .set({
        state: change.state,
        state_message: change.message,
        last_state_change: at,
        updated_at: at,
        ...(change.nextCheckAt !== undefined
          ? { next_check_at: toIsoOrNull(change.nextCheckAt, 'nextCheckAt'), check_attempts: 0 }
          : {}),
        ...detailColumns(change.details ?? {}),
        ...(change.ledger ? ledgerColumns(change.ledger) : {}),
      })
      .where('id', '=', id)
      .$if(change.expectedState !== undefined, (qb) => qb.where('state', '=', change.expectedState!))
      .returningAll()
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /**
   * `tx` with `change` applied exactly as {@link updateState} would store it, without writing anything
   * (`undefined` when `expectedState` does not match): for a caller that holds the row's lock and writes
   * several changes at once with {@link writeStateChanges}.
   */
  applyStateChange(tx: TransactionRecord, change: StateChange): TransactionRecord | undefined {
    if (change.expectedState !== undefined && tx.state !== change.expectedState) return undefined;
    const at = change.at === undefined ? nowIso(this.ctx) : toIso(change.at, 'at');
    const details = change.details ?? {};
    return {
      ...tx,
      state: change.state,
      stateMessage: change.message,
      lastStateChange: at,
      updatedAt: at,
      ...(change.nextCheckAt !== undefined
        ? { nextCheckAt: toIsoOrNull(change.nextCheckAt, 'nextCheckAt'), checkAttempts: 0 }
        : {}),
      ...(details.providerReference !== undefined ? { providerReference: details.providerReference } : {}),
      ...(details.paymentMethod !== undefined ? { paymentMethod: details.paymentMethod } : {}),
      ...(details.cardBrand !== undefined ? { cardBrand: details.cardBrand } : {}),
      ...(details.cardLast4 !== undefined ? { cardLast4: checkCardLast4(details.cardLast4) } : {}),
      ...(details.installments !== undefined ? { installments: { ...details.installments } } : {}),
      ledger: change.ledger ? { ...change.ledger } : ledgerWithoutChildren(tx, change.state),
    };
  }

  /**
   * Stores the state-change columns (those {@link updateState} writes) of several transactions, made by
   * {@link applyStateChange} on rows the caller holds locked, in one statement.
   */
  async writeStateChanges(records: readonly TransactionRecord[]): Promise<void> {
    this.requireTransaction('writeStateChanges');
    await updateRowsById(this.ctx, 'transactions', STATE_CHANGE_COLUMNS, records.map(stateChangeRow));
  }

  /** Records what the provider told us about the payment (its reference, actual method, card brand/last 4). */
  async updateDetails(id: string, patch: TransactionDetailsPatch): Promise<TransactionRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('transactions')
      .set({ ...detailColumns(patch), updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /** Stores a payment's ledger (S9) when a child's change moved it; returns the payment as it now is. */
  async updateLedger(id: string, ledger: StoredLedger): Promise<TransactionRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('transactions')
      .set({ ...ledgerColumns(ledger), updated_at: nowIso(this.ctx) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /** Records (or, with `null`, clears) the difference found between a payment's ledger and the provider's books. */
  async setDiscrepancy(
    id: string,
    discrepancy: { text: string; time: string } | null,
  ): Promise<TransactionRecord | undefined> {
    const row = await this.ctx.db
      .updateTable('transactions')
      .set({ discrepancy: discrepancy?.text ?? null, discrepancy_at: discrepancy?.time ?? null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toTransactionRecord(row);
  }

  /** The captures, voids and refunds of a transaction, oldest first. */
  async listChildren(parentId: string): Promise<TransactionRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('source_transaction_id', '=', parentId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toTransactionRecord);
  }

  /** Transactions matching `filter`, newest first, one page at a time. */
  list(filter: TransactionFilter = {}, page: PageRequest = {}): Promise<Page<TransactionRecord>> {
    return listTransactions(this.ctx, filter, page);
  }

  /** Count and amount per currency of the transactions matching `filter`. */
  totals(filter: TransactionFilter = {}): Promise<CurrencyTotal[]> {
    return totalTransactions(this.ctx, filter);
  }

  /** Money that moved (captured, refunded, net) per currency, Test and Live apart (S9). */
  moneyTotals(filter: TransactionFilter = {}): Promise<MoneyTotal[]> {
    return moneyTotals(this.ctx, filter);
  }

  /** Leases up to `limit` transactions due for a status check at `now`, for `leaseMs` (S8, S15). */
  claimDueForCheck(now: Date | string, limit: number, leaseMs: number): Promise<TransactionRecord[]> {
    return claimDueTransactionChecks(this.ctx, now, limit, leaseMs);
  }

  /** Schedules the next status check (`null` cancels it). */
  scheduleCheck(id: string, at: Date | string | null, options?: ScheduleCheckOptions): Promise<void> {
    return scheduleTransactionCheck(this.ctx, id, at, options);
  }

  /** Records a finished status check and releases its lease. */
  recordCheck(id: string, result: CheckResult): Promise<void> {
    return recordTransactionCheck(this.ctx, id, result);
  }

  /** Releases the check leases of `ids` (on shutdown). */
  releaseCheckLeases(ids: readonly string[]): Promise<void> {
    return releaseTransactionCheckLeases(this.ctx, ids);
  }

  private requireTransaction(method: string): void {
    if (!this.ctx.db.isTransaction) {
      throw new Error(
        `transactions.${method} must run inside store.transaction(): a row lock taken outside a transaction is released at once`,
      );
    }
  }
}

/**
 * The ledger of `tx` in `state` when the caller brought none: a payment still waiting (draft, pending)
 * has no children, so its ledger follows from the state alone, as {@link TransactionRepository.updateState}
 * would recompute it; any other keeps what is stored (the batch path always brings the ledger).
 */
function ledgerWithoutChildren(tx: TransactionRecord, state: TransactionRecord['state']): StoredLedger {
  if (tx.operation !== 'online_redirect' || (tx.state !== 'draft' && tx.state !== 'pending')) {
    return { ...tx.ledger };
  }
  return storedLedger(computeLedger({ state, amount: tx.amount }, []));
}

/** The columns a details patch writes (only the fields present). */
function detailColumns(patch: TransactionDetailsPatch) {
  return {
    ...(patch.providerReference !== undefined ? { provider_reference: patch.providerReference } : {}),
    ...(patch.paymentMethod !== undefined ? { payment_method: patch.paymentMethod } : {}),
    ...(patch.cardBrand !== undefined ? { card_brand: patch.cardBrand } : {}),
    ...(patch.cardLast4 !== undefined ? { card_last4: checkCardLast4(patch.cardLast4) } : {}),
    ...(patch.installments !== undefined ? installmentColumns(patch.installments) : {}),
  };
}
