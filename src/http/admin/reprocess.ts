/**
 * "Reprocess" of a recorded provider message (S11): runs it through ingestion again, for outcomes that a
 * later fix can change.
 */
import type { ServiceContext } from '../../services/context.js';
import { reprocessNotification } from '../../services/reprocess-notification.js';

/** The ingestion entry point for one stored notification. */
export type ReprocessNotification = (ctx: ServiceContext, notificationId: string) => Promise<unknown>;

/** Outcomes worth another run: the transaction was imported since, or the response phrase was fixed. */
export const REPROCESSABLE_OUTCOMES: readonly string[] = ['unknown_reference', 'bad_signature'];

/** The ingestion service's reprocess function. */
export function reprocessor(): ReprocessNotification | undefined {
  return reprocessNotification;
}

/** Whether a notification with this outcome gets a Reprocess button. */
export function canReprocess(outcome: string): boolean {
  return reprocessor() !== undefined && REPROCESSABLE_OUTCOMES.includes(outcome);
}

/** The outcome text a reprocess result carries, when it carries one. */
export function outcomeOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const outcome = (result as { outcome?: unknown }).outcome;
  return typeof outcome === 'string' ? outcome : undefined;
}
