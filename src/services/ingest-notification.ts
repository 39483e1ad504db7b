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
import { toProviderAccount, toProviderConfig } from './provider-accounts.js';
import { changeState, type StateChangeResult } from './state-changes.js';
import { findOperationTarget, settleParentAfter } from './operation-targets.js';
import { GroupCommit } from './group-commit.js';
import { openIngestBatch, type IngestBatch } from './ingest-batch.js';
import { originalContext } from './reprocess-notification.js';
import { settleOperationsFromStatusCheck } from './reconciliation/settle-operations.js';

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
      // SQLite has one writer. On PostgreSQL a second batch can fill its statements while the first waits
      // for its commit; more than two only made batches smaller and the tail longer (p99 ~140 ms with
      // four against ~100 ms with two, the same throughput: see docs/performance.md).
      { maxBatch: 64, parallel: ctx.store.dialect === 'sqlite' ? 1 : 2 },
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
  return {
    outcome: result.outcome,
    notificationId: result.notificationId,
    ...(result.payment && { payment: result.payment }),
    ...(result.message !== undefined && { message: result.message }),
    ...(result.providerOutcome && { providerOutcome: result.providerOutcome }),
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
  const found = await findOperationTarget(repos, identity, inbound.fields);
  if (!found) {
    return {
      outcome: 'unknown_reference',
      detail: `no transaction for reference ${identity.reference ?? '(none)'}`,
    };
  }
  const { target, payment } = found;
  const record = await repos.providers.findById(target.providerId);
  const provider = providerFor(ctx, inbound.providerCode);
  if (!record || record.code !== inbound.providerCode) {
    return { outcome: 'unknown_reference', detail: 'the transaction belongs to another provider', payment };
  }
  // Opening the sealed credentials is the costly part: once per provider record and batch.
  const cacheKey = `${record.id} ${record.updatedAt}`;
  let account = accounts.get(cacheKey);
  try {
    if (!account) {
      account = toProviderAccount(toProviderConfig(record, ctx.secretBox));
      accounts.set(cacheKey, account);
    }
  } catch (err) {
    return { outcome: 'bad_signature', detail: `cannot verify: ${(err as Error).message}`, target, payment };
  }
  const verdict = provider.interpretMessage(inbound.fields, account, {
    amountMinor: target.amount,
    currency: target.currency,
  });
  if (verdict.kind === 'unverified') {
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
  if (verdict.kind === 'mismatch') {
    const change = await changeState(repos, target, 'error', {
      message: verdict.outcome.message,
      channel: inbound.channel,
      notificationId,
      at,
    });
    return {
      outcome: 'amount_mismatch',
      detail: describeChange(change, verdict.outcome.message),
      target: change.transaction,
      payment: target.id === payment.id ? change.transaction : payment,
      providerOutcome: verdict.outcome,
    };
  }
  const outcome = verdict.outcome;
  if (outcome.fromStatusCheck && outcome.operation !== 'payment' && target.id === payment.id) {
    // The order's last operation is a capture, refund or void: it settles children, not the payment.
    const settled = await settleOperationsFromStatusCheck(repos, payment, outcome, {
      channel: inbound.channel,
      notificationId,
      at,
    });
    return {
      outcome: settled.changed.length > 0 ? 'applied' : 'no_change',
      detail: settled.detail,
      target: settled.payment,
      payment: settled.payment,
      providerOutcome: outcome,
    };
  }
  if (outcome.targetState === null) {
    return { outcome: 'no_change', detail: outcome.description, target, payment, providerOutcome: outcome };
  }
  const details = detailsFrom(target, outcome);
  const change = await changeState(repos, target, outcome.targetState, {
    message: outcome.message,
    channel: inbound.channel,
    notificationId,
    at,
    details,
  });
  // A repeated message may still carry what the first did not (e.g. the card's last four digits).
  if (change.kind === 'duplicate' && Object.keys(details).length > 0) {
    await repos.transactions.updateDetails(target.id, details);
  }
  let settledPayment = target.id === payment.id ? change.transaction : payment;
  if (change.kind === 'applied' && target.id !== payment.id) {
    settledPayment = await settleParentAfter(repos, payment, change.transaction, outcome, {
      channel: inbound.channel,
      notificationId,
      at,
    });
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
    payment: settledPayment,
    providerOutcome: outcome,
  };
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
      ? { paymentMethod: brand.method, cardBrand: brand.brand ?? null }
      : {}),
    ...(outcome.cardLast4 && tx.operation === 'online_redirect' ? { cardLast4: outcome.cardLast4 } : {}),
  };
}

/** A bad-signature message asks for a status check soon: at most one per transaction per minute. */
async function scheduleSoonCheck(repos: Repositories, tx: TransactionRecord, at: string): Promise<void> {
  if (isFinal(tx.state)) return;
  const now = new Date(at).getTime();
  const last = tx.lastCheckAt ? new Date(tx.lastCheckAt).getTime() : 0;
  const when = new Date(Math.max(now, last + MIN_CHECK_SPACING_MS));
  await repos.transactions.scheduleCheck(tx.id, when, { keepEarlier: true });
}
