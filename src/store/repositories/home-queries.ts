/**
 * Read-only questions the back-office home asks (S21): the go-live checklist's proofs (a genuine
 * provider notification, a paid test payment) and the recent problems (discrepancies, failing event
 * deliveries, messages that were refused). Each is one small indexed query, so the home stays cheap.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { UNVERIFIED_OUTCOMES } from './notifications.js';

/** Outcomes of a provider message that point at a problem worth an operator's look. */
export const PROBLEM_OUTCOMES: readonly string[] = [
  'bad_signature',
  'amount_mismatch',
  'aps_rejected_request',
  'refused_transition',
];

/** The first provider notification whose signature was verified (the Notification URL works). */
export async function firstGenuineNotification(
  db: Kysely<Database>,
): Promise<{ id: string; receivedAt: string } | undefined> {
  const row = await db
    .selectFrom('notifications')
    .select(['id', 'received_at'])
    .where('channel', '=', 'webhook')
    .where('outcome', 'not in', [...UNVERIFIED_OUTCOMES])
    .orderBy('received_at')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, receivedAt: row.received_at };
}

/** The first test-mode payment that was paid, if any. */
export async function firstPaidTestPayment(db: Kysely<Database>): Promise<{ reference: string } | undefined> {
  const row = await db
    .selectFrom('transactions')
    .select('reference')
    .where('operation', '=', 'online_redirect')
    .where('is_live', '=', 0)
    .where('state', '=', 'done')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row;
}

/** A payment whose provider's books differ from the ledger. */
export interface DiscrepancyRow {
  reference: string;
  text: string;
  at: string;
}

/** The newest payments with a discrepancy. */
export async function recentDiscrepancies(db: Kysely<Database>, limit: number): Promise<DiscrepancyRow[]> {
  const rows = await db
    .selectFrom('transactions')
    .select(['reference', 'discrepancy', 'discrepancy_at'])
    .where('discrepancy', 'is not', null)
    .orderBy('discrepancy_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ reference: r.reference, text: r.discrepancy ?? '', at: r.discrepancy_at ?? '' }));
}

/** An event endpoint with deliveries that failed or are being retried. */
export interface FailingEndpointRow {
  endpointId: string;
  url: string;
  failed: number;
  retrying: number;
  lastError: string | null;
}

/** Endpoints with failed or retrying events, the worst first. */
export async function failingEndpoints(db: Kysely<Database>, limit: number): Promise<FailingEndpointRow[]> {
  const rows = await db
    .selectFrom('events')
    .innerJoin('event_endpoints', 'event_endpoints.id', 'events.endpoint_id')
    .select((eb) => [
      'events.endpoint_id as endpointId',
      'event_endpoints.url as url',
      eb.fn.max('events.last_error').as('lastError'),
      eb.fn.sum<number>(eb.case().when('events.status', '=', 'failed').then(1).else(0).end()).as('failed'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(eb.and([eb('events.status', '=', 'pending'), eb('events.attempts', '>', 0)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('retrying'),
    ])
    .where((eb) =>
      eb.or([
        eb('events.status', '=', 'failed'),
        eb.and([eb('events.status', '=', 'pending'), eb('events.attempts', '>', 0)]),
      ]),
    )
    .groupBy(['events.endpoint_id', 'event_endpoints.url'])
    .execute();
  return rows
    .map((r) => ({
      endpointId: r.endpointId,
      url: r.url,
      failed: Number(r.failed),
      retrying: Number(r.retrying),
      lastError: r.lastError ?? null,
    }))
    .sort((a, b) => b.failed + b.retrying - (a.failed + a.retrying))
    .slice(0, limit);
}

/** A provider message that was refused or pointed at a mismatch. */
export interface ProblemNotificationRow {
  id: string;
  channel: string;
  outcome: string;
  reference: string | null;
  receivedAt: string;
}

/** The newest problem messages received at or after `since`. */
export async function recentProblemNotifications(
  db: Kysely<Database>,
  since: string,
  limit: number,
): Promise<ProblemNotificationRow[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'channel', 'outcome', 'reference', 'received_at'])
    .where('outcome', 'in', [...PROBLEM_OUTCOMES])
    .where('received_at', '>=', since)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    outcome: r.outcome,
    reference: r.reference,
    receivedAt: r.received_at,
  }));
}
