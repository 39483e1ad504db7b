/** The `customers` repository (S18): the merchant's customers, whose saved cards payport keeps. */
import type { Selectable } from 'kysely';
import { newId } from '../../crypto/random.js';
import type { CustomersTable } from '../schema.js';
import { after, decodeCursor, pageSize, toPage, type Page, type PageRequest } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One customer. */
export interface CustomerRecord {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A customer to create. */
export interface NewCustomer {
  id?: string;
  email: string;
  name?: string | null;
  phone?: string | null;
  country?: string | null;
}

function toRecord(row: Selectable<CustomersTable>): CustomerRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    phone: row.phone,
    country: row.country,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** Reads and writes customers. */
export class CustomerRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates a customer. */
  async insert(input: NewCustomer): Promise<CustomerRecord> {
    const now = nowIso(this.ctx);
    const row = await this.ctx.db
      .insertInto('customers')
      .values({
        id: input.id ?? `cus_${newId(this.ctx.clock).replace(/-/g, '')}`,
        email: input.email,
        name: input.name ?? null,
        phone: input.phone ?? null,
        country: input.country ?? null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The customer with this id, deleted ones included only when asked. */
  async findById(
    id: string,
    options: { includeDeleted?: boolean } = {},
  ): Promise<CustomerRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', id)
      .$if(!options.includeDeleted, (qb) => qb.where('deleted_at', 'is', null))
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Customers not deleted, newest first, optionally those whose email contains `search`. */
  async list(filter: { email?: string } = {}, page: PageRequest = {}): Promise<Page<CustomerRecord>> {
    const limit = pageSize(page.limit);
    const position = page.cursor ? decodeCursor(page.cursor) : null;
    const rows = await this.ctx.db
      .selectFrom('customers')
      .selectAll()
      .where('deleted_at', 'is', null)
      .$if(filter.email !== undefined, (qb) => qb.where('email', '=', filter.email!))
      .$if(position !== null, (qb) => qb.where(after('created_at', position!)))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(toRecord), limit, (c) => ({ at: c.createdAt, id: c.id }));
  }

  /** Marks the customer deleted; false when there was none to delete. */
  async markDeleted(id: string): Promise<boolean> {
    const now = nowIso(this.ctx);
    const result = await this.ctx.db
      .updateTable('customers')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
