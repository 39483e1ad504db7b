/**
 * Ingestion of provider messages (S7): record → find → verify → check → apply, in one database
 * transaction per message, so nothing is acknowledged that was not stored. Return, webhook and status
 * check answers all go through here; the routes only map the result to HTTP.
 */
import { newId } from '../crypto/random.js';
import { methodFromBrandOption } from '../domain/payment-methods.js';
import { isFinal } from '../domain/transaction-state.js';
import type {
  MessageIdentity,
  ProviderAccount,
  ProviderMessage,
  ProviderOutcome,
} from '../providers/provider.js';
import type {
  Repositories,
  TransactionDetailsPatch,
  TransactionRecord,
} from '../store/repositories/index.js';
import type { Channel } from '../store/schema.js';
import { providerFor, type ServiceContext } from './context.js';
import { accountForMethod } from './apple-pay-settings.js';
import { toProviderAccount, toProviderConfig } from './provider-accounts.js';
import { changeState, type StateChangeResult } from './state-changes.js';
import { findOperationTarget } from './operation-targets.js';
import { resolveMaintenanceMessage } from './ingest-maintenance.js';
import { GroupCommit } from './group-commit.js';
import { openIngestBatch, type IngestBatch } from './ingest-batch.js';
import { originalContext } from './reprocess-notification.js';
import { applyStatusCheck } from './reconciliation/settle-operations.js';
import { keepCardOfPayment } from './cards/saved-cards.js';

/** The outcomes recorded on a notification (S7). */
export type IngestOutcome =
  | 'applied'
  | 'duplicate'
  | 'refused_transition'
  | 'bad_signature'
  | 'unknown_reference'
  | 'amount_mismatch'
  | 'aps_rejected_request'
  | 'no_change';

/** Channels a provider message arrives on. */
export type IngestChannel = Extract<Channel, 'return' | 'webhook' | 'status_check' | 'admin' | 'api'>;

/** One message as it arrived, already parsed to a flat map of strings. */
export interface InboundMessage {
  providerCode: string;
  channel: IngestChannel;
  fields: ProviderMessage;
  contentType?: string | null;
  sourceIp?: string | null;
  /** The child whose request this message answers (an operation's own answer), by reference. */
  expectedChild?: string;
}

/** What ingestion concluded; the route turns it into an HTTP answer. */
export interface IngestResult {
  outcome: IngestOutcome;
  notificationId: string;
  /** The customer's payment (the parent for maintenance operations), when found. */
  payment?: TransactionRecord;
  /** Text for the person looking: the provider's rejection, or the refusal reason. */
  message?: string;
  /** The provider's interpretation, when the message was verified. */
  providerOutcome?: ProviderOutcome;
  /** The payment's books must be asked now (an ambiguous or out-of-band operation message). */
  checkNow?: boolean;
  /** A new difference between the ledger and the provider's books was recorded. */
  discrepancy?: boolean;
}

const MIN_CHECK_SPACING_MS = 60_000;

interface Prepared {
  inbound: InboundMessage;
  identity: MessageIdentity;
  masked: ProviderMessage;
  at: string;
  id: string;
  originalSealed: string;
}

type Committed = Processed & { notificationId: string };

const committers = new WeakMap<ServiceContext, GroupCommit<Prepared, Committed>>();

/** The group committer of a service context: ingestion of concurrent messages shares commits. */
function committerFor(ctx: ServiceContext): GroupCommit<Prepared, Committed> {
  let committer = committers.get(ctx);
  if (!committer) {
    committer = new GroupCommit<Prepared, Committed>(
      ctx.store,
      (repos, items) => ingestBatch(ctx, repos, items),
      (prepared) => prepared.identity.reference ?? '',
      // A second batch runs its statements while the first waits for its commit to be durable (SQLite:
      // the WAL sync of wal-sync.ts, after the single connection is released); more than two only made
      // batches smaller and the tail longer (p99 ~140 ms with four against ~100 ms with two on
      // PostgreSQL, the same throughput: see docs/performance.md).
      { maxBatch: 64, parallel: 2 },
    );
    committers.set(ctx, committer);
  }
  return committer;
}

/**
 * Runs S7 steps 1–5 for one message, in one database transaction (possibly shared with other messages
 * arriving at the same moment: see group-commit.ts). Resolves only after the commit; throws
 * `Unavailable` when the database cannot be reached.
 */
export async function ingestMessage(ctx: ServiceContext, inbound: InboundMessage): Promise<IngestResult> {
  const provider = providerFor(ctx, inbound.providerCode);
  const id = newId(ctx.clock);
  const result = await committerFor(ctx).submit({
    inbound,
    identity: provider.identifyMessage(inbound.fields),
    masked: provider.maskMessage(inbound.fields),
    at: ctx.clock.now().toISOString(),
    id,
    originalSealed: ctx.secretBox.seal(JSON.stringify(inbound.fields), originalContext(id)),
  });
  ctx.metrics.notifications.labels(inbound.channel, result.outcome).inc();
  if (result.discrepancy) ctx.metrics.ledgerDiscrepancies.inc();
  if (result.checkNow && result.payment) ctx.checkSoon?.(result.payment.reference);
  return {
    outcome: result.outcome,
    notificationId: result.notificationId,
    ...(result.payment && { payment: result.payment }),
    ...(result.message !== undefined && { message: result.message }),
    ...(result.providerOutcome && { providerOutcome: result.providerOutcome }),
    ...(result.checkNow && { checkNow: true }),
    ...(result.discrepancy && { discrepancy: true }),
  };
}

/** The messages of one database transaction: their payments locked together, their rows written together. */
async function ingestBatch(
  ctx: ServiceContext,
  repos: Repositories,
  items: readonly Prepared[],
): Promise<Committed[]> {
  const batch = openIngestBatch(repos);
  await batch.prelock(
    items.flatMap(({ identity }) =>
      identity.operation === 'payment' && identity.reference ? [identity.reference] : [],
    ),
  );
  const accounts = new Map<string, ProviderAccount>();
  const out: Committed[] = [];
  for (const item of items) out.push(await recordAndProcess(ctx, batch, accounts, item));
  await batch.flush();
  return out;
}

/** Step 1 (record) then steps 2–5, inside the batch's transaction. */
async function recordAndProcess(
  ctx: ServiceContext,
  batch: IngestBatch,
  accounts: Map<string, ProviderAccount>,
  prepared: Prepared,
): Promise<Committed> {
  const { inbound, identity, at } = prepared;
  batch.recordNotification({
    id: prepared.id,
    originalSealed: prepared.originalSealed,
    channel: inbound.channel,
    receivedAt: at,
    sourceIp: inbound.sourceIp ?? null,
    contentType: inbound.contentType ?? null,
    payload: JSON.stringify(prepared.masked),
    providerCode: inbound.providerCode,
    reference: identity.reference ?? null,
    outcome: 'received',
  });
  const outcome = await processMessage(ctx, batch.repos, accounts, inbound, identity, prepared.id, at);
  await batch.setNotificationOutcome(prepared.id, {
    outcome: outcome.outcome,
    detail: outcome.detail ?? null,
    transactionId: outcome.target?.id ?? null,
  });
  return { ...outcome, notificationId: prepared.id };
}

interface Processed {
  outcome: IngestOutcome;
  detail?: string;
  target?: TransactionRecord;
  payment?: TransactionRecord;
  message?: string;
  providerOutcome?: ProviderOutcome;
  checkNow?: boolean;
  discrepancy?: boolean;
}

async function processMessage(
  ctx: ServiceContext,
  repos: Repositories,
  accounts: Map<string, ProviderAccount>,
  inbound: InboundMessage,
  identity: MessageIdentity,
  notificationId: string,
  at: string,
): Promise<Processed> {
  const found = await findOperationTarget(repos, identity, inbound.expectedChild);
  if (!found) {
    return {
      outcome: 'unknown_reference',
      detail: `no transaction for reference ${identity.reference ?? '(none)'}`,
    };
  }
  const { payment } = found;
  // The transaction the message names exactly: the payment, or the child it (or the caller) names.
  const named = identity.operation === 'payment' ? payment : found.child;
  const record = await repos.providers.findById(payment.providerId);
  const provider = providerFor(ctx, inbound.providerCode);
  if (!record || record.code !== inbound.providerCode) {
    return { outcome: 'unknown_reference', detail: 'the transaction belongs to another provider', payment };
  }
  // Opening the sealed credentials is the costly part: once per provider record and batch.
  const cacheKey = `${record.id} ${record.updatedAt} ${payment.paymentMethod === 'apple_pay' ? 'apple_pay' : ''}`;
  let account = accounts.get(cacheKey);
  try {
    if (!account) {
      // Apple Pay messages are signed with the Apple Pay phrases and carry its access code (S19).
      account =
        payment.paymentMethod === 'apple_pay'
          ? await accountForMethod(ctx, repos, toProviderConfig(record, ctx.secretBox), 'apple_pay')
          : toProviderAccount(toProviderConfig(record, ctx.secretBox));
      accounts.set(cacheKey, account);
    }
  } catch (err) {
    return {
      outcome: 'bad_signature',
      detail: `cannot verify: ${(err as Error).message}`,
      target: named ?? payment,
      payment,
    };
  }
  const verdict = provider.interpretMessage(
    inbound.fields,
    account,
    named ? { amountMinor: named.amount, currency: named.currency } : undefined,
  );
  if (verdict.kind === 'unverified') {
    const target = named ?? payment;
    if (verdict.rejection && inbound.channel === 'return') {
      return {
        outcome: 'aps_rejected_request',
        detail: `${verdict.rejection.responseCode} ${verdict.rejection.message}`,
        message: verdict.rejection.message,
        target,
        payment,
      };
    }
    await scheduleSoonCheck(repos, target, at);
    return { outcome: 'bad_signature', detail: `signature ${verdict.reason}`, target, payment };
  }
  const source = { channel: inbound.channel, notificationId, at };
  if (verdict.kind === 'mismatch') {
    if (!named) {
      return {
        outcome: 'amount_mismatch',
        detail: `${verdict.outcome.message}; nothing changed`,
        target: payment,
        payment,
        providerOutcome: verdict.outcome,
      };
    }
    const change = await changeState(repos, named, 'error', { ...source, message: verdict.outcome.message });
    return {
      outcome: 'amount_mismatch',
      detail: describeChange(change, verdict.outcome.message),
      target: change.transaction,
      payment: await paymentAfter(repos, payment, change.transaction),
      providerOutcome: verdict.outcome,
    };
  }
  const outcome = verdict.outcome;
  if (outcome.fromStatusCheck) {
    const settled = await applyStatusCheck(repos, payment, outcome, {
      ...source,
      details: detailsFrom(payment, outcome),
    });
    if (settled.paymentChange === 'applied')
      await keepCardOfPayment(ctx, repos, settled.payment, outcome, at);
    const outcomeKind: IngestOutcome =
      settled.changed.length > 0
        ? 'applied'
        : settled.paymentChange === 'duplicate'
          ? 'duplicate'
          : settled.paymentChange === 'refused'
            ? 'refused_transition'
            : 'no_change';
    return {
      outcome: outcomeKind,
      detail: settled.detail,
      target: named ?? settled.payment,
      payment: settled.payment,
      providerOutcome: outcome,
      ...(settled.discrepancy && { discrepancy: true }),
    };
  }
  if (named) {
    const applied = await applyToTransaction(repos, payment, named, outcome, source);
    // A payment that just succeeded keeps its card when it was asked to (S18), in this same transaction.
    if (applied.outcome === 'applied' && applied.payment?.id === named.id)
      await keepCardOfPayment(ctx, repos, applied.payment, outcome, at);
    return applied;
  }
  if (outcome.currency !== undefined && outcome.currency !== payment.currency) {
    return {
      outcome: 'amount_mismatch',
      detail: `currency mismatch: expected ${payment.currency}, received ${outcome.currency}; nothing changed`,
      target: payment,
      payment,
      providerOutcome: outcome,
    };
  }
  const resolved = await resolveMaintenanceMessage(repos, payment, outcome, source);
  switch (resolved.kind) {
    case 'child':
      return applyToTransaction(repos, payment, resolved.child, outcome, source);
    case 'duplicate':
      return {
        outcome: 'duplicate',
        detail: resolved.detail,
        target: resolved.child,
        payment,
        providerOutcome: outcome,
      };
    case 'created':
      return {
        outcome: 'applied',
        detail: resolved.detail,
        target: resolved.child,
        payment: await paymentAfter(repos, payment, resolved.child),
        providerOutcome: outcome,
        checkNow: true,
      };
    case 'check_asked':
      return {
        outcome: 'no_change',
        detail: resolved.detail,
        target: payment,
        payment,
        providerOutcome: outcome,
        checkNow: true,
      };
    case 'nothing':
      return {
        outcome: 'no_change',
        detail: resolved.detail,
        target: payment,
        payment,
        providerOutcome: outcome,
      };
  }
}

/** Applies `outcome` to the transaction it is about (the payment or one of its children). */
async function applyToTransaction(
  repos: Repositories,
  payment: TransactionRecord,
  target: TransactionRecord,
  outcome: ProviderOutcome,
  source: { channel: IngestChannel; notificationId: string; at: string },
): Promise<Processed> {
  if (outcome.targetState === null) {
    return { outcome: 'no_change', detail: outcome.description, target, payment, providerOutcome: outcome };
  }
  const details = detailsFrom(target, outcome);
  const change = await changeState(repos, target, outcome.targetState, {
    ...source,
    message: outcome.message,
    details,
  });
  // A repeated message may still carry what the first did not (e.g. the card's last four digits).
  if (change.kind === 'duplicate' && Object.keys(details).length > 0) {
    await repos.transactions.updateDetails(target.id, details);
  }
  return {
    outcome:
      change.kind === 'applied'
        ? 'applied'
        : change.kind === 'duplicate'
          ? 'duplicate'
          : 'refused_transition',
    detail: describeChange(change, outcome.description),
    target: change.transaction,
    payment: await paymentAfter(repos, payment, change.transaction),
    providerOutcome: outcome,
  };
}

/** The payment as it is after a change of `changed` (itself, or one of its children). */
async function paymentAfter(
  repos: Repositories,
  payment: TransactionRecord,
  changed: TransactionRecord,
): Promise<TransactionRecord> {
  if (changed.id === payment.id) return changed;
  return (await repos.transactions.findById(payment.id)) ?? payment;
}

function describeChange(change: StateChangeResult, text: string): string {
  switch (change.kind) {
    case 'applied':
      return `${change.previous} → ${change.transaction.state}: ${text}`;
    case 'duplicate':
      return `already ${change.transaction.state}: ${text}`;
    case 'refused':
      return `${change.reason} (${text})`;
  }
}

/** What the provider told us: its reference, the actual method/brand, the last four digits. */
function detailsFrom(tx: TransactionRecord, outcome: ProviderOutcome): TransactionDetailsPatch {
  const brand = outcome.paymentOption ? methodFromBrandOption(outcome.paymentOption) : null;
  return {
    ...(outcome.providerReference && !tx.providerReference
      ? { providerReference: outcome.providerReference }
      : {}),
    ...(brand && tx.operation === 'online_redirect'
      ? // A wallet or an installments payment is made with a card: it keeps its method and gains the brand.
        {
          paymentMethod: keepsMethod(tx, brand.method) ? tx.paymentMethod : brand.method,
          cardBrand: brand.brand ?? null,
        }
      : {}),
    ...(outcome.cardLast4 && tx.operation === 'online_redirect' ? { cardLast4: outcome.cardLast4 } : {}),
    ...(outcome.installments && tx.operation === 'online_redirect' && !sameInstallments(tx, outcome)
      ? { installments: outcome.installments }
      : {}),
  };
}

/** A card-based method (installments) is not replaced by the card brand the provider reports. */
function keepsMethod(tx: TransactionRecord, reported: string): boolean {
  if (tx.paymentMethod === 'apple_pay') return true; // the wallet stays the method; the card is the brand
  return tx.paymentMethod === 'installments' && reported === 'card';
}

/** True when the payment already holds the plan this outcome reports (a repeated message). */
function sameInstallments(tx: TransactionRecord, outcome: ProviderOutcome): boolean {
  const a = tx.installments;
  const b = outcome.installments;
  return (
    a !== null &&
    b !== undefined &&
    a.numberOfInstallments === b.numberOfInstallments &&
    a.planCode === b.planCode &&
    a.issuerCode === b.issuerCode
  );
}

/** A bad-signature message asks for a status check soon: at most one per transaction per minute. */
async function scheduleSoonCheck(repos: Repositories, tx: TransactionRecord, at: string): Promise<void> {
  if (isFinal(tx.state)) return;
  const now = new Date(at).getTime();
  const last = tx.lastCheckAt ? new Date(tx.lastCheckAt).getTime() : 0;
  const when = new Date(Math.max(now, last + MIN_CHECK_SPACING_MS));
  await repos.transactions.scheduleCheck(tx.id, when, { keepEarlier: true });
}
