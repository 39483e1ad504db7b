/** The `event_deliveries` repository: one row per delivery attempt of an event (the log shown in S11). */
import type { Selectable } from 'kysely';
import type { EventDeliveriesTable } from '../schema.js';
import { newId } from '../../crypto/random.js';
import { toIso } from './codec.js';
import type { RepositoryContext } from './context.js';

/** One delivery attempt. */
export interface EventDeliveryRecord {
  id: string;
  eventId: string;
  attemptedAt: string;
  /** The endpoint's HTTP status; `null` when no answer came (network error, timeout). */
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** An attempt to record. */
export interface NewEventDelivery {
  eventId: string;
  attemptedAt: Date | string;
  httpStatus: number | null;
  error?: string | null;
  durationMs: number;
}

function toRecord(row: Selectable<EventDeliveriesTable>): EventDeliveryRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    attemptedAt: row.attempted_at,
    httpStatus: row.http_status === null ? null : Number(row.http_status),
    error: row.error,
    durationMs: Number(row.duration_ms),
  };
}

/** Records and reads delivery attempts. */
export class EventDeliveryRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** Records one attempt. */
  async insert(input: NewEventDelivery): Promise<EventDeliveryRecord> {
    const row = await this.ctx.db
      .insertInto('event_deliveries')
      .values({
        id: newId(this.ctx.clock),
        event_id: input.eventId,
        attempted_at: toIso(input.attemptedAt, 'attemptedAt'),
        http_status: input.httpStatus,
        error: input.error ?? null,
        duration_ms: Math.max(0, Math.round(input.durationMs)),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** The attempts of one event, oldest first. */
  async listByEvent(eventId: string): Promise<EventDeliveryRecord[]> {
    const rows = await this.ctx.db
      .selectFrom('event_deliveries')
      .selectAll()
      .where('event_id', '=', eventId)
      .orderBy('attempted_at')
      .orderBy('id')
      .execute();
    return rows.map(toRecord);
  }
}
