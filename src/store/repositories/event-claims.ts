/**
 * Claiming due events for delivery (S12, S15): several workers, in one or several processes, each get
 * different events, and the events of one transaction reach one endpoint in the order they were created.
 */
import { addMilliseconds, requirePositiveInteger, toIso } from './codec.js';
import type { RepositoryContext } from './context.js';
import { toEventRecord, type EventRecord } from './event-records.js';

/**
 * Leases up to `limit` pending events due at `now` for `leaseMs` and returns them, soonest due first.
 * An event is never claimed while an older pending event of the same transaction and endpoint exists
 * (that one is delivered, or given up, first), nor when its endpoint is paused or listed in
 * `skipEndpoints` (busy or failing, in the worker's view). PostgreSQL selects the
 * candidates `FOR UPDATE SKIP LOCKED`; on SQLite the single UPDATE … RETURNING is atomic.
 */
export async function claimDueEvents(
  ctx: RepositoryContext,
  now: Date | string,
  limit: number,
  leaseMs: number,
  skipEndpoints: readonly string[] = [],
): Promise<EventRecord[]> {
  requirePositiveInteger(limit, 'limit');
  requirePositiveInteger(leaseMs, 'leaseMs');
  const at = toIso(now, 'now');
  const leaseUntil = addMilliseconds(at, leaseMs);
  const rows = await ctx.db
    .with('due', (db) =>
      db
        .selectFrom('events')
        .select('events.id')
        .where('events.status', '=', 'pending')
        .where('events.next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('events.lease_until', 'is', null), eb('events.lease_until', '<=', at)]))
        .$if(skipEndpoints.length > 0, (qb) => qb.where('events.endpoint_id', 'not in', [...skipEndpoints]))
        .where('events.endpoint_id', 'in', (eb) =>
          eb
            .selectFrom('event_endpoints')
            .select('event_endpoints.id')
            .where('event_endpoints.active', '=', 1),
        )
        .where(({ exists, not, selectFrom }) =>
          not(
            exists(
              selectFrom('events as older')
                .select('older.id')
                .whereRef('older.endpoint_id', '=', 'events.endpoint_id')
                .whereRef('older.transaction_id', '=', 'events.transaction_id')
                .where('older.status', '=', 'pending')
                .where((eb) =>
                  eb.or([
                    eb('older.created_at', '<', eb.ref('events.created_at')),
                    eb.and([
                      eb('older.created_at', '=', eb.ref('events.created_at')),
                      eb('older.id', '<', eb.ref('events.id')),
                    ]),
                  ]),
                ),
            ),
          ),
        )
        .orderBy('events.next_attempt_at')
        .orderBy('events.created_at')
        .orderBy('events.id')
        .limit(limit)
        .$if(ctx.dialect === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .updateTable('events')
    .set({ lease_until: leaseUntil })
    .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
    .returningAll()
    .execute();
  return rows.map(toEventRecord).sort(byDueThenCreated);
}

function byDueThenCreated(a: EventRecord, b: EventRecord): number {
  const keyA = `${a.nextAttemptAt ?? ''}|${a.createdAt}|${a.id}`;
  const keyB = `${b.nextAttemptAt ?? ''}|${b.createdAt}|${b.id}`;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
