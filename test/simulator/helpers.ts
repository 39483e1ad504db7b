/**
 * Test helpers for the simulator: manual timers, a real `node:http` receiver for feedback, signing of
 * requests, and driving the hosted page through `app.inject()`.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../src/clock.js';
import { sign, verifySignature } from '../../src/providers/aps/signature.js';
import { createSimulator, type MerchantAccount, type Timers } from '../../src/simulator/index.js';

/** Timers that only fire when the test advances them. */
export class ManualTimers implements Timers {
  private now = 0;
  private nextId = 1;
  private readonly queue = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.queue.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.queue.delete(handle as number);
  }

  /** Delays of the timers waiting to fire, relative to now. */
  pendingDelays(): number[] {
    return [...this.queue.values()].map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  /** Moves time forward, firing every timer that falls due (in order). */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.queue.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.queue.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = until;
  }

  /** Resolves once at least `count` timers are waiting. */
  async waitForTimers(count = 1): Promise<void> {
    while (this.queue.size < count) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** One request the receiver got. */
export interface Received {
  url: string;
  contentType: string;
  body: string;
  fields: Record<string, string>;
}

/** A local HTTP server standing in for the merchant's feedback endpoint. */
export interface Receiver {
  url: string;
  received: Received[];
  /** HTTP statuses to answer, in order; after the list, 200. */
  statuses: number[];
  waitFor(count: number): Promise<Received[]>;
  close(): Promise<void>;
}

function parseBody(contentType: string, body: string): Record<string, string> {
  if (contentType.startsWith('application/json')) return JSON.parse(body) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(body));
}

/** Starts a receiver on 127.0.0.1 and a random port. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const contentType = request.headers['content-type'] ?? '';
      received.push({ url: request.url ?? '', contentType, body, fields: parseBody(contentType, body) });
      const status = receiver.statuses.shift() ?? 200;
      response.writeHead(status, status === 302 ? { location: '/elsewhere' } : {}).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/payment/aps/webhook`,
    received,
    statuses: [...statuses],
    async waitFor(count) {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return received;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** A simulator on a manual clock and manual timers, with one account configured by `settings`. */
export async function setup(
  settings: Partial<MerchantAccount> = {},
  options: { pendingResolutionMs?: number } = {},
) {
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const timers = new ManualTimers();
  const sim = createSimulator({
    clock,
    timers,
    feedbackRetry: { attempts: 3, intervalMs: 10_000 },
    ...options,
  });
  const response = await sim.app.inject({
    method: 'PUT',
    url: '/_sim/accounts/TestMerchant',
    payload: {
      shaRequestPhrase: 'reqPhrase123',
      shaResponsePhrase: 'resPhrase456',
      accessCode: 'AccessCode1234567890',
      ...settings,
    },
  });
  assert.equal(response.statusCode, 201, response.body);
  const account = (response.json() as { account: MerchantAccount }).account;
  return { sim, app: sim.app, account, clock, timers };
}

let counter = 0;
/** A fresh merchant reference. */
export function reference(): string {
  counter += 1;
  return `ORDER-${process.pid}-${counter}`;
}

/** A valid, signed PURCHASE request for `account`, with `overrides` applied before signing. */
export function pageRequest(
  account: MerchantAccount,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return sign(
    {
      command: 'PURCHASE',
      access_code: account.accessCode,
      merchant_identifier: account.merchantIdentifier,
      merchant_reference: reference(),
      amount: '10000',
      currency: 'SAR',
      language: 'en',
      customer_email: 'customer@example.com',
      return_url: 'https://shop.example/payment/aps/return',
      ...overrides,
    },
    account.shaRequestPhrase,
    account.shaType,
  );
}

/** A signed paymentApi request body. */
export function apiRequest(account: MerchantAccount, params: Record<string, string>): Record<string, string> {
  return sign(
    {
      access_code: account.accessCode,
      merchant_identifier: account.merchantIdentifier,
      language: 'en',
      ...params,
    },
    account.shaRequestPhrase,
    account.shaType,
  );
}

/** Posts a form through `app.inject()`; follows the hosted page's 303 to its card form, as a browser would. */
export async function postForm(
  app: ReturnType<typeof createSimulator>['app'],
  url: string,
  fields: Record<string, string>,
) {
  const answer = await app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const location = answer.headers.location;
  // Only the hosted page's own redirect: the dashboard's 303s are what its tests look at.
  if (answer.statusCode !== 303 || typeof location !== 'string') return answer;
  if (!location.startsWith('/FortAPI/paymentPage/session/')) return answer;
  return app.inject({ method: 'GET', url: location });
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&#96;': '`',
};
function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (m) => ENTITIES[m] ?? m);
}

/** The attributes of every `<tag …>` of a page, in order. */
export function tagsOf(page: string, tag: string): Array<Record<string, string>> {
  return [...page.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map((match) => {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
      attributes[attribute[1] ?? ''] = decode(attribute[2] ?? '');
    }
    return attributes;
  });
}

/** The first form of a page: its action and the values of its hidden inputs. */
export function formOf(page: string): { action: string; fields: Record<string, string> } {
  const action = tagsOf(page, 'form')[0]?.action;
  assert.ok(action !== undefined, `no form in page:\n${page}`);
  const fields: Record<string, string> = {};
  for (const input of tagsOf(page, 'input')) {
    if (input.type === 'hidden' && input.name !== undefined) fields[input.name] = input.value ?? '';
  }
  return { action, fields };
}

/** A card the customer types on the hosted page. */
export interface CardForm {
  card_number?: string;
  expiry_date?: string;
  card_security_code?: string;
  card_holder_name?: string;
  cancel?: string;
}

/** Opens the hosted page with `request` and submits `card`; returns the answer page. */
export async function pay(
  app: ReturnType<typeof createSimulator>['app'],
  request: Record<string, string>,
  card: CardForm,
) {
  const opened = await postForm(app, '/FortAPI/paymentPage', request);
  assert.equal(opened.statusCode, 200, opened.body);
  const { action } = formOf(opened.body);
  assert.match(action, /^\/FortAPI\/paymentPage\/session\/[0-9a-f]{32}$/, 'expected the hosted card page');
  const fields = {
    card_number: '4005550000000001',
    expiry_date: '3005',
    card_security_code: '123',
    card_holder_name: 'Jane Doe',
    ...card,
  };
  const page = await postForm(app, action, fields as Record<string, string>);
  return { action, page };
}

/** Asserts that `fields` carry a signature made with the account's response phrase. */
export function assertSignedByResponsePhrase(fields: Record<string, string>, account: MerchantAccount): void {
  const result = verifySignature(fields, account.shaResponsePhrase, account.shaType);
  assert.ok(result.valid, `signature does not verify with the response phrase: ${JSON.stringify(fields)}`);
}

/** Waits until `check()` holds (polling), failing after a generous bound. */
export async function eventually(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}
