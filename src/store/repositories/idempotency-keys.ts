/**
 * The `idempotency_keys` repository (S12): the first request with a key reserves it, its answer is stored,
 * and later requests with the same key get that answer (same body) or a 409 (other body). Reserving before
 * processing makes two concurrent requests with one key process once.
 */
import type { Selectable } from 'kysely';
import { Conflict } from '../../errors.js';
import type { IdempotencyKeysTable } from '../schema.js';
import { toIso } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One idempotency key of one API key. `statusCode` is `null` while its first request is in progress. */
export interface IdempotencyRecord {
  apiKeyId: string;
  key: string;
  requestHash: string;
  statusCode: number | null;
  responseBody: string | null;
  createdAt: string;
}

/** What `reserve` found: the key is ours to process, or it was used before (maybe still in progress). */
export type Reservation = { reserved: true } | { reserved: false; existing: IdempotencyRecord };

function toRecord(row: Selectable<IdempotencyKeysTable>): IdempotencyRecord {
  return {
    apiKeyId: row.api_key_id,
    key: row.key,
    requestHash: row.request_hash,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    responseBody: row.response_body,
    createdAt: row.created_at,
  };
}

/** Reserves, completes and looks up idempotency keys. */
export class IdempotencyKeyRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Claims `key` for a request with `requestHash`, or returns the record of its earlier use. */
  async reserve(apiKeyId: string, key: string, requestHash: string): Promise<Reservation> {
    // A second pass is needed only if the holder released the key between our insert and our read.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted = await this.ctx.db
        .insertInto('idempotency_keys')
        .values({
          api_key_id: apiKeyId,
          key,
          request_hash: requestHash,
          status_code: null,
          response_body: null,
          created_at: nowIso(this.ctx),
        })
        .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted !== undefined) return { reserved: true };
      const existing = await this.find(apiKeyId, key);
      if (existing !== undefined) return { reserved: false, existing };
    }
    throw new Conflict('This Idempotency-Key is being used by concurrent requests; retry the request.');
  }

  /** Stores the answer given to the reserved request. */
  async complete(apiKeyId: string, key: string, statusCode: number, responseBody: string): Promise<void> {
    await this.ctx.db
      .updateTable('idempotency_keys')
      .set({ status_code: statusCode, response_body: responseBody })
      .where('api_key_id', '=', apiKeyId)
      .where('key', '=', key)
      .execute();
  }

  /** Frees a reservation whose request failed without an answer worth replaying. */
  async release(apiKeyId: string, key: string): Promise<void> {
    await this.ctx.db
      .deleteFrom('idempotency_keys')
      .where('api_key_id', '=', apiKeyId)
      .where('key', '=', key)
      .where('status_code', 'is', null)
      .execute();
  }

  /** The record of `key`, if any. */
  async find(apiKeyId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('api_key_id', '=', apiKeyId)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Forgets keys created before `before`; returns how many. */
  async deleteCreatedBefore(before: Date | string): Promise<number> {
    const result = await this.ctx.db
      .deleteFrom('idempotency_keys')
      .where('created_at', '<', toIso(before, 'before'))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
