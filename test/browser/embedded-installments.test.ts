/**
 * S20 with the embedded card entry (S18) in Chromium, in English and Arabic: the provider is set to
 * `embedded`, so paying in installments shows payport's plan page (the plans of APS'
 * GET_INSTALLMENTS_PLANS, answered by the simulator), then APS' Merchant Page in a frame; the token is
 * charged with `installments=HOSTED` and the plan is stored. In Arabic a card of another bank is refused
 * first (nothing charged, the plans come back with the reason), then a plan of the card's bank pays.
 * Both pages pass axe-core; the plan choice is a plain form (no script on the page).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  screenshot,
  skipWithoutChromium,
  startJourney,
  VIEWPORTS,
  withPage,
  type Journey,
} from './harness.js';
import { axeViolations } from './audit.js';

let journey: Journey;

async function newLink(amount: number, lang: 'en' | 'ar', order: string) {
  return journey.payport.context.services.store.repos.paymentLinks.insert({
    amount,
    currency: 'SAR',
    orderReference: order,
    customerEmail: 'customer@example.com',
    lang,
  });
}

async function payInFrame(page: Page, number: string): Promise<void> {
  await page.locator('iframe#card-frame').waitFor();
  const frame = page.frameLocator('#card-frame');
  await frame.locator('#card_number').fill(number);
  await frame.locator('#expiry_date').fill('3005');
  await frame.locator('#card_holder_name').fill('Jane Customer');
  await frame.locator('#card_security_code').fill('123');
  await frame.locator('button.primary').click();
}

async function toPlans(page: Page, linkId: string, lang: 'en' | 'ar'): Promise<void> {
  await page.goto(`${journey.payportUrl}/pay/${linkId}`);
  await page.locator('input[name="payment_method"][value$=":installments"]').check();
  await page.locator('button.pay').click();
  await page.waitForURL((u) => u.href.startsWith(`${journey.payportUrl}/payment/transaction`));
  await page.locator('input[name="plan"]').first().waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.equal(await page.locator('script').count(), 0, 'the plan page needs no script');
  assert.deepEqual(await axeViolations(page), []);
}

async function storedPayment(order: string) {
  const repos = journey.payport.context.services.store.repos;
  const found = await repos.transactions.list({ search: order }, { limit: 5 });
  return found.items[0];
}

describe('installments with the embedded card form in the browser', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
    const repos = journey.payport.context.services.store.repos;
    const [provider] = await repos.providers.list();
    assert.ok(provider);
    await repos.providers.update(provider.id, {
      paymentMethods: ['card', 'installments'],
      installmentsMinimums: { SAR: 50000 },
      cardEntry: 'embedded',
    });
  });
  after(() => journey?.close());

  test('pays 600.00 SAR in 6 installments of Bank One (en)', async () => {
    const link = await newLink(60000, 'en', 'EI/EN/1');
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await toPlans(page, link.id, 'en');
      const plans = await page.locator('main').innerText();
      assert.match(plans, /Simulated Bank One \(Visa\)/);
      assert.match(plans, /6 months/);
      assert.match(plans, /SAR\s102\.50 a month/);
      await screenshot(page, 'embedded-installments-plans-en');
      await page.locator('input[name="plan"][value="SIMB01:SB1P06"]').check();
      await page.locator('button.pay').click();
      await page.locator('#chosen-plan').waitFor();
      assert.match(await page.locator('#chosen-plan').innerText(), /6 monthly installments of SAR\s102\.50/);
      assert.deepEqual(await axeViolations(page), []);
      await payInFrame(page, '4005550000000001');
      await page.waitForURL((u) => u.href.startsWith(`${journey.payportUrl}/payment/status?`));
      await page.locator('h1.state.done').waitFor();
      await screenshot(page, 'embedded-installments-done-en');
    });
    const tx = await storedPayment('EI/EN/1');
    assert.equal(tx?.paymentMethod, 'installments');
    assert.deepEqual(tx?.installments, { numberOfInstallments: 6, planCode: 'SB1P06', issuerCode: 'SIMB01' });
  });

  test('a card of another bank is refused, then a plan of its bank pays (ar)', async () => {
    const link = await newLink(60000, 'ar', 'EI/AR/1');
    await withPage(journey, VIEWPORTS[1], async (page) => {
      await toPlans(page, link.id, 'ar');
      assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
      assert.match(await page.locator('main').innerText(), /البنك التجريبي الأول/);
      await page.locator('input[name="plan"][value="SIMB01:SB1P03"]').check();
      await page.locator('button.pay').click();
      await payInFrame(page, '5123456789012346');
      await page.waitForURL((u) => u.pathname === '/payment/installments');
      const problem = page.locator('#plan-problem');
      await problem.waitFor();
      assert.match(await problem.innerText(), /لم يُخصم أي مبلغ/);
      assert.deepEqual(await axeViolations(page), []);
      await screenshot(page, 'embedded-installments-other-bank-ar');
      assert.equal((await storedPayment('EI/AR/1'))?.state, 'draft', 'nothing was charged');
      await page.locator('input[name="plan"][value="SIMB02:SB2P04"]').check();
      await page.locator('button.pay').click();
      await payInFrame(page, '5123456789012346');
      await page.waitForURL((u) => u.href.startsWith(`${journey.payportUrl}/payment/status?`));
      await page.locator('h1.state.done').waitFor();
    });
    const tx = await storedPayment('EI/AR/1');
    assert.deepEqual(tx?.installments, { numberOfInstallments: 4, planCode: 'SB2P04', issuerCode: 'SIMB02' });
  });

  test('without JavaScript: the plans, the card frame and the way back are plain forms and links', async () => {
    const link = await newLink(60000, 'en', 'EI/NOJS/1');
    const context = await journey.browser.newContext({ viewport: VIEWPORTS[0], javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${journey.payportUrl}/pay/${link.id}`);
      await page.locator('input[name="payment_method"][value$=":installments"]').check();
      await page.locator('button.pay').click();
      await page.locator('input[name="plan"][value="SIMB02:SB2P04"]').check();
      await page.locator('button.pay').click();
      await page.locator('#chosen-plan').waitFor();
      await page.getByRole('button', { name: 'Show the card form' }).click();
      await payInFrame(page, '5123456789012346');
      // The provider's answer goes back by a button without script, then payport's page by a link.
      const frame = page.frameLocator('#card-frame');
      await frame.locator('form#return button[type="submit"]').click();
      await frame.locator('a[target="_top"]').click();
      await page.waitForURL((u) => u.href.startsWith(`${journey.payportUrl}/payment/status?`));
      await page.locator('h1.state.done').waitFor();
    } finally {
      await context.close();
    }
    const tx = await storedPayment('EI/NOJS/1');
    assert.deepEqual(tx?.installments, { numberOfInstallments: 4, planCode: 'SB2P04', issuerCode: 'SIMB02' });
  });
});
