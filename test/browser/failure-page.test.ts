/**
 * S21 in Chromium: a declined or cancelled payment is explained in the customer's words with Try again,
 * in English and Arabic, on a desktop and a phone; Back from the status page never resubmits a form.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paymentPayUrl } from '../../src/services/signed-pay-links.js';
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

let journey: Journey;

async function newLink(lang: 'en' | 'ar') {
  return journey.payport.context.services.store.repos.paymentLinks.insert({
    amount: 10000,
    currency: 'SAR',
    orderReference: 'SO/2026/0100',
    customerEmail: 'customer@example.com',
    lang,
  });
}

const WORDS = {
  en: {
    declined: 'Your bank declined the payment',
    cancelled: 'You cancelled the payment',
    tryAgain: 'Try again',
  },
  ar: { declined: 'رفض البنك عملية الدفع', cancelled: 'لقد ألغيت عملية الدفع', tryAgain: 'حاول مرة أخرى' },
} as const;

describe('the failure and cancel page in a browser', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
  });
  after(async () => {
    await journey?.close();
  });

  test('Try again on a signed /payment/pay link opens the same link, in Arabic, and it pays', async () => {
    const url = paymentPayUrl(journey.payport.context.services, {
      amount: '75.5',
      currency: 'SAR',
      reference: 'SO/2026/0300',
      email: 'customer@example.com',
      lang: 'ar',
    });
    await withPage(journey, VIEWPORTS[1], async (page) => {
      await startCardPayment(journey, page, url);
      await page.locator('button[name="cancel"]').click();
      await arriveOnStatusPage(journey, page);
      assert.equal(await page.locator('h1').innerText(), WORDS.ar.cancelled);
      await page.getByRole('link', { name: WORDS.ar.tryAgain }).click();
      await page.waitForURL((u) => u.pathname === '/payment/pay');
      const again = new URL(page.url());
      for (const name of ['amount', 'currency', 'reference', 'email', 'access_token'])
        assert.equal(again.searchParams.get(name), new URL(url).searchParams.get(name), name);
      await page.locator('input[name="payment_method"][value$=":card"]').check();
      await page.locator('button.pay').click();
      await page.locator('input[name="card_number"]').waitFor();
      await fillCard(page, { number: '4005550000000001' });
      await arriveOnStatusPage(journey, page);
      await page.locator('h1.state.done').waitFor();
    });
  });

  test('a failed 3-D Secure check reads as a bank decline, and Back after it resubmits nothing', async () => {
    const link = await newLink('en');
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await startCardPayment(journey, page, `${journey.payportUrl}/pay/${link.id}`);
      await fillCard(page, { number: '4557012345678902' });
      const otp = (await page.locator('#sandbox-otp').innerText()).trim();
      await page.locator('input[name="otp"]').fill(otp === '000000' ? '111111' : '000000');
      await page.locator('button.primary[type="submit"]').click();
      await arriveOnStatusPage(journey, page);
      assert.equal(await page.locator('h1').innerText(), WORDS.en.declined);
      const back = await page.goBack();
      assert.equal(back?.request().method(), 'GET', `Back reached ${page.url()}`);
    });
  });

  for (const lang of ['en', 'ar'] as const) {
    for (const viewport of VIEWPORTS) {
      test(`a declined card, then Try again and pay (${lang}, ${viewport.name})`, async () => {
        const link = await newLink(lang);
        await withPage(journey, viewport, async (page) => {
          await startCardPayment(journey, page, `${journey.payportUrl}/pay/${link.id}`);
          await fillCard(page, { number: '4005550000000001', holder: 'DECLINED' });
          await arriveOnStatusPage(journey, page);
          assert.equal(await page.locator('h1').innerText(), WORDS[lang].declined);
          assert.ok(await page.locator('.no-charge').isVisible());
          await screenshot(page, `failure-declined-${lang}-${viewport.name}`);
          await page.getByRole('link', { name: WORDS[lang].tryAgain }).click();
          await page.waitForURL((u) => u.pathname === `/pay/${link.id}`);
          assert.equal(await page.locator('html').getAttribute('lang'), lang);
          await page.locator('input[name="payment_method"][value$=":card"]').check();
          await page.locator('button.pay').click();
          await page.locator('input[name="card_number"]').waitFor();
          await fillCard(page, { number: '4005550000000001' });
          await arriveOnStatusPage(journey, page);
          await page.locator('h1.state.done').waitFor();
        });
      });

      test(`a cancelled payment, and Back from its status page resubmits nothing (${lang}, ${viewport.name})`, async () => {
        const link = await newLink(lang);
        await withPage(journey, viewport, async (page) => {
          await startCardPayment(journey, page, `${journey.payportUrl}/pay/${link.id}`);
          await page.locator('button[name="cancel"]').click();
          await arriveOnStatusPage(journey, page);
          assert.equal(await page.locator('h1').innerText(), WORDS[lang].cancelled);
          await screenshot(page, `failure-cancelled-${lang}-${viewport.name}`);
          const statusUrl = page.url();
          const back = await page.goBack();
          // A page that was the answer to a POST cannot be shown again without resubmitting it:
          // Chromium answers ERR_CACHE_MISS ("Confirm Form Resubmission") instead.
          assert.notEqual(back, null, 'Back went somewhere');
          assert.equal(back?.request().method(), 'GET', `Back reached ${page.url()}`);
          assert.notEqual(page.url(), statusUrl);
        });
      });
    }
  }
});
