/** The `event_endpoints` repository: where the merchant receives signed events (S12). */
import type { Selectable } from 'kysely';
import type { EventEndpointsTable } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { fromFlag, toFlag } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One event endpoint; its signing secret is stored encrypted. */
export interface EventEndpointRecord {
  id: string;
  url: string;
  description: string | null;
  secretEnc: string;
  active: boolean;
  createdAt: string;
}

/** An endpoint to create (active unless said otherwise). */
export interface NewEventEndpoint {
  id?: string;
  url: string;
  description?: string | null;
  secretEnc: string;
  active?: boolean;
}

function toRecord(row: Selectable<EventEndpointsTable>): EventEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    secretEnc: row.secret_enc,
    active: fromFlag(row.active),
    createdAt: row.created_at,
  };
}

/** Reads and writes event endpoints. */
export class EventEndpointRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Creates an endpoint. */
  async insert(input: NewEventEndpoint): Promise<EventEndpointRecord> {
    const row = await this.ctx.db
      .insertInto('event_endpoints')
      .values({
        id: input.id ?? newId(this.ctx.clock),
        url: input.url,
        description: input.description ?? null,
        secret_enc: input.secretEnc,
        active: toFlag(input.active ?? true),
        created_at: nowIso(this.ctx),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The endpoint with this id, if any. */
  async findById(id: string): Promise<EventEndpointRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('event_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every endpoint, oldest first; only active ones with `activeOnly` (those that receive new events). */
  async list(options: { activeOnly?: boolean } = {}): Promise<EventEndpointRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('event_endpoints')
      .selectAll()
      .$if(options.activeOnly === true, (qb) => qb.where('active', '=', 1))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }

  /** Pauses or resumes an endpoint; `false` when it does not exist. */
  async setActive(id: string, active: boolean): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('event_endpoints')
      .set({ active: toFlag(active) })
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Deletes an endpoint with its events and delivery log; `false` when it does not exist. */
  async delete(id: string): Promise<boolean> {
    const result = await this.ctx.db.deleteFrom('event_endpoints').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
