/**
 * Direct Transaction Feedback and Notifications (reference §4.2): a signed POST, form-encoded or JSON,
 * to the account's URL, retried until the merchant answers 2xx or 302 (10 attempts 10 s apart by
 * default). Every attempt lands in the delivery log. Fault injection can delay, duplicate, re-format
 * or corrupt them, and hold Notifications back until a test releases them in the order it wants.
 */
import type { FastifyBaseLogger } from 'fastify';
import { corrupts } from './faults.js';
import { newOpaqueId } from './ids.js';
import type { Delivery, FeedbackFormat, MerchantAccount } from './model.js';
import { signAnswer, type Fields } from './responses.js';
import type { SimulatorState } from './state.js';
import type { TimerGroup } from './timers.js';

/** How often and how far apart a feedback is attempted. */
export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  intervalMs: number;
}

/** APS' legacy schedule: 10 attempts, 10 seconds apart. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, intervalMs: 10_000 };

/** What the sender needs from the simulator. */
export interface FeedbackSenderDeps {
  state: SimulatorState;
  timers: TimerGroup;
  retry: RetryPolicy;
  /** Per-attempt HTTP timeout. */
  attemptTimeoutMs: number;
  log: FastifyBaseLogger;
}

function encode(format: FeedbackFormat, payload: Fields): { body: string; contentType: string } {
  return format === 'json'
    ? { body: JSON.stringify(payload), contentType: 'application/json' }
    : { body: new URLSearchParams(payload).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** The merchant acknowledged: any 2xx, or a 302 (APS counts a redirect as received). */
export function isAcknowledged(status: number): boolean {
  return (status >= 200 && status < 300) || status === 302;
}

/** Sends feedback and keeps retrying it; `close()` aborts what is in flight. */
export class FeedbackSender {
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly deps: FeedbackSenderDeps) {}

  /**
   * Signs `fields` and sends them on `channel` to the account's URL (nothing when that URL is empty).
   * The promise settles once the first attempt of every copy has finished, which is what the
   * "feedback before the browser return" fault waits for; retries continue in the background.
   */
  send(account: MerchantAccount, channel: Delivery['channel'], fields: Fields): Promise<void> {
    const url = channel === 'direct' ? account.directFeedbackUrl : account.notificationUrl;
    if (url === '' || this.closed) return Promise.resolve();
    const { faults } = this.deps.state;
    const payload = signAnswer(account, fields, corrupts(faults, 'feedback'));
    const format = faults.feedbackFormat ?? account.feedbackFormat;
    // Only Notifications are held: they are what arrives "late" in APS' world; the Direct
    // Transaction Feedback belongs to the customer's payment and has its own delay/reorder faults.
    const hold = channel === 'notification' && faults.holdNotifications;
    const firsts: Array<Promise<void>> = [];
    for (let copy = 0; copy < faults.feedbackCopies; copy++) {
      const delivery: Delivery = {
        id: newOpaqueId(8),
        channel,
        merchantIdentifier: account.merchantIdentifier,
        merchantReference: fields.merchant_reference ?? '',
        url,
        format,
        payload,
        state: hold ? 'held' : 'pending',
        attempts: [],
        createdAt: this.deps.state.now(),
      };
      this.deps.state.addDelivery(delivery);
      if (!hold) firsts.push(this.firstAttempt(delivery, faults.feedbackDelayMs));
    }
    this.deps.state.changed();
    return Promise.all(firsts).then(() => undefined);
  }

  /** Picks up deliveries left pending by a previous run (state file): next attempt after one interval. */
  resume(): void {
    for (const delivery of this.deps.state.deliveries) {
      if (delivery.state === 'pending')
        this.deps.timers.schedule(() => this.attempt(delivery), this.deps.retry.intervalMs);
    }
  }

  /**
   * Sends held deliveries now, one after the other in the given order, each only once the previous
   * one's first attempt has finished, so that the merchant receives them in exactly that order.
   * Retries of an unacknowledged one continue in the background; the feedback delay does not apply.
   */
  async release(deliveries: readonly Delivery[]): Promise<void> {
    for (const delivery of deliveries) {
      if (this.closed || delivery.state !== 'held') continue;
      delivery.state = 'pending';
      this.deps.state.changed();
      await this.attempt(delivery);
    }
  }

  /** Stops retrying and aborts requests in flight. */
  close(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort();
  }

  private async firstAttempt(delivery: Delivery, delayMs: number): Promise<void> {
    try {
      if (delayMs > 0) await this.deps.timers.sleep(delayMs);
      else await new Promise((resolve) => setImmediate(resolve));
    } catch {
      return; // closed while waiting
    }
    await this.attempt(delivery);
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (this.closed) return;
    const { body, contentType } = encode(delivery.format, delivery.payload);
    const controller = new AbortController();
    this.inFlight.add(controller);
    const at = this.deps.state.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(this.deps.attemptTimeoutMs)]),
      });
      httpStatus = response.status;
      await response.body?.cancel().catch(() => undefined);
    } catch (err) {
      error =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    } finally {
      this.inFlight.delete(controller);
    }
    if (this.closed && httpStatus === null) return;
    delivery.attempts.push({ at, httpStatus, error });
    if (httpStatus !== null && isAcknowledged(httpStatus)) {
      delivery.state = 'delivered';
    } else if (delivery.attempts.length >= this.deps.retry.attempts) {
      delivery.state = 'failed';
      this.deps.log.warn(
        { url: delivery.url, attempts: delivery.attempts.length },
        'feedback was never acknowledged',
      );
    } else {
      this.deps.timers.schedule(() => this.attempt(delivery), this.deps.retry.intervalMs);
    }
    this.deps.state.changed();
  }
}
