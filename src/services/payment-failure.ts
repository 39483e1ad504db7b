/**
 * Why a payment failed or was cancelled, for the customer's status page (S21): the provider reads its
 * own messages about the payment (newest first) and names the kind; the page never shows the
 * provider's raw wording as the explanation.
 */
import type { FailureKind, ProviderMessage } from '../providers/provider.js';
import type { TransactionRecord } from '../store/repositories/index.js';
import type { ServiceContext } from './context.js';

export type { FailureKind } from '../providers/provider.js';

/** Outcomes of messages that were verified and read as they are (a forged or refused one tells nothing). */
const TRUSTED_OUTCOMES: ReadonlySet<string> = new Set(['applied', 'duplicate', 'no_change']);

function parsePayload(payload: string): ProviderMessage | null {
  // Recorded as JSON; older copies may be the form body itself.
  if (!payload.trimStart().startsWith('{')) return Object.fromEntries(new URLSearchParams(payload));
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const fields: ProviderMessage = {};
    for (const [key, field] of Object.entries(value)) if (typeof field === 'string') fields[key] = field;
    return fields;
  } catch {
    return null;
  }
}

/**
 * The kind of failure of a failed (`error`) or cancelled payment, from the latest trusted provider
 * message that reports one; `other` when none does; null for a payment in any other state.
 */
export async function paymentFailureKind(
  ctx: ServiceContext,
  tx: Pick<TransactionRecord, 'id' | 'state'>,
): Promise<FailureKind | null> {
  if (tx.state !== 'error' && tx.state !== 'cancel') return null;
  const messages = await ctx.store.repos.notifications.listByTransaction(tx.id);
  for (const notification of messages.reverse()) {
    if (!TRUSTED_OUTCOMES.has(notification.outcome)) continue;
    const provider = ctx.providers[notification.providerCode];
    const fields = provider ? parsePayload(notification.payload) : null;
    const kind = provider && fields ? provider.failureKind(fields) : null;
    if (kind) return kind;
  }
  return 'other';
}
