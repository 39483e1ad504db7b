/** The `payment_links` repository (S10–S12): a reusable URL that opens the payment page for a fixed amount. */
import type { Selectable } from 'kysely';
import type { PaymentLinksTable } from '../schema.js';
import { randomSecret } from '../../crypto/random.js';
import {
  after,
  decodeCursor,
  fromFlag,
  pageSize,
  requireMinorUnits,
  toFlag,
  toIsoOrNull,
  toPage,
} from './codec.js';
import type { Page, PageRequest } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One payment link. */
export interface PaymentLinkRecord {
  /** Random and URL-safe: it is the secret part of `/pay/<id>`. */
  id: string;
  amount: number;
  currency: string;
  orderReference: string | null;
  description: string | null;
  customerEmail: string | null;
  customerName: string | null;
  /** The customer's country (ISO 3166-1 alpha-2) the merchant fixed, or null (the page may ask). */
  customerCountry: string | null;
  lang: string | null;
  expiresAt: string | null;
  active: boolean;
  createdAt: string;
  /** Who created it, e.g. a user id or an API key id. */
  createdBy: string | null;
  paidTransactionId: string | null;
}

/** A link to create. */
export interface NewPaymentLink {
  /** A random URL-safe id when absent. */
  id?: string;
  amount: number;
  currency: string;
  orderReference?: string | null;
  description?: string | null;
  customerEmail?: string | null;
  customerName?: string | null;
  customerCountry?: string | null;
  lang?: string | null;
  expiresAt?: Date | string | null;
  createdBy?: string | null;
}

function toRecord(row: Selectable<PaymentLinksTable>): PaymentLinkRecord {
  return {
    id: row.id,
    amount: Number(row.amount),
    currency: row.currency,
    orderReference: row.order_reference,
    description: row.description,
    customerEmail: row.customer_email,
    customerName: row.customer_name,
    customerCountry: row.customer_country ?? null,
    lang: row.lang,
    expiresAt: row.expires_at,
    active: fromFlag(row.active),
    createdAt: row.created_at,
    createdBy: row.created_by,
    paidTransactionId: row.paid_transaction_id,
  };
}

/** Reads and writes payment links. */
export class PaymentLinkRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates an active link. */
  async insert(input: NewPaymentLink): Promise<PaymentLinkRecord> {
    const row = await this.ctx.db
      .insertInto('payment_links')
      .values({
        id: input.id ?? randomSecret(16),
        amount: requireMinorUnits(input.amount),
        currency: input.currency,
        order_reference: input.orderReference ?? null,
        description: input.description ?? null,
        customer_email: input.customerEmail ?? null,
        customer_name: input.customerName ?? null,
        customer_country: input.customerCountry ?? null,
        lang: input.lang ?? null,
        expires_at: toIsoOrNull(input.expiresAt, 'expiresAt'),
        active: 1,
        created_at: nowIso(this.ctx),
        created_by: input.createdBy ?? null,
        paid_transaction_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The link with this id, if any (expired and inactive ones too: the caller decides what to show). */
  async findById(id: string): Promise<PaymentLinkRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('payment_links')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Links, newest first, one page at a time. */
  async list(page: PageRequest = {}): Promise<Page<PaymentLinkRecord>> {
    const limit = pageSize(page.limit);
    const position = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.ctx.db
      .selectFrom('payment_links')
      .selectAll()
      .$if(position !== undefined, (qb) => qb.where(after('created_at', position!)))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(toRecord), limit, (link) => ({ at: link.createdAt, id: link.id }));
  }

  /** Records the transaction that paid the link; `false` when it was already paid or does not exist. */
  async markPaid(id: string, transactionId: string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('payment_links')
      .set({ paid_transaction_id: transactionId })
      .where('id', '=', id)
      .where('paid_transaction_id', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Activates or deactivates a link; `false` when it does not exist. */
  async setActive(id: string, active: boolean): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('payment_links')
      .set({ active: toFlag(active) })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
