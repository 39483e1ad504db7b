/**
 * S20 in Chromium: Tabby (approved and declined on its simulated page) and valU (customer check, code,
 * down payment, plan) paid against the simulator, in English and Arabic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { VALU_SANDBOX_OTP } from '../../src/simulator/valu-api.js';
import {
  arriveOnStatusPage,
  screenshot,
  skipWithoutChromium,
  startJourney,
  VIEWPORTS,
  withPage,
  type Journey,
} from './harness.js';

let journey: Journey;

async function newLink(amount: number, currency: string, lang: 'en' | 'ar') {
  return journey.payport.context.services.store.repos.paymentLinks.insert({
    amount,
    currency,
    orderReference: 'SO/2026/0400',
    description: 'Two lamps',
    customerEmail: 'customer@example.com',
    lang,
  });
}

async function choose(page: Page, method: string, phone: string): Promise<void> {
  await page.locator(`input[name="payment_method"][value$=":${method}"]`).check();
  await page.locator('input[name="phone"]').fill(phone);
  await page.locator('button.pay').click();
}

async function stateOf(page: Page) {
  const reference = new URL(page.url()).searchParams.get('ref') ?? '';
  return journey.payport.context.services.store.repos.transactions.findByReference(reference);
}

describe('Tabby and valU in the browser (S20)', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
    const repos = journey.payport.context.services.store.repos;
    const [provider] = await repos.providers.list();
    assert.ok(provider);
    await repos.providers.update(provider.id, { paymentMethods: ['card', 'tabby', 'valu'] });
  });
  after(() => journey?.close());

  for (const lang of ['en', 'ar'] as const) {
    test(`Tabby: a mobile number is asked, Tabby approves, the payment is done (${lang})`, async () => {
      const link = await newLink(20000, 'SAR', lang);
      await withPage(journey, VIEWPORTS[0], async (page) => {
        await page.goto(`${journey.payportUrl}/pay/${link.id}`);
        const name = lang === 'ar' ? 'ادفع لاحقًا عبر تابي' : 'Pay later with Tabby';
        assert.match(await page.locator('.methods').innerText(), new RegExp(name));
        await choose(page, 'tabby', '+966501234567');
        await page.waitForURL((u) => u.href.startsWith(journey.simUrl));
        await screenshot(page, `tabby-${lang}`);
        await page.locator('button[name="tabby_decision"][value="approve"]').click();
        await arriveOnStatusPage(journey, page);
        await page.locator('h1.state.done').waitFor();
        const tx = await stateOf(page);
        assert.equal(tx?.paymentMethod, 'tabby');
        assert.equal(tx?.customerPhone, '+966501234567');
        assert.equal(tx?.customerCountry, 'SA');
        assert.equal(tx?.description, 'Two lamps');
      });
    });

    test(`valU: code, down payment and a 12-month plan pay the order (${lang})`, async () => {
      const link = await newLink(600000, 'EGP', lang);
      await withPage(journey, VIEWPORTS[1] ?? VIEWPORTS[0], async (page) => {
        await page.goto(`${journey.payportUrl}/pay/${link.id}`);
        await choose(page, 'valu', '+201001234567');
        await page.waitForURL((u) => u.pathname === '/payment/valu');
        assert.equal(await page.locator('html').getAttribute('lang'), lang);
        await page.locator('input[name="down_payment"]').fill('1000.00');
        await page.locator('button.pay').click();
        await page.locator('input[name="tenure"][value="12"]').check();
        await page.locator('input[name="otp"]').fill(VALU_SANDBOX_OTP);
        await screenshot(page, `valu-code-${lang}`);
        await page.locator('button.pay').click();
        await arriveOnStatusPage(journey, page);
        await page.locator('h1.state.done').waitFor();
        const tx = await stateOf(page);
        assert.equal(tx?.paymentMethod, 'valu');
        assert.equal(tx?.state, 'done');
      });
    });
  }

  test('Tabby declining the customer is a failed payment with Try again', async () => {
    const link = await newLink(20000, 'SAR', 'en');
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await page.goto(`${journey.payportUrl}/pay/${link.id}`);
      await choose(page, 'tabby', '+966501234567');
      await page.waitForURL((u) => u.href.startsWith(journey.simUrl));
      await page.locator('button[name="tabby_decision"][value="reject"]').click();
      await arriveOnStatusPage(journey, page);
      assert.equal((await stateOf(page))?.state, 'error');
    });
  });

  test('valU: a number valU does not know ends the payment, explained on the status page', async () => {
    const link = await newLink(600000, 'EGP', 'en');
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await page.goto(`${journey.payportUrl}/pay/${link.id}`);
      await choose(page, 'valu', '+201000000000');
      await page.waitForURL((u) => u.pathname === '/payment/valu');
      await page.locator('button.pay').click();
      await arriveOnStatusPage(journey, page);
      const tx = await stateOf(page);
      assert.equal(tx?.state, 'error');
      assert.match(tx?.stateMessage ?? '', /Customer not found/);
    });
  });
});
