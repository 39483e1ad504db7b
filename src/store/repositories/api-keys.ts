/** The `api_keys` repository: merchant API keys, stored only as hashes (S12, S14). */
import type { Selectable } from 'kysely';
import type { ApiKeysTable } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { toIso } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';

/** One API key (without the key, which is shown once and never stored). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The first characters of the key, shown so people can tell keys apart. */
  prefix: string;
  keyHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Space-separated scopes, or null for a key that has the default scopes. */
  scopes: string | null;
}

/** A key to store. */
export interface NewApiKey {
  id?: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes?: string | null;
}

function toRecord(row: Selectable<ApiKeysTable>): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    scopes: row.scopes,
  };
}

/** Reads and writes API keys. */
export class ApiKeyRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Stores a new key's hash. */
  async insert(input: NewApiKey): Promise<ApiKeyRecord> {
    const row = await this.ctx.db
      .insertInto('api_keys')
      .values({
        id: input.id ?? newId(this.ctx.clock),
        name: input.name,
        prefix: input.prefix,
        key_hash: input.keyHash,
        created_at: nowIso(this.ctx),
        last_used_at: null,
        revoked_at: null,
        scopes: input.scopes ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The unrevoked key with this hash, if any (the bearer-token lookup). */
  async findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The key with this id, revoked or not. */
  async findById(id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.ctx.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every key, newest first. */
  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /** Revokes a key at `at` (now when absent); `false` when it does not exist or was already revoked. */
  async revoke(id: string, at?: Date | string): Promise<boolean> {
    const result = await this.ctx.db
      .updateTable('api_keys')
      .set({ revoked_at: at === undefined ? nowIso(this.ctx) : toIso(at, 'at') })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Notes that the key was used at `at`. */
  async touchLastUsed(id: string, at: Date | string): Promise<void> {
    await this.ctx.db
      .updateTable('api_keys')
      .set({ last_used_at: toIso(at, 'at') })
      .where('id', '=', id)
      .execute();
  }
}
