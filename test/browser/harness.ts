/**
 * A customer's browser journey for the S21 browser tests: payport listening on a random port, the APS
 * simulator on another, configured the way the seed tells a merchant to configure APS, and Chromium
 * (Debian's, through playwright-core). Screenshots go to `test-output/first-hour/` (git-ignored).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Config } from '../../src/config.js';
import { newProviderConfig } from '../../src/domain/provider.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport, type RunningPayport } from '../../src/server.js';
import { toProviderPatch } from '../../src/services/provider-accounts.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { TEST_CREDENTIALS } from '../support/payport.js';

const CHROMIUM = '/usr/bin/chromium';
/** Why the browser tests cannot run here, or false when they can. */
export const skipWithoutChromium = existsSync(CHROMIUM)
  ? false
  : `Chromium is not installed at ${CHROMIUM} (CI installs the "chromium" package)`;

/** The two screen sizes every customer page is looked at in (S21). */
export const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const SCREENSHOTS = join(process.cwd(), 'test-output', 'first-hour');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** payport, the simulator and a browser, connected. */
export interface Journey {
  browser: Browser;
  payport: RunningPayport;
  sim: Simulator;
  payportUrl: string;
  simUrl: string;
  close(): Promise<void>;
}

/** Starts payport and the simulator, connects them through a published Test provider, opens Chromium. */
export async function startJourney(): Promise<Journey> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const sim = createSimulator({ logger: false, feedbackRetry: { attempts: 3, intervalMs: 200 } });
  const simUrl = await sim.app.listen({ port: 0, host: '127.0.0.1' });
  const port = await freePort();
  const payportUrl = `http://127.0.0.1:${port}`;
  const config: Config = {
    port,
    host: '127.0.0.1',
    publicUrl: payportUrl,
    databaseUrl: undefined,
    dataDir: mkdtempSync(join(tmpdir(), 'payport-browser-')),
    secret: 'browser-test-secret-0123456789-abcdefghij',
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'warn',
  };
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  const payport = await startPayport(config, { listen: false, logger: createLogger('warn', quiet) });
  await payport.app.listen({ port, host: '127.0.0.1' });
  const services = payport.context.services;
  const record = await services.store.repos.providers.insert({
    code: 'aps',
    name: 'Amazon Payment Services',
  });
  const provider = newProviderConfig({
    id: record.id,
    state: 'test',
    isPublished: true,
    ...TEST_CREDENTIALS,
    customBaseUrl: simUrl,
    paymentMethods: ['card', 'mada'],
  });
  await services.store.repos.providers.update(record.id, toProviderPatch(provider, services.secretBox));
  const res = await fetch(`${simUrl}/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      accessCode: TEST_CREDENTIALS.accessCode,
      shaRequestPhrase: TEST_CREDENTIALS.shaRequestPhrase,
      shaResponsePhrase: TEST_CREDENTIALS.shaResponsePhrase,
      shaType: 'sha256',
      originUrl: payportUrl,
      redirectionUrl: `${payportUrl}/payment/aps/return`,
      directFeedbackUrl: `${payportUrl}/payment/aps/webhook`,
      notificationUrl: `${payportUrl}/payment/aps/webhook`,
    }),
  });
  assert.ok(res.ok, `simulator account: ${res.status} ${await res.text()}`);
  return {
    browser,
    payport,
    sim,
    payportUrl,
    simUrl,
    async close() {
      await browser.close();
      await payport.close();
      await sim.close();
    },
  };
}

/**
 * Runs `run` in a fresh browser context of the given size and fails when any page logged a console
 * error (a 404 favicon, a CSP violation) or a failed request.
 */
export async function withPage<T>(
  journey: Journey,
  viewport: { width: number; height: number },
  run: (page: Page) => Promise<T>,
): Promise<T> {
  const context: BrowserContext = await journey.browser.newContext({ viewport });
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`${page.url()}: ${err.message}`));
    const result = await run(page);
    assert.deepEqual(errors, [], 'no console error on any page');
    return result;
  } finally {
    await context.close();
  }
}

/** Saves a full-page screenshot as `test-output/first-hour/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** From a payment page: picks the card, pays, and waits for the simulator's hosted card page. */
export async function startCardPayment(journey: Journey, page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('input[name="payment_method"][value$=":card"]').check();
  await page.locator('button.pay').click();
  await page.waitForURL((u) => u.href.startsWith(journey.simUrl));
  await page.locator('input[name="card_number"]').waitFor();
}

/** Types a card on the simulator's hosted page and submits it. */
export async function fillCard(page: Page, card: { number: string; holder?: string }): Promise<void> {
  await page.locator('input[name="card_number"]').fill(card.number);
  await page.locator('input[name="expiry_date"]').fill('3012');
  await page.locator('input[name="card_security_code"]').fill('123');
  await page.locator('input[name="card_holder_name"]').fill(card.holder ?? 'Jane Customer');
  await page.locator('button.primary[type="submit"]').click();
}

/** Waits for payport's status page. */
export async function arriveOnStatusPage(journey: Journey, page: Page): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(`${journey.payportUrl}/payment/status?`));
}
