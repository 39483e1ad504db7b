/**
 * "Reprocess" of a recorded provider message (S11): the original fields, kept sealed beside the masked
 * copy, run through ingestion again — e.g. after the transaction was imported or the response phrase
 * fixed. The run is logged as a new notification on the same channel.
 */
import { NotFound, ValidationError } from '../errors.js';
import type { ProviderMessage } from '../providers/provider.js';
import type { ServiceContext } from './context.js';
import { ingestMessage, type IngestChannel, type IngestResult } from './ingest-notification.js';

/** The secret-box context binding a sealed original to its notification. */
export function originalContext(notificationId: string): string {
  return `notification:${notificationId}`;
}

/** Runs a recorded message through ingestion again; its original signature is verified as first received. */
export async function reprocessNotification(
  ctx: ServiceContext,
  notificationId: string,
): Promise<IngestResult> {
  const notification = await ctx.store.repos.notifications.findById(notificationId);
  if (!notification) throw new NotFound(`No notification ${notificationId}`);
  const sealed = await ctx.store.repos.notifications.findOriginal(notificationId);
  if (!sealed) {
    throw new ValidationError(
      'This notification was recorded without its original and cannot be reprocessed.',
    );
  }
  const fields = JSON.parse(ctx.secretBox.open(sealed, originalContext(notificationId))) as ProviderMessage;
  return ingestMessage(ctx, {
    providerCode: notification.providerCode,
    channel: notification.channel as IngestChannel,
    fields,
    contentType: notification.contentType,
    sourceIp: notification.sourceIp,
  });
}
