/**
 * The seed's second half in a real browser (Debian's Chromium through playwright-core): sign in,
 * configure the APS provider exactly as the seed says (Enabled, Published, four credentials), see the
 * four URLs to paste into APS, run Test credentials against the simulator (success, then a wrong
 * response phrase), find a paid transaction by email and open its timeline — also at phone width.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSimulator, type MerchantAccount, type Simulator } from '../../src/simulator/index.js';
import { seedPaid, seedProvider } from '../http/admin/fixtures.js';
import { startAdmin, type AdminHarness } from '../http/admin/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
const PASSWORD = 'correct horse battery staple';

describe('back office in Chromium', { skip }, () => {
  let h: AdminHarness & { address: string };
  let simulator: Simulator;
  let simulatorUrl: string;
  let account: MerchantAccount;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let customerEmail = '';

  before(async () => {
    simulator = createSimulator();
    simulatorUrl = await simulator.app.listen({ port: 0, host: '127.0.0.1' });
    account = [...simulator.state.accounts.values()][0]!;
    h = await startAdmin({ listen: true, publicUrl: 'http://shop.payport.test' });
    await h.addUser('admin@example.com', 'admin');
    const provider = await seedProvider(h.store, 'Imported APS');
    customerEmail = 'layla.haddad@example.com';
    await seedPaid(h.store, provider, { customerEmail, customerName: 'Layla Haddad', amount: 25000 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
    page.on('console', (message) => {
      // Resource failures are checked by URL below (the browser's own /favicon.ico request is not ours).
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        consoleErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        consoleErrors.push(`${response.status()} ${response.url()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await simulator?.close();
    await h?.close();
  });

  test('signs in through the form', async () => {
    await page.goto(`${h.address}/admin`);
    assert.match(page.url(), /\/admin\/login/);
    await page.fill('#email', 'admin@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin$/);
    assert.equal(await page.textContent('h1'), 'Home');
  });

  test('configures the APS provider as the seed describes: Enabled, Published, four credentials', async () => {
    await page.click('nav >> text=Providers');
    await page.click('text=New APS provider');
    await page.waitForURL(/\/admin\/providers\/[^/?]+$/);
    await page.check('input[name=state][value=enabled]');
    await page.check('#f-isPublished');
    await page.click('[data-tab=credentials]');
    await page.fill('#f-merchantIdentifier', account.merchantIdentifier);
    await page.fill('#f-accessCode', account.accessCode);
    await page.fill('#f-shaRequestPhrase', account.shaRequestPhrase);
    await page.fill('#f-shaResponsePhrase', account.shaResponsePhrase);
    await page.selectOption('#f-shaType', account.shaType);
    await page.click('[data-tab=configuration]');
    await page.fill('#f-customBaseUrl', simulatorUrl);
    await page.click('text=Save provider');
    await page.waitForURL(/saved=1/, { timeout: 5000 }).catch(async (err) => {
      throw new Error(`${err}: ${await page.textContent('.error-summary')}`);
    });
    assert.equal((await page.textContent('.flash.ok'))?.trim(), 'Saved.');
    const header = await page.textContent('.provider-header');
    assert.match(header ?? '', /Enabled/);
    assert.match(header ?? '', /Published/);
    const html = await page.content();
    for (const secret of [account.accessCode, account.shaRequestPhrase, account.shaResponsePhrase])
      assert.equal(html.includes(secret), false);
    assert.equal(await page.inputValue('#f-accessCode'), '');
  });

  test('shows the four URLs to paste into APS, with working copy buttons', async () => {
    await page.click('[data-tab=aps-settings]');
    assert.equal(await page.inputValue('#aps-origin-url'), 'http://shop.payport.test/');
    assert.equal(
      await page.inputValue('#aps-redirection-url'),
      'http://shop.payport.test/payment/aps/return',
    );
    assert.equal(await page.inputValue('#aps-feedback-url'), 'http://shop.payport.test/payment/aps/webhook');
    assert.equal(
      await page.inputValue('#aps-notification-url'),
      'http://shop.payport.test/payment/aps/webhook',
    );
    // admin.js reveals the copy buttons: proof that the script runs under the CSP.
    assert.equal(await page.isVisible('button[data-copy="aps-redirection-url"]'), true);
  });

  test('Test credentials succeeds against the simulator', async () => {
    await page.click('[data-tab=test-credentials]');
    await page.click('#test-credentials button[type=submit]');
    await page.waitForSelector('.test-result');
    assert.equal(await page.getAttribute('.test-result', 'data-verdict'), 'ok');
    assert.match((await page.textContent('.test-result .verdict')) ?? '', /The credentials work/);
  });

  test('a wrong SHA Response Phrase is reported as such', async () => {
    await page.click('[data-tab=credentials]');
    await page.fill('#f-shaResponsePhrase', 'this-is-not-the-response-phrase');
    await page.click('text=Save provider');
    await page.waitForURL(/saved=1/);
    await page.click('[data-tab=test-credentials]');
    await page.click('#test-credentials button[type=submit]');
    await page.waitForSelector('.test-result');
    assert.equal(await page.getAttribute('.test-result', 'data-verdict'), 'response_signature');
    assert.match(
      (await page.textContent('.test-result .verdict')) ?? '',
      /SHA Response Phrase \(or the SHA Type\) is wrong/,
    );
  });

  test('finds the paid transaction by email and opens its timeline', async () => {
    await page.click('nav >> text=Transactions');
    await page.fill('#f-q', customerEmail);
    await page.click('form[role=search] button[type=submit]');
    await page.waitForURL(/q=/);
    const rows = page.locator('table:not(.compact) tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /Paid/);
    await rows.first().locator('a').first().click();
    await page.waitForSelector('ol.timeline');
    const timeline = ((await page.textContent('ol.timeline')) ?? '').replace(/\s+/g, ' ');
    assert.match(timeline, /Created/);
    assert.match(timeline, /Sent to the APS hosted payment page/);
    assert.match(timeline, /Message received/);
    assert.match(timeline, /Draft → Paid/);
    assert.match((await page.textContent('.amount')) ?? '', /250\.00 SAR/);
  });

  test('pages fit a phone screen and switch to Arabic, right to left', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/admin/transactions', '/admin/providers', '/admin/payment-links']) {
      await page.goto(`${h.address}${path}?lang=ar`);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      const overflow = Number(
        await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      );
      assert.ok(overflow <= 1, `${path} overflows the phone width by ${overflow}px`);
    }
  });

  test('no page logged a script or CSP error, and no request of ours failed', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
