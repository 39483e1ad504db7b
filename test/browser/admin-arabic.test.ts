/**
 * S21 in Chromium: the Arabic back office is Arabic throughout — states, timeline, operations, outcome
 * badges and dates (formatted for the locale, with the machine-readable instant kept in `datetime`) —
 * on a desktop and a phone, with screenshots in `test-output/first-hour/`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { seedPaid, seedProvider } from '../http/admin/fixtures.js';
import { startAdmin, type AdminHarness } from '../http/admin/helpers.js';
import { screenshot, skipWithoutChromium, VIEWPORTS } from './harness.js';

const PASSWORD = 'correct horse battery staple';

describe('the Arabic back office in Chromium', { skip: skipWithoutChromium }, () => {
  let h: AdminHarness & { address: string };
  let browser: Browser;
  let paid: TransactionRecord;

  before(async () => {
    h = await startAdmin({ listen: true, publicUrl: 'http://shop.payport.test' });
    await h.addUser('admin@example.com', 'admin', PASSWORD);
    const provider = await seedProvider(h.store, 'Imported APS');
    paid = await seedPaid(h.store, provider, { customerEmail: 'layla@example.com', amount: 25000 });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await h?.close();
  });

  for (const viewport of VIEWPORTS) {
    test(`a transaction's detail and the lists speak Arabic, dates included (${viewport.name})`, async () => {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      try {
        await page.goto(`${h.address}/admin/login?lang=ar`);
        await page.fill('#email', 'admin@example.com');
        await page.fill('#password', PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForURL(/\/admin$/);
        await page.goto(`${h.address}/admin/transactions`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
        const list = (await page.textContent('main')) ?? '';
        assert.match(list, /مدفوعة/);
        assert.doesNotMatch(list, /\bPaid\b|\bUTC \d\d:/);
        await screenshot(page, `admin-transactions-ar-${viewport.name}`);
        await page.goto(`${h.address}/admin/transactions/${encodeURIComponent(paid.reference)}`);
        const timeline = ((await page.textContent('ol.timeline')) ?? '').replace(/\s+/g, ' ');
        assert.match(timeline, /مسودة → مدفوعة/);
        assert.match(timeline, /طُبّقت/);
        assert.doesNotMatch(timeline, /Draft|Paid|applied|UTC \d\d:/);
        const first = page.locator('ol.timeline time').first();
        assert.match((await first.getAttribute('datetime')) ?? '', /^\d{4}-\d\d-\d\dT/);
        assert.match(await first.innerText(), /\d{4}،/, 'an Arabic date, "2 ديسمبر 2026، …"');
        await screenshot(page, `admin-transaction-ar-${viewport.name}`);
        await page.goto(`${h.address}/admin/notifications`);
        assert.match((await page.textContent('main')) ?? '', /طُبّقت/);
        await screenshot(page, `admin-notifications-ar-${viewport.name}`);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});
