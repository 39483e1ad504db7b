/**
 * S21 in Chromium: the payment page formats its amount per locale, the same in the summary and on the
 * Pay button; `/` reaches the back office; no page logs a console error (the icon is found).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  screenshot,
  skipWithoutChromium,
  startJourney,
  VIEWPORTS,
  withPage,
  type Journey,
} from './harness.js';

let journey: Journey;

describe('customer pages in a browser', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
  });
  after(async () => {
    await journey?.close();
  });

  for (const viewport of VIEWPORTS) {
    test(`the amount reads the same in the summary and on the Pay button, en and ar (${viewport.name})`, async () => {
      const link = await journey.payport.context.services.store.repos.paymentLinks.insert({
        amount: 125050,
        currency: 'SAR',
        orderReference: 'SO/2026/0200',
        customerEmail: 'customer@example.com',
      });
      await withPage(journey, viewport, async (page) => {
        for (const [lang, expected] of [
          ['en', 'SAR\u00a01,250.50'],
          ['ar', '\u200f1,250.50\u00a0SAR'],
        ] as const) {
          await page.goto(`${journey.payportUrl}/pay/${link.id}?lang=${lang}`);
          const summary = await page.locator('.amount .money').innerText();
          const button = await page.locator('button.pay .money').innerText();
          assert.equal(summary, expected);
          assert.equal(button, summary);
          // One isolated left-to-right piece in both places, so the screen order is the same too.
          for (const selector of ['.amount .money', 'button.pay .money']) {
            assert.equal(await page.locator(selector).getAttribute('dir'), 'ltr', selector);
          }
          await screenshot(page, `payment-page-${lang}-${viewport.name}`);
        }
      });
    });

    test(`/ opens the back office sign-in, with the icon (${viewport.name})`, async () => {
      await withPage(journey, viewport, async (page) => {
        const answer = await page.goto(`${journey.payportUrl}/`);
        assert.equal(answer?.status(), 200);
        assert.match(new URL(page.url()).pathname, /^\/admin/);
        const icon = await page.request.get(`${journey.payportUrl}/favicon.ico`);
        assert.equal(icon.status(), 200);
        await screenshot(page, `root-${viewport.name}`);
      });
    });
  }
});
