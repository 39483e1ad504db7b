/** The `events` repository: the outbox of signed events, written in the same transaction as the change (S12, S15). */
import { ValidationError } from '../../errors.js';
import type { EventStatus } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { after, decodeCursor, pageSize, toIso, toPage, type Page, type PageRequest } from './codec.js';
import { nowIso, type RepositoryContext } from './context.js';
import { claimDueEvents } from './event-claims.js';
import { toEventRecord, type EventRecord, type NewEvent } from './event-records.js';

export type { EventRecord, NewEvent } from './event-records.js';

/** A failed attempt to be retried later. */
export interface RetryAt {
  error: string;
  nextAttemptAt: Date | string;
}

function checkPayload(payload: string): string {
  try {
    JSON.parse(payload);
  } catch {
    throw new ValidationError('event payload must be JSON text', [
      { field: 'payload', message: 'is not valid JSON' },
    ]);
  }
  return payload;
}

/** Enqueues, claims and settles events. */
export class EventRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Enqueues events (one per endpoint, typically), all due at once. */
  async insertMany(inputs: readonly NewEvent[]): Promise<EventRecord[]> {
    if (inputs.length === 0) return [];
    const now = nowIso(this.ctx);
    const rows = await this.ctx.db
      .insertInto('events')
      .values(
        inputs.map((input) => {
          const createdAt = input.createdAt === undefined ? now : toIso(input.createdAt, 'createdAt');
          return {
            id: input.id ?? newId(this.ctx.clock),
            endpoint_id: input.endpointId,
            transaction_id: input.transactionId,
            type: input.type,
            payload: checkPayload(input.payload),
            created_at: createdAt,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: createdAt,
            lease_until: null,
            delivered_at: null,
            last_error: null,
          };
        }),
      )
      .returningAll()
      .execute();
    return rows.map(toEventRecord);
  }

  /** Enqueues one event. */
  async insert(input: NewEvent): Promise<EventRecord> {
    const [record] = await this.insertMany([input]);
    return record!;
  }

  /** The event with this id, if any. */
  async findById(id: string): Promise<EventRecord | undefined> {
    const row = await this.ctx.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toEventRecord(row);
  }

  /** Leases due events for delivery; see {@link claimDueEvents}. */
  claimDue(
    now: Date | string,
    limit: number,
    leaseMs: number,
    skipEndpoints: readonly string[] = [],
  ): Promise<EventRecord[]> {
    return claimDueEvents(this.ctx, now, limit, leaseMs, skipEndpoints);
  }

  /** Gives claimed events back undelivered (their lease ends now), for another poll to take. */
  async release(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.db
      .updateTable('events')
      .set({ lease_until: null })
      .where('id', 'in', [...ids])
      .where('status', '=', 'pending')
      .execute();
  }

  /** Settles an event as delivered at `at`, counting the attempt. */
  async markDelivered(id: string, at: Date | string): Promise<void> {
    await this.ctx.db
      .updateTable('events')
      .set((eb) => ({
        status: 'delivered',
        attempts: eb('attempts', '+', 1),
        delivered_at: toIso(at, 'at'),
        next_attempt_at: null,
        lease_until: null,
        last_error: null,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Counts a failed attempt and schedules the next one; an event delivered meanwhile (by a worker that took over an expired lease) stays delivered. */
  async markRetry(id: string, retry: RetryAt): Promise<void> {
    await this.ctx.db
      .updateTable('events')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_attempt_at: toIso(retry.nextAttemptAt, 'nextAttemptAt'),
        lease_until: null,
        last_error: retry.error,
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  /** Counts a failed attempt and gives up (the retry window is over); later events of its transaction proceed. A delivered event stays delivered. */
  async markFailed(id: string, error: string): Promise<void> {
    await this.ctx.db
      .updateTable('events')
      .set((eb) => ({
        status: 'failed',
        attempts: eb('attempts', '+', 1),
        next_attempt_at: null,
        lease_until: null,
        last_error: error,
      }))
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  /**
   * Queues an event again, due at `now` (the back office's "resend"); `false` when it does not exist or a
   * worker holds it right now (resending then could post it twice at the same time).
   */
  async resend(id: string, now: Date | string): Promise<boolean> {
    const at = toIso(now, 'now');
    const result = await this.ctx.db
      .updateTable('events')
      .set({ status: 'pending', next_attempt_at: at, lease_until: null, delivered_at: null })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', at)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Gives back the delivery leases of `ids` (on shutdown), so another worker can deliver them at once. */
  async releaseLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.db
      .updateTable('events')
      .set({ lease_until: null })
      .where('id', 'in', [...ids])
      .execute();
  }

  /** The events of one transaction, oldest first. */
  async listByTransaction(transactionId: string): Promise<EventRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('transaction_id', '=', transactionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toEventRecord);
  }

  /** The events of one endpoint, newest first, one page at a time (its delivery log). */
  async listByEndpoint(endpointId: string, page: PageRequest = {}): Promise<Page<EventRecord>> {
    const limit = pageSize(page.limit);
    const position = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.ctx.db
      .selectFrom('events')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .$if(position !== undefined, (qb) => qb.where(after('created_at', position!)))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return toPage(rows.map(toEventRecord), limit, (event) => ({ at: event.createdAt, id: event.id }));
  }

  /** How many events are in each delivery state (for metrics). */
  async countByStatus(): Promise<Record<EventStatus, number>> {
    const rows = await this.ctx.db
      .selectFrom('events')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute();
    const counts: Record<EventStatus, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
}
