/** The `settings` repository: small named values such as markers of one-time setup (demo seeded). */
import { nowIso, type RepositoryContext } from './context.js';

/** Reads and writes settings. */
export class SettingsRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** The value of `key`, if set. */
  async get(key: string): Promise<string | undefined> {
    const row = await this.ctx.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.value;
  }

  /** Sets `key` to `value`, replacing any earlier value. */
  async set(key: string, value: string): Promise<void> {
    const now = nowIso(this.ctx);
    await this.ctx.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }

  /** Sets `key` only if it is not set yet; `true` when this call set it (a once-only marker). */
  async setIfAbsent(key: string, value: string): Promise<boolean> {
    const inserted = await this.ctx.db
      .insertInto('settings')
      .values({ key, value, updated_at: nowIso(this.ctx) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Removes `key`. */
  async delete(key: string): Promise<void> {
    await this.ctx.db.deleteFrom('settings').where('key', '=', key).execute();
  }
}
