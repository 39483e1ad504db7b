/**
 * Migration 0005: the money ledger (S9). Payments keep their ledger figures and `financial_status` as
 * columns, so lists and totals read them without visiting children; children say whether payport or
 * the provider's own back office made them (`origin`) and who asked (`requested_by`); a payment records
 * the last difference found between its ledger and the provider's books (`discrepancy`).
 * Existing payments get their figures here, computed by the same rules as the ledger (domain/ledger.ts).
 */
import { sql, type Kysely } from 'kysely';
import { computeLedger, type LedgerChild } from '../../domain/ledger.js';
import type { TransactionState } from '../../domain/transaction-state.js';

const FIGURES = ['authorized_minor', 'captured_minor', 'refunded_minor', 'voided_minor'] as const;

/** Adds the ledger columns and fills them for existing payments. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('transactions').addColumn('financial_status', 'text').execute();
  for (const column of FIGURES) {
    await db.schema
      .alterTable('transactions')
      .addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  await db.schema.alterTable('transactions').addColumn('capture_method', 'text').execute();
  await db.schema
    .alterTable('transactions')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('payport'))
    .execute();
  await db.schema.alterTable('transactions').addColumn('requested_by', 'text').execute();
  await db.schema.alterTable('transactions').addColumn('discrepancy', 'text').execute();
  await db.schema.alterTable('transactions').addColumn('discrepancy_at', 'text').execute();

  // Payments without children: the figures follow from the state alone.
  await sql`update transactions set
      financial_status = case state when 'draft' then 'unpaid' when 'pending' then 'pending'
        when 'authorized' then 'authorized' when 'done' then 'paid' when 'cancel' then 'cancelled'
        else 'failed' end,
      authorized_minor = case when state in ('authorized', 'done') then amount else 0 end,
      captured_minor = case when state = 'done' then amount else 0 end
    where operation = 'online_redirect'`.execute(db);

  // Payments with children: the ledger's own rules.
  const parents = await db
    .selectFrom('transactions as p')
    .select(['p.id', 'p.state', 'p.amount'])
    .where('p.operation', '=', 'online_redirect')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('transactions as c').select('c.id').whereRef('c.source_transaction_id', '=', 'p.id')),
    )
    .execute();
  for (const parent of parents as { id: string; state: TransactionState; amount: number }[]) {
    const children = (await db
      .selectFrom('transactions')
      .select(['operation', 'state', 'amount'])
      .where('source_transaction_id', '=', parent.id)
      .execute()) as { operation: LedgerChild['operation']; state: TransactionState; amount: number }[];
    const ledger = computeLedger(
      { state: parent.state, amount: Number(parent.amount) },
      children.map((c) => ({ ...c, amount: Number(c.amount) })),
    );
    await db
      .updateTable('transactions')
      .set({
        financial_status: ledger.financialStatus,
        authorized_minor: ledger.authorized,
        captured_minor: ledger.captured,
        refunded_minor: ledger.refunded,
        voided_minor: ledger.voided,
      })
      .where('id', '=', parent.id)
      .execute();
  }
  await db.schema
    .createIndex('transactions_financial_status_idx')
    .on('transactions')
    .columns(['financial_status', 'created_at'])
    .execute();
}

/** Removes the ledger columns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('transactions_financial_status_idx').execute();
  for (const column of [
    'financial_status',
    ...FIGURES,
    'capture_method',
    'origin',
    'requested_by',
    'discrepancy',
    'discrepancy_at',
  ]) {
    await db.schema.alterTable('transactions').dropColumn(column).execute();
  }
}
