/** The transaction record as the rest of payport sees it, and its mapping from and to rows. */
import type { Selectable } from 'kysely';
import { computeLedger, type CaptureMethod, type FinancialStatus, type Ledger } from '../../domain/ledger.js';
import type { InstallmentPlan } from '../../domain/installment-plan.js';
import { ValidationError } from '../../errors.js';
import type { TransactionOperation, TransactionState, TransactionsTable } from '../schema.js';
import { fromFlag, fromJsonObject, requireMinorUnits, toFlag, toIsoOrNull, toJson } from './codec.js';

/** Merchant metadata attached to a transaction (S12), stored as JSON. */
export type TransactionMetadata = Record<string, unknown>;

/** One transaction (S5): a customer payment or a capture/void/refund child of one. */
export interface TransactionRecord {
  id: string;
  reference: string;
  orderReference: string | null;
  providerId: string;
  paymentMethod: string;
  cardBrand: string | null;
  cardLast4: string | null;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  state: TransactionState;
  stateMessage: string | null;
  lastStateChange: string;
  operation: TransactionOperation;
  sourceTransactionId: string | null;
  providerReference: string | null;
  customerName: string | null;
  customerEmail: string | null;
  customerLang: string | null;
  customerPhone: string | null;
  customerCountry: string | null;
  landingUrl: string | null;
  isLive: boolean;
  metadata: TransactionMetadata;
  paymentLinkId: string | null;
  /** Path of the customer's payment page (a signed link without its token), for Try again. */
  paymentPage: string | null;
  createdAt: string;
  updatedAt: string;
  /** When reconciliation should next ask the provider; `null` when no check is scheduled (S8). */
  nextCheckAt: string | null;
  checkAttempts: number;
  lastCheckAt: string | null;
  /** A worker holds this transaction's check until then (S15). */
  checkLeaseUntil: string | null;
  /** The payment's ledger as stored (S9); null status and zeros on children. */
  ledger: StoredLedger;
  /** Payments: PURCHASE (`automatic`) or AUTHORIZATION (`manual`); null on children and older rows. */
  captureMethod: CaptureMethod | null;
  /** Children: made through payport, or in the provider's own back office. */
  origin: TransactionOrigin;
  /** Who asked for a child operation (a user's email, an API key's name). */
  requestedBy: string | null;
  /** The last difference found between the ledger and the provider's books, if any. */
  discrepancy: { text: string; time: string } | null;
  /** Order description given with the payment (Tabby and valU send it to the provider). */
  description: string | null;
  /** The installment plan the provider reports for the payment; null otherwise. */
  installments: InstallmentPlan | null;
}

/** Who made a child operation: payport, or the provider's own back office. */
export type TransactionOrigin = 'payport' | 'aps';

/** The stored form of a computed ledger. */
export function storedLedger(ledger: Ledger): StoredLedger {
  return {
    financialStatus: ledger.financialStatus,
    authorized: ledger.authorized,
    captured: ledger.captured,
    refunded: ledger.refunded,
    voided: ledger.voided,
  };
}

/** True when two stored ledgers hold the same figures and status. */
export function sameLedger(a: StoredLedger, b: StoredLedger): boolean {
  return (
    a.financialStatus === b.financialStatus &&
    a.authorized === b.authorized &&
    a.captured === b.captured &&
    a.refunded === b.refunded &&
    a.voided === b.voided
  );
}

/** The ledger columns of a payment. */
export interface StoredLedger {
  financialStatus: FinancialStatus | null;
  authorized: number;
  captured: number;
  refunded: number;
  voided: number;
}

/** What a caller supplies to create a transaction; the rest gets defaults. */
export interface NewTransaction {
  /** Generated when absent. */
  id?: string;
  reference: string;
  orderReference?: string | null;
  providerId: string;
  paymentMethod: string;
  cardBrand?: string | null;
  cardLast4?: string | null;
  amount: number;
  currency: string;
  /** `draft` when absent. */
  state?: TransactionState;
  stateMessage?: string | null;
  /** `online_redirect` when absent. */
  operation?: TransactionOperation;
  sourceTransactionId?: string | null;
  providerReference?: string | null;
  customerName?: string | null;
  customerEmail?: string | null;
  customerLang?: string | null;
  customerPhone?: string | null;
  customerCountry?: string | null;
  landingUrl?: string | null;
  isLive: boolean;
  metadata?: TransactionMetadata;
  paymentLinkId?: string | null;
  /** Identity of the signed `/payment/pay` link it was started from, if any. */
  linkKey?: string | null;
  paymentPage?: string | null;
  nextCheckAt?: Date | string | null;
  captureMethod?: CaptureMethod | null;
  /** `payport` when absent. */
  origin?: TransactionOrigin;
  requestedBy?: string | null;
  description?: string | null;
}

/** Maps a row to its record. */
export function toTransactionRecord(row: Selectable<TransactionsTable>): TransactionRecord {
  return {
    id: row.id,
    reference: row.reference,
    orderReference: row.order_reference,
    providerId: row.provider_id,
    paymentMethod: row.payment_method,
    cardBrand: row.card_brand,
    cardLast4: row.card_last4,
    amount: Number(row.amount),
    currency: row.currency,
    state: row.state,
    stateMessage: row.state_message,
    lastStateChange: row.last_state_change,
    operation: row.operation,
    sourceTransactionId: row.source_transaction_id,
    providerReference: row.provider_reference,
    customerName: row.customer_name,
    customerEmail: row.customer_email,
    customerLang: row.customer_lang,
    customerPhone: row.customer_phone,
    customerCountry: row.customer_country,
    landingUrl: row.landing_url,
    isLive: fromFlag(row.is_live),
    metadata: fromJsonObject<TransactionMetadata>(row.metadata, 'transactions.metadata'),
    paymentLinkId: row.payment_link_id,
    paymentPage: row.payment_page ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextCheckAt: row.next_check_at,
    checkAttempts: Number(row.check_attempts),
    lastCheckAt: row.last_check_at,
    checkLeaseUntil: row.check_lease_until,
    ledger: {
      financialStatus: row.financial_status as FinancialStatus | null,
      authorized: Number(row.authorized_minor),
      captured: Number(row.captured_minor),
      refunded: Number(row.refunded_minor),
      voided: Number(row.voided_minor),
    },
    captureMethod: row.capture_method as CaptureMethod | null,
    origin: row.origin === 'aps' ? 'aps' : 'payport',
    requestedBy: row.requested_by,
    discrepancy:
      row.discrepancy === null ? null : { text: row.discrepancy, time: row.discrepancy_at ?? row.updated_at },
    description: row.description ?? null,
    installments: installmentPlanOf(row),
  };
}

/** The row to insert for `input`, stamped `now`. */
export function toTransactionRow(
  id: string,
  input: NewTransaction,
  now: string,
): Selectable<TransactionsTable> {
  return {
    id,
    reference: input.reference,
    order_reference: input.orderReference ?? null,
    provider_id: input.providerId,
    payment_method: input.paymentMethod,
    card_brand: input.cardBrand ?? null,
    card_last4: checkCardLast4(input.cardLast4),
    amount: requireMinorUnits(input.amount),
    currency: input.currency,
    state: input.state ?? 'draft',
    state_message: input.stateMessage ?? null,
    last_state_change: now,
    operation: input.operation ?? 'online_redirect',
    source_transaction_id: input.sourceTransactionId ?? null,
    provider_reference: input.providerReference ?? null,
    customer_name: input.customerName ?? null,
    customer_email: input.customerEmail ?? null,
    customer_lang: input.customerLang ?? null,
    customer_phone: input.customerPhone ?? null,
    customer_country: input.customerCountry ?? null,
    landing_url: input.landingUrl ?? null,
    is_live: toFlag(input.isLive),
    metadata: toJson(input.metadata ?? {}),
    payment_link_id: input.paymentLinkId ?? null,
    link_key: input.linkKey ?? null,
    payment_page: input.paymentPage ?? null,
    created_at: now,
    updated_at: now,
    next_check_at: toIsoOrNull(input.nextCheckAt, 'nextCheckAt'),
    check_attempts: 0,
    last_check_at: null,
    check_lease_until: null,
    ...ledgerColumns(ledgerAtCreation(input)),
    capture_method: input.captureMethod ?? null,
    origin: input.origin ?? 'payport',
    requested_by: input.requestedBy ?? null,
    discrepancy: null,
    discrepancy_at: null,
    description: input.description ?? null,
    installments_count: null,
    installments_plan_code: null,
    installments_issuer_code: null,
  };
}

/** The plan stored on a row (migration 0011), or null; rows from before it have no such columns. */
function installmentPlanOf(row: Selectable<TransactionsTable>): InstallmentPlan | null {
  if (row.installments_count === null || row.installments_count === undefined) return null;
  return {
    numberOfInstallments: Number(row.installments_count),
    planCode: row.installments_plan_code ?? null,
    issuerCode: row.installments_issuer_code ?? null,
  };
}

/** The columns that store an installment plan. */
export function installmentColumns(plan: InstallmentPlan) {
  return {
    installments_count: plan.numberOfInstallments,
    installments_plan_code: plan.planCode,
    installments_issuer_code: plan.issuerCode,
  };
}

/** A new payment's ledger follows from its state alone; children carry none. */
function ledgerAtCreation(input: NewTransaction): StoredLedger {
  if ((input.operation ?? 'online_redirect') !== 'online_redirect') {
    return { financialStatus: null, authorized: 0, captured: 0, refunded: 0, voided: 0 };
  }
  return storedLedger(computeLedger({ state: input.state ?? 'draft', amount: input.amount }, []));
}

/** The columns that store a ledger. */
export function ledgerColumns(ledger: StoredLedger) {
  return {
    financial_status: ledger.financialStatus,
    authorized_minor: ledger.authorized,
    captured_minor: ledger.captured,
    refunded_minor: ledger.refunded,
    voided_minor: ledger.voided,
  };
}

/** Refuses anything but four digits: more of a card number would be card data, which is never stored (S14). */
export function checkCardLast4(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (!/^\d{4}$/.test(value)) {
    throw new ValidationError('cardLast4 must be exactly four digits', [
      { field: 'cardLast4', message: 'only the last four digits of a card are stored' },
    ]);
  }
  return value;
}

/** Every column of `transactions`, in the order {@link toTransactionRow} writes them. */
export const TRANSACTION_COLUMNS = Object.freeze(
  Object.keys(
    toTransactionRow(
      '',
      { reference: '', providerId: '', paymentMethod: 'card', amount: 0, currency: 'SAR', isLive: false },
      new Date(0).toISOString(),
    ),
  ) as (keyof TransactionsTable & string)[],
);
