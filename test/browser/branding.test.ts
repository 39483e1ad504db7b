/**
 * S21 in Chromium: customer pages with the merchant's name, logo and accent colour (payment page,
 * failure page, public not-found page) and the country question, in English and Arabic, at 1280×800 and
 * 390×844. On each: the logo loads under the real CSP, the Pay button uses the accent colour with
 * readable text, axe-core reports no violation, nothing overflows, no console error; screenshots go to
 * test-output/first-hour/brand-*.png.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { addUser } from '../../src/services/auth/users.js';
import { saveMerchantLogo } from '../../src/services/merchant-logo.js';
import { saveMerchantSettings } from '../../src/services/merchant-settings.js';
import { toProviderConfig, toProviderPatch } from '../../src/services/provider-accounts.js';
import { pngImage } from '../support/images.js';
import {
  arriveOnStatusPage,
  fillCard,
  screenshot,
  skipWithoutChromium,
  startCardPayment,
  startJourney,
  VIEWPORTS,
  withPage,
  type Journey,
} from './harness.js';
import { auditPage, axeViolations, sidewaysOverflow } from './audit.js';

const NAME = 'Layla’s Books';
const ACCENT = '#ffcc00';
const PASSWORD = 'correct horse battery staple';

/** The header's logo has loaded and is named after the merchant. */
async function assertBranded(page: Page): Promise<void> {
  const logo = page.locator('header.brand-bar img.brand-logo');
  assert.equal(await logo.getAttribute('alt'), NAME);
  await page.waitForFunction(
    `(() => { const img = document.querySelector('img.brand-logo'); return img && img.complete && img.naturalWidth > 0; })()`,
  );
  assert.equal(await page.locator('header.brand-bar .brand-name').textContent(), NAME);
}

describe(
  'customer pages with the merchant’s branding, and the country question',
  { skip: skipWithoutChromium },
  () => {
    let journey: Journey;

    before(async () => {
      journey = await startJourney();
      const services = journey.payport.context.services;
      await saveMerchantSettings(services, { timeZone: 'UTC', name: NAME, accentColor: ACCENT });
      await saveMerchantLogo(services, pngImage(160, 48, '#0b5cad'));
    });
    after(() => journey?.close());

    async function newLink(): Promise<string> {
      const link = await journey.payport.context.services.store.repos.paymentLinks.insert({
        amount: 125050,
        currency: 'SAR',
        orderReference: 'INV-2026-0077',
        customerEmail: 'layla@example.com',
      });
      return `${journey.payportUrl}/pay/${link.id}`;
    }

    test('the logo loads under the real Content-Security-Policy and the Pay button has the accent colour', async () => {
      const url = await newLink();
      await withPage(journey, VIEWPORTS[0], async (page) => {
        await page.goto(`${url}?lang=en`);
        await assertBranded(page);
        const style = (property: string) =>
          page.evaluate(`getComputedStyle(document.querySelector('button.pay')).${property}`);
        assert.equal(await style('backgroundColor'), 'rgb(255, 204, 0)');
        // A light accent gets black text (luminance), which reads at more than 4.5:1.
        assert.equal(await style('color'), 'rgb(0, 0, 0)');
      });
    });

    for (const viewport of VIEWPORTS) {
      for (const lang of ['en', 'ar'] as const) {
        test(`${lang}, ${viewport.name}: payment, failure and not-found pages are branded and accessible`, async () => {
          const url = await newLink();
          const context = await journey.browser.newContext({ viewport, bypassCSP: true });
          const page = await context.newPage();
          page.setDefaultTimeout(15_000);
          const { errors, problems, check } = auditPage(
            page,
            (name) => `brand-${name}-${lang}-${viewport.name}`,
            assertBranded,
          );
          try {
            await page.goto(`${url}?lang=${lang}`);
            assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr');
            await check('payment-page');
            await startCardPayment(journey, page, `${url}?lang=${lang}`);
            await fillCard(page, { number: '4005550000000001', holder: 'DECLINED' });
            await arriveOnStatusPage(journey, page);
            await page.locator('h1').waitFor();
            await check('failure-page');
            const missing = await page.goto(`${journey.payportUrl}/pay/no-such-link?lang=${lang}`);
            assert.equal(missing?.status(), 404);
            await check('not-found');
            assert.deepEqual(problems, []);
            // The not-found page answers 404 on purpose; Chromium logs that as a failed resource.
            const unexpected = errors.filter((e) => !/no-such-link.*status of 404/.test(e));
            assert.deepEqual(unexpected, [], 'no console error on any page');
          } finally {
            await context.close();
          }
        });
      }
    }

    test('an admin uploads the logo from Settings in the browser; an SVG is refused with the reason', async () => {
      await addUser(journey.payport.context.services.store, {
        email: 'admin@example.com',
        role: 'admin',
        password: PASSWORD,
      });
      const context = await journey.browser.newContext({ viewport: VIEWPORTS[0], bypassCSP: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const { errors } = auditPage(page, (name) => name);
      try {
        await page.goto(`${journey.payportUrl}/admin/login?lang=en`);
        await page.fill('#email', 'admin@example.com');
        await page.fill('#password', PASSWORD);
        await page.click('button[type=submit]');
        await page.waitForURL(/\/admin$/);
        await page.goto(`${journey.payportUrl}/admin/settings`);
        const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        await page.setInputFiles('#f-logo', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svg });
        await page.click('form[action="/admin/settings/logo"] button[type=submit]');
        await page.waitForSelector('.error-summary');
        assert.match((await page.textContent('#f-logo-error')) ?? '', /only PNG, JPEG or WebP/);
        assert.deepEqual(await axeViolations(page), []);
        await screenshot(page, 'brand-admin-logo-refused-en-desktop');
        await page.setInputFiles('#f-logo', {
          name: 'logo.png',
          mimeType: 'image/png',
          buffer: pngImage(200, 60, '#7a1f5c'),
        });
        await page.click('form[action="/admin/settings/logo"] button[type=submit]');
        await page.waitForURL(/saved=1/);
        await page.waitForFunction(
          `(() => { const img = document.querySelector('.logo-preview img'); return img && img.complete && img.naturalWidth === 200; })()`,
        );
        assert.deepEqual(await axeViolations(page), []);
        await screenshot(page, 'brand-admin-logo-saved-en-desktop');
        const unexpected = errors.filter((e) => !/settings\/logo: .*status of 422/.test(e));
        assert.deepEqual(unexpected, [], 'no console error');
      } finally {
        await context.close();
      }
    });

    describe('the country question', () => {
      before(async () => {
        // The Test provider now takes payments from Saudi Arabia only: pages without a country ask.
        const services = journey.payport.context.services;
        const [record] = await services.store.repos.providers.list();
        const config = { ...toProviderConfig(record!, services.secretBox), countries: ['SA'] };
        await services.store.repos.providers.update(config.id, toProviderPatch(config, services.secretBox));
      });

      for (const viewport of VIEWPORTS) {
        for (const lang of ['en', 'ar'] as const) {
          test(`${lang}, ${viewport.name}: asks the country, then offers the methods for it`, async () => {
            const url = await newLink();
            const context = await journey.browser.newContext({ viewport, bypassCSP: true });
            const page = await context.newPage();
            page.setDefaultTimeout(15_000);
            const { errors } = auditPage(page, (name) => name);
            try {
              await page.goto(`${url}?lang=${lang}`);
              await assertBranded(page);
              assert.equal(await page.locator('input[name="payment_method"]').count(), 0);
              const select = page.locator('select#country');
              assert.equal(
                await page.locator('label[for="country"]').textContent(),
                lang === 'ar' ? 'الدولة' : 'Country',
              );
              assert.deepEqual(await axeViolations(page), []);
              assert.ok((await sidewaysOverflow(page)) <= 1, 'no sideways scrolling');
              await screenshot(page, `brand-country-question-${lang}-${viewport.name}`);
              await select.selectOption('SA');
              await page.locator('form.country-question button[type=submit]').click();
              await page.waitForURL(/country=SA/);
              assert.equal(await page.locator('input[name="payment_method"]').count(), 2);
              assert.equal(await page.getAttribute('html', 'lang'), lang);
              assert.deepEqual(await axeViolations(page), []);
              await screenshot(page, `brand-country-chosen-${lang}-${viewport.name}`);
              assert.deepEqual(errors, [], 'no console error');
            } finally {
              await context.close();
            }
          });
        }
      }
    });
  },
);
