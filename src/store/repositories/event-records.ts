/** The outgoing event record (S12) and its mapping from rows. */
import type { Selectable } from 'kysely';
import type { EventStatus, EventsTable } from '../schema.js';

/** One event for one endpoint, with its delivery state. */
export interface EventRecord {
  id: string;
  endpointId: string;
  transactionId: string | null;
  type: string;
  /** The exact JSON body that is delivered (and signed). */
  payload: string;
  createdAt: string;
  status: EventStatus;
  attempts: number;
  /** When the next attempt is due; `null` once delivered or given up. */
  nextAttemptAt: string | null;
  leaseUntil: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

/** An event to enqueue. */
export interface NewEvent {
  id?: string;
  endpointId: string;
  transactionId: string | null;
  type: string;
  /** Serialised JSON body. */
  payload: string;
  /** The clock's now when absent; the first attempt is due at once. */
  createdAt?: Date | string;
}

/** Maps a row to its record. */
export function toEventRecord(row: Selectable<EventsTable>): EventRecord {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    transactionId: row.transaction_id,
    type: row.type,
    payload: row.payload,
    createdAt: row.created_at,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    leaseUntil: row.lease_until,
    deliveredAt: row.delivered_at,
    lastError: row.last_error,
  };
}
