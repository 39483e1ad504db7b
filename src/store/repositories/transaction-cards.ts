/**
 * The `transaction_cards` repository (S18): for a payment, the customer it belongs to, the saved card it
 * charges, whether the card used is to be saved, and the token it was charged with (sealed) until the
 * payment settles.
 */
import type { Selectable } from 'kysely';
import type { TransactionCardsTable } from '../schema.js';
import { selectRowsIn } from './bulk-statements.js';
import { fromFlag, toFlag } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** The card side of one payment. */
export interface TransactionCardRecord {
  transactionId: string;
  customerId: string | null;
  paymentMethodId: string | null;
  saveRequested: boolean;
  offSession: boolean;
  tokenEnc: string | null;
  createdAt: string;
}

function toRecord(row: Selectable<TransactionCardsTable>): TransactionCardRecord {
  return {
    transactionId: row.transaction_id,
    customerId: row.customer_id,
    paymentMethodId: row.payment_method_id,
    saveRequested: fromFlag(row.save_requested),
    offSession: fromFlag(row.off_session),
    tokenEnc: row.token_enc,
    createdAt: row.created_at,
  };
}

/** Reads and writes the card side of payments. */
export class TransactionCardRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Records the card side of a new payment. */
  async insert(input: Omit<TransactionCardRecord, 'createdAt'>): Promise<TransactionCardRecord> {
    const row = await this.ctx.db
      .insertInto('transaction_cards')
      .values({
        transaction_id: input.transactionId,
        customer_id: input.customerId,
        payment_method_id: input.paymentMethodId,
        save_requested: toFlag(input.saveRequested),
        off_session: toFlag(input.offSession),
        token_enc: input.tokenEnc,
        created_at: nowIso(this.ctx),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The card side of a payment, if it has one. */
  async find(transactionId: string): Promise<TransactionCardRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('transaction_cards')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The card sides of these payments (those that have one), in one statement. */
  async findMany(transactionIds: readonly string[]): Promise<TransactionCardRecord[]> {
    const rows = await selectRowsIn<Selectable<TransactionCardsTable>>(
      this.ctx,
      'transaction_cards',
      'transaction_id',
      transactionIds,
      false,
    );
    return rows.map(toRecord);
  }

  /** Keeps (or forgets, with null) the token a payment was charged with; adds the row when missing. */
  async setToken(transactionId: string, tokenEnc: string | null, saveRequested?: boolean): Promise<void> {
    const existing = await this.find(transactionId);
    if (!existing) {
      await this.insert({
        transactionId,
        customerId: null,
        paymentMethodId: null,
        saveRequested: saveRequested ?? false,
        offSession: false,
        tokenEnc,
      });
      return;
    }
    await this.ctx.db
      .updateTable('transaction_cards')
      .set({
        token_enc: tokenEnc,
        ...(saveRequested !== undefined && {
          save_requested: toFlag(saveRequested || existing.saveRequested),
        }),
      })
      .where('transaction_id', '=', transactionId)
      .execute();
  }

  /** Payments of a customer, newest first (ids only). */
  async transactionIdsOf(customerId: string, limit = 50): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('transaction_cards')
      .select('transaction_id')
      .where('customer_id', '=', customerId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => row.transaction_id);
  }
}
