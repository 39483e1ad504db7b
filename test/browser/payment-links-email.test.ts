/**
 * The payment links page in Chromium (S21), English and Arabic, desktop and phone: the form with its
 * currency list, a refused amount (summary on top, message by the field, focus on the summary), a link
 * created from "1,250.50" and sent by email through a local SMTP server. axe-core finds no violation,
 * nothing overflows sideways, no console error beyond the refused form's own 422.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/observability/logger.js';
import { startPayport, type RunningPayport } from '../../src/server.js';
import { addUser } from '../../src/services/auth/users.js';
import { saveMerchantSettings } from '../../src/services/merchant-settings.js';
import { startMailbox, type Mailbox } from '../http/admin/payment-link-mailbox.js';
import { skipWithoutChromium, VIEWPORTS } from './harness.js';
import { auditPage } from './audit.js';

const PASSWORD = 'correct horse battery staple';

describe('payment links page with email, en and ar, desktop and phone', { skip: skipWithoutChromium }, () => {
  let browser: Browser;
  let payport: RunningPayport;
  let mailbox: Mailbox;
  let url: string;
  let dataDir: string;

  before(async () => {
    mailbox = await startMailbox();
    dataDir = mkdtempSync(join(tmpdir(), 'payport-browser-links-'));
    const config: Config = {
      port: 0,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1',
      databaseUrl: undefined,
      dataDir,
      secret: 'browser-test-secret-0123456789-abcdefghij',
      adminPassword: undefined,
      trustProxy: false,
      logLevel: 'warn',
      email: { smtpUrl: mailbox.url, from: 'payments@shop.example.com' },
    };
    payport = await startPayport(config, { listen: false, logger: createLogger('silent') });
    url = await payport.app.listen({ port: 0, host: '127.0.0.1' });
    await addUser(payport.store, { email: 'ops@example.com', role: 'operator', password: PASSWORD });
    await saveMerchantSettings(payport.context.services, {
      timeZone: 'Europe/London',
      name: 'Layla Shop',
      accentColor: '',
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await payport?.close();
    await mailbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const viewport of VIEWPORTS) {
    for (const lang of ['en', 'ar'] as const) {
      test(`${lang}, ${viewport.name}`, async () => {
        const context = await browser.newContext({ viewport, bypassCSP: true });
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const { errors, problems, check } = auditPage(page, (name) => `${name}-${lang}-${viewport.name}`);
        try {
          await page.goto(`${url}/admin/login?lang=${lang}`);
          await page.fill('#email', 'ops@example.com');
          await page.fill('#password', PASSWORD);
          await page.click('button[type=submit]');
          await page.waitForURL(/\/admin$/);
          await page.goto(`${url}/admin/payment-links`);
          assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
          await check('payment-links');

          // A refused amount: the summary on top takes focus, the message sits by the field.
          await page.fill('#f-amount', '1.250');
          await page.selectOption('#f-currency', 'SAR');
          await page.click('form[action="/admin/payment-links"] button[type=submit]');
          await page.waitForSelector('.error-summary');
          assert.match(
            (await page.textContent('#f-amount-error')) ?? '',
            lang === 'ar' ? /قد يعني المبلغ 1250 أو 1\.25/ : /This could mean 1250 or 1\.25/,
          );
          assert.equal(await page.inputValue('#f-amount'), '1.250');
          await check('payment-links-refused');

          // Created from an amount as people type it, then sent by email.
          await page.fill('#f-amount', lang === 'ar' ? '١٬٢٥٠٫٥٠' : '1,250.50');
          await page.fill('#f-customer_email', `layla-${lang}-${viewport.name}@example.com`);
          await page.click('form[action="/admin/payment-links"] button[type=submit]');
          await page.waitForSelector('#created-link');
          await page.click('.highlight details.send-email summary');
          await check('payment-links-created');
          const before = mailbox.messages.length;
          await page.click('.highlight details.send-email button[type=submit]');
          await page.waitForSelector('.flash.ok');
          await mailbox.waitFor(before + 1);
          assert.match(
            (await page.textContent('.highlight')) ?? '',
            new RegExp(`layla-${lang}-${viewport.name}@example\\.com`),
          );
          await check('payment-links-sent');
          assert.deepEqual(problems, []);
          const unexpected = errors.filter((e) => !/payment-links: .*status of 422/.test(e));
          assert.deepEqual(unexpected, [], 'no console error on any page');
        } finally {
          await context.close();
        }
      });
    }
  }
});
