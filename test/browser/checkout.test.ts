/**
 * The customer's whole journey in a real browser (Debian's Chromium through playwright-core): payport
 * listening on a random port, the APS simulator on another, configured the way the seed tells a
 * merchant to configure APS. Each test starts from a stored payment link.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Config } from '../../src/config.js';
import { newProviderConfig } from '../../src/domain/provider.js';
import { registerPublicRoutes } from '../../src/http/public/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport, type RunningPayport } from '../../src/server.js';
import { toProviderPatch } from '../../src/services/provider-accounts.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { TransactionState } from '../../src/store/schema.js';
import { TEST_CREDENTIALS } from '../support/payport.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `Chromium is not installed at ${CHROMIUM} (CI installs the "chromium" package)`;

let browser: Browser;
let payport: RunningPayport;
let sim: Simulator;
let payportUrl: string;
let simUrl: string;
let missingApsRoutes: string | false = false;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startPayportOn(port: number): Promise<RunningPayport> {
  const config: Config = {
    port,
    host: '127.0.0.1',
    publicUrl: `http://127.0.0.1:${port}`,
    databaseUrl: undefined,
    dataDir: mkdtempSync(join(tmpdir(), 'payport-browser-')),
    secret: 'browser-test-secret-0123456789-abcdefghij',
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'warn',
  };
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  const running = await startPayport(config, { listen: false, logger: createLogger('warn', quiet) });
  if (!running.app.hasRoute({ method: 'GET', url: '/payment/pay' }))
    await registerPublicRoutes(running.app, running.context);
  await running.app.listen({ port, host: '127.0.0.1' });
  return running;
}

/** Points a published Test-state provider at the simulator and the simulator account back at payport. */
async function connect(): Promise<void> {
  const services = payport.context.services;
  const record = await services.store.repos.providers.insert({
    code: 'aps',
    name: 'Amazon Payment Services',
  });
  const config = newProviderConfig({
    id: record.id,
    state: 'test',
    isPublished: true,
    ...TEST_CREDENTIALS,
    customBaseUrl: simUrl,
    paymentMethods: ['card', 'mada'],
  });
  await services.store.repos.providers.update(record.id, toProviderPatch(config, services.secretBox));
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
}

async function newLink(overrides: { customerEmail?: string | null; lang?: string } = {}) {
  return payport.context.services.store.repos.paymentLinks.insert({
    amount: 15075,
    currency: 'SAR',
    orderReference: 'SO/2026/0007',
    description: 'Desk lamp',
    customerEmail: 'customer@example.com',
    ...overrides,
  });
}

async function stateOf(linkId: string): Promise<TransactionState | undefined> {
  const page = await payport.context.services.store.repos.transactions.list(
    { search: 'SO/2026/0007' },
    { limit: 100 },
  );
  return page.items.find((tx) => tx.paymentLinkId === linkId)?.state;
}

/**
 * Runs `run` in a fresh browser context and fails when any page of it reported a Content-Security-
 * Policy violation (an inline script or a form target the policy does not allow).
 */
async function withPage<T>(
  run: (page: Page) => Promise<T>,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<T> {
  const context: BrowserContext = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    ...(options.viewport && { viewport: options.viewport }),
  });
  const violations: string[] = [];
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const result = await run(page);
    assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
    return result;
  } finally {
    await context.close();
  }
}

/** Opens the link, picks the card and pays; ends on the simulator's hosted card page. */
async function startCardPayment(page: Page, path: string): Promise<void> {
  await page.goto(`${payportUrl}${path}`);
  await page.locator('input[name="payment_method"][value$=":card"]').check();
  await page.locator('button.pay').click();
  await page.waitForURL((url) => url.href.startsWith(simUrl));
  await page.locator('input[name="card_number"]').waitFor();
}

async function fillCard(page: Page, card: { number: string; holder?: string; code?: string }): Promise<void> {
  await page.locator('input[name="card_number"]').fill(card.number);
  await page.locator('input[name="expiry_date"]').fill('3012');
  await page.locator('input[name="card_security_code"]').fill(card.code ?? '123');
  await page.locator('input[name="card_holder_name"]').fill(card.holder ?? 'Jane Customer');
  await page.locator('button.primary[type="submit"]').click();
}

async function arriveOnStatusPage(page: Page): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${payportUrl}/payment/status?`));
}

describe('checkout in a browser', { skip }, () => {
  before(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    sim = createSimulator({ feedbackRetry: { attempts: 3, intervalMs: 200 }, pendingResolutionMs: 5000 });
    simUrl = await sim.app.listen({ port: 0, host: '127.0.0.1' });
    const port = await freePort();
    payportUrl = `http://127.0.0.1:${port}`;
    payport = await startPayportOn(port);
    if (!payport.app.hasRoute({ method: 'POST', url: '/payment/aps/return' })) {
      missingApsRoutes = 'POST /payment/aps/return is not wired yet (the lead adds it in src/http/app.ts)';
    }
    await connect();
  });

  after(async () => {
    await browser?.close();
    await payport?.close();
    await sim?.close();
  });

  test('a card payment from a payment link ends done, on the confirmation view', async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink({ customerEmail: null });
    await withPage(async (page) => {
      await page.goto(`${payportUrl}/pay/${link.id}`);
      assert.equal(await page.locator('.amount').innerText(), 'SAR\u00a0150.75');
      await page.getByLabel('Email address').fill('jane@example.com');
      await page.locator('input[name="payment_method"][value$=":card"]').check();
      await page.locator('button.pay').click();
      await page.locator('input[name="card_number"]').waitFor();
      await fillCard(page, { number: '4005550000000001' });
      await arriveOnStatusPage(page);
      await page.locator('h1.state.done').waitFor();
      assert.equal(await page.locator('h1').innerText(), 'Thank you!');
      assert.match(await page.locator('.details').innerText(), /SO\/2026\/0007/);
    });
    assert.equal(await stateOf(link.id), 'done');
  });

  test('a cancelled payment ends cancel', async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink();
    await withPage(async (page) => {
      await startCardPayment(page, `/pay/${link.id}`);
      await page.locator('button[name="cancel"]').click();
      await arriveOnStatusPage(page);
      await page.locator('h1.state.cancel').waitFor();
      assert.equal(await page.locator('h1').innerText(), 'You cancelled the payment');
      assert.match(await page.locator('.no-charge').innerText(), /No money was taken/);
    });
    assert.equal(await stateOf(link.id), 'cancel');
  });

  test("a declined card ends error, explained in the customer's words, with Try again", async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink();
    await withPage(async (page) => {
      await startCardPayment(page, `/pay/${link.id}`);
      await fillCard(page, { number: '4005550000000001', holder: 'DECLINED' });
      await arriveOnStatusPage(page);
      await page.locator('h1.state.error').waitFor();
      assert.equal(await page.locator('h1').innerText(), 'Your bank declined the payment');
      assert.equal(
        await page.locator('a', { hasText: 'Try again' }).getAttribute('href'),
        `/pay/${link.id}?lang=en`,
      );
    });
    assert.equal(await stateOf(link.id), 'error');
  });

  test('a 3-D Secure card asks for the one-time password, then ends done', async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink();
    await withPage(async (page) => {
      await startCardPayment(page, `/pay/${link.id}`);
      await fillCard(page, { number: '4557012345678902' });
      const otp = await page.locator('#sandbox-otp').innerText();
      await page.locator('input[name="otp"]').fill(otp.trim());
      await page.locator('button.primary[type="submit"]').click();
      await arriveOnStatusPage(page);
      await page.locator('h1.state.done').waitFor();
    });
    assert.equal(await stateOf(link.id), 'done');
  });

  test('the Arabic page is right to left all the way to an Arabic status page', async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink({ lang: 'ar' });
    await withPage(async (page) => {
      await page.goto(`${payportUrl}/pay/${link.id}`);
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      assert.equal(await page.locator('legend').innerText(), 'اختر طريقة الدفع');
      const pay = page.locator('button.pay');
      assert.match(await pay.innerText(), /^ادفع/);
      // The Pay button sits at the right edge of the form in a right-to-left layout.
      const button = await pay.boundingBox();
      const form = await page.locator('form.checkout').boundingBox();
      assert.ok(button && form && Math.abs(button.x + button.width - (form.x + form.width)) < 40);
      await page.locator('input[name="payment_method"][value$=":card"]').check();
      await pay.click();
      await page.locator('input[name="card_number"]').waitFor();
      assert.equal(
        await page.locator('html').getAttribute('lang'),
        'ar',
        'the hosted page speaks Arabic too',
      );
      await fillCard(page, { number: '4005550000000001' });
      await arriveOnStatusPage(page);
      await page.locator('h1.state.done').waitFor();
      assert.equal(await page.locator('h1').innerText(), 'شكرًا لك!');
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    });
  });

  test('the whole payment works without JavaScript', async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink();
    await withPage(
      async (page) => {
        await page.goto(`${payportUrl}/pay/${link.id}`);
        await page.locator('input[name="payment_method"][value$=":card"]').check();
        await page.locator('button.pay').click();
        await page.getByRole('button', { name: 'Continue to the payment page' }).click();
        await page.locator('input[name="card_number"]').waitFor();
        await fillCard(page, { number: '4005550000000001' });
        await page.locator('noscript button, form#return button').first().click();
        await arriveOnStatusPage(page);
        await page.locator('h1.state.done').waitFor();
      },
      { javaScriptEnabled: false },
    );
    assert.equal(await stateOf(link.id), 'done');
  });

  test('a pending payment page updates itself when the later notification settles it', async () => {
    assert.equal(missingApsRoutes, false, missingApsRoutes || '');
    const link = await newLink();
    await withPage(async (page) => {
      await startCardPayment(page, `/pay/${link.id}`);
      await fillCard(page, { number: '4005550000000001', holder: 'PENDING' });
      await arriveOnStatusPage(page);
      // One locator for both facts: the page may already be polling its way to "done" on a loaded machine.
      await page.locator('body:has(h1.state.pending) [data-poll-url][data-state="pending"]').waitFor();
      await page.locator('h1.state.done').waitFor({ timeout: 20_000 });
    });
    assert.equal(await stateOf(link.id), 'done');
  });

  test('a keyboard alone reaches the language switch, the email, the methods and Pay, in that order', async () => {
    const link = await newLink({ customerEmail: null });
    await withPage(async (page) => {
      await page.goto(`${payportUrl}/pay/${link.id}`);
      // Expressions run in the page (the test's TypeScript has no DOM types).
      const focused = () =>
        page.evaluate<string>('document.activeElement.id || document.activeElement.tagName');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'A', 'the language switch comes first');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'email');
      await page.keyboard.type('keys@example.com');
      await page.keyboard.press('Tab');
      assert.equal(await focused(), 'method-0');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      assert.match(await page.evaluate<string>('document.activeElement.className'), /\bpay\b/);
      await page.keyboard.press('Enter');
      await page.locator('input[name="card_number"]').waitFor();
    });
  });

  test('the payment page fits a small phone without sideways scrolling', async () => {
    const link = await newLink();
    await withPage(
      async (page) => {
        await page.goto(`${payportUrl}/pay/${link.id}`);
        const widths = await page.evaluate<number[]>(
          '[document.documentElement.scrollWidth, window.innerWidth]',
        );
        assert.ok(
          (widths[0] ?? 0) <= (widths[1] ?? 0),
          `content ${widths[0]}px wide in a ${widths[1]}px window`,
        );
        const pay = await page.locator('button.pay').boundingBox();
        assert.ok(pay && pay.height >= 40, 'the Pay button is large enough to tap');
      },
      { viewport: { width: 320, height: 640 } },
    );
  });

  test('a paid link no longer opens the payment page', async () => {
    const link = await newLink();
    await withPage(async (page) => {
      await startCardPayment(page, `/pay/${link.id}`);
      await fillCard(page, { number: '4005550000000001' });
      await arriveOnStatusPage(page);
      await page.locator('h1.state.done').waitFor();
      await page.goto(`${payportUrl}/pay/${link.id}`);
      assert.match(await page.locator('h1').innerText(), /already been paid/);
    });
  });
});
