/**
 * Receipts by email (S21). When a payment first becomes paid — `done`, or `authorized` for a payment
 * captured later — and it has a customer email, the state change writes one outbox row in its own
 * database transaction (a unique index keeps it to one per payment, whatever repeats the message). The
 * receipt worker, running only when SMTP_URL is set, sends it afterwards, outside any payment
 * transaction, retrying with backoff: an email failure never touches the payment.
 */
import { retryDelayMs } from '../api/event-delivery.js';
import type { ServiceContext } from '../context.js';
import { loadMerchantSettings } from '../merchant-settings.js';
import { composeReceipt } from './compose.js';
import { sendFailureReason, type Mailer } from './mailer.js';

/** Tuning of {@link startReceiptSender}. */
export interface ReceiptSenderOptions {
  /** Pause between polls (default 2 s). */
  intervalMs?: number;
  /** Receipts claimed per poll (default 10). */
  batchSize?: number;
  /** How long a claim holds a receipt against other workers (default 2 min). */
  leaseMs?: number;
  /** Age after which an unsent receipt is given up (default 3 days, as events). */
  maxAgeMs?: number;
  random?: () => number;
}

/** A running receipt worker. */
export interface ReceiptSender {
  /** Claims and sends one batch now; resolves to the number of receipts attempted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The sender's display name: the merchant's name, else the host customers pay on. */
export function merchantDisplayName(name: string, publicUrl: string): string {
  return name.trim() || new URL(publicUrl).hostname;
}

async function sendOne(
  ctx: ServiceContext,
  mailer: Mailer,
  id: string,
  transactionId: string,
  recipient: string,
  lang: 'en' | 'ar',
): Promise<string | null> {
  const tx = await ctx.store.repos.transactions.findById(transactionId);
  if (!tx) return 'the payment no longer exists';
  // Voided or failed before the receipt went out: a receipt would be wrong now.
  if (tx.state !== 'done' && tx.state !== 'authorized') return `the payment is no longer paid (${tx.state})`;
  const settings = await loadMerchantSettings(ctx);
  const message = composeReceipt({
    lang,
    merchantName: merchantDisplayName(settings.name, ctx.publicUrl),
    state: tx.state,
    amount: tx.amount,
    currency: tx.currency,
    reference: tx.reference,
    orderReference: tx.orderReference,
    paidAt: tx.lastStateChange,
    timeZone: settings.timeZone,
    cardBrand: tx.cardBrand,
    cardLast4: tx.cardLast4,
    isLive: tx.isLive,
  });
  await mailer.send({
    to: recipient,
    lang,
    ...message,
    messageId: `<receipt-${id}@${new URL(ctx.publicUrl).hostname}>`,
  });
  return null;
}

/** Starts the worker that sends queued receipts through `mailer`. */
export function startReceiptSender(
  ctx: ServiceContext,
  mailer: Mailer,
  options: ReceiptSenderOptions = {},
): ReceiptSender {
  const intervalMs = options.intervalMs ?? 2000;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 120_000;
  const maxAgeMs = options.maxAgeMs ?? 3 * DAY_MS;
  const random = options.random ?? Math.random;
  const repos = ctx.store.repos.emailMessages;

  const runOnce = async (): Promise<number> => {
    const now = ctx.clock.now();
    const due = await repos.claimDueReceipts(now, batchSize, leaseMs);
    for (const receipt of due) {
      const age = now.getTime() - new Date(receipt.createdAt).getTime();
      if (age > maxAgeMs) {
        await repos.markAttemptFailed(receipt.id, 'not sent within its time: given up', null);
        continue;
      }
      let problem: string | null;
      try {
        problem = await sendOne(
          ctx,
          mailer,
          receipt.id,
          receipt.transactionId ?? '',
          receipt.recipient,
          receipt.lang,
        );
      } catch (err) {
        const reason = sendFailureReason(err);
        const next = new Date(ctx.clock.now().getTime() + retryDelayMs(receipt.attempts + 1, random));
        const givenUp = next.getTime() - new Date(receipt.createdAt).getTime() > maxAgeMs;
        await repos.markAttemptFailed(receipt.id, reason, givenUp ? null : next);
        ctx.logger.warn(
          {
            emailId: receipt.id,
            transactionId: receipt.transactionId,
            attempts: receipt.attempts + 1,
            reason,
          },
          givenUp ? 'receipt email given up' : 'receipt email failed; will retry',
        );
        continue;
      }
      if (problem) {
        await repos.markAttemptFailed(receipt.id, problem, null);
        ctx.logger.info(
          { emailId: receipt.id, transactionId: receipt.transactionId, problem },
          'receipt email not sent',
        );
        continue;
      }
      await repos.markSent(receipt.id, ctx.clock.now());
      ctx.logger.info({ emailId: receipt.id, transactionId: receipt.transactionId }, 'receipt email sent');
    }
    return due.length;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = runOnce()
      .catch((err: unknown) => ctx.logger.error({ err }, 'receipt worker failed; retrying'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, Math.min(intervalMs, 200));
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
