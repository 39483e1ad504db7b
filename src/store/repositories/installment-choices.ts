/**
 * The `installment_choices` repository (S20, embedded card entry): the plan a customer chose for a
 * draft payment before the provider's card form, as the provider listed it when it was chosen.
 * Choosing again replaces the choice (each choice is checked against a fresh list of plans).
 */
import type { Selectable } from 'kysely';
import type { InstallmentChoicesTable } from '../schema.js';
import { nowIso, type RepositoryContext } from './context.js';

/** The chosen plan, or the full amount (all plan fields null). */
export interface InstallmentChoiceRecord {
  transactionId: string;
  issuerCode: string | null;
  issuerName: string | null;
  planCode: string | null;
  numberOfInstallments: number | null;
  amountPerMonth: number | null;
  /** Card number prefixes of the issuer's cards. */
  bins: string[];
  minimumAmount: number | null;
  maximumAmount: number | null;
  /** The payment's amount and currency when the plan was chosen. */
  amount: number;
  currency: string;
  createdAt: string;
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function binsOf(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((b): b is string => typeof b === 'string') : [];
  } catch {
    return [];
  }
}

function toRecord(row: Selectable<InstallmentChoicesTable>): InstallmentChoiceRecord {
  return {
    transactionId: row.transaction_id,
    issuerCode: row.issuer_code,
    issuerName: row.issuer_name,
    planCode: row.plan_code,
    numberOfInstallments: row.number_of_installments === null ? null : Number(row.number_of_installments),
    amountPerMonth: numberOrNull(row.amount_per_month),
    bins: binsOf(row.bins),
    minimumAmount: numberOrNull(row.minimum_amount),
    maximumAmount: numberOrNull(row.maximum_amount),
    amount: Number(row.amount),
    currency: row.currency,
    createdAt: row.created_at,
  };
}

/** Reads and writes the installment choices of draft payments. */
export class InstallmentChoiceRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Records the choice of a payment, replacing an earlier one. */
  async save(input: Omit<InstallmentChoiceRecord, 'createdAt'>): Promise<InstallmentChoiceRecord> {
    const values = {
      issuer_code: input.issuerCode,
      issuer_name: input.issuerName,
      plan_code: input.planCode,
      number_of_installments: input.numberOfInstallments,
      amount_per_month: input.amountPerMonth,
      bins: JSON.stringify(input.bins),
      minimum_amount: input.minimumAmount,
      maximum_amount: input.maximumAmount,
      amount: input.amount,
      currency: input.currency,
      created_at: nowIso(this.ctx),
    };
    const row = await this.ctx.db
      .insertInto('installment_choices')
      .values({ transaction_id: input.transactionId, ...values })
      .onConflict((oc) => oc.column('transaction_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The choice of a payment, if one was made. */
  async find(transactionId: string): Promise<InstallmentChoiceRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('installment_choices')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .executeTakeFirst();
    return row && toRecord(row);
  }
}
