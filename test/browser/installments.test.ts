/**
 * S20 in Chromium: paying in installments against the simulator, in English and Arabic — the method is
 * offered from the provider's minimum, the hosted page shows the plans beside the card fields, and the
 * chosen plan is stored with the payment.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  arriveOnStatusPage,
  fillCard,
  screenshot,
  skipWithoutChromium,
  startJourney,
  VIEWPORTS,
  withPage,
  type Journey,
} from './harness.js';

let journey: Journey;

async function newLink(amount: number, lang: 'en' | 'ar') {
  return journey.payport.context.services.store.repos.paymentLinks.insert({
    amount,
    currency: 'SAR',
    orderReference: 'SO/2026/0300',
    customerEmail: 'customer@example.com',
    lang,
  });
}

describe('installments in the browser (S20)', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
    const repos = journey.payport.context.services.store.repos;
    const [provider] = await repos.providers.list();
    assert.ok(provider);
    await repos.providers.update(provider.id, {
      paymentMethods: ['card', 'installments', 'tabby'],
      installmentsMinimums: { SAR: 50000 },
    });
  });
  after(() => journey?.close());

  test('under the minimum, installments are not offered', async () => {
    const link = await newLink(49999, 'en');
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await page.goto(`${journey.payportUrl}/pay/${link.id}`);
      await page.locator('input[name="payment_method"][value$=":card"]').waitFor();
      assert.equal(await page.locator('input[name="payment_method"][value$=":installments"]').count(), 0);
    });
  });

  for (const lang of ['en', 'ar'] as const) {
    test(`pays 600.00 SAR in 6 installments with a plan of the card's bank (${lang})`, async () => {
      const link = await newLink(60000, lang);
      await withPage(journey, VIEWPORTS[0], async (page) => {
        await page.goto(`${journey.payportUrl}/pay/${link.id}`);
        const name = lang === 'ar' ? 'الدفع بالتقسيط' : 'Pay in installments';
        assert.match(await page.locator('.methods').innerText(), new RegExp(name));
        await page.locator('input[name="payment_method"][value$=":installments"]').check();
        await page.locator('button.pay').click();
        await page.waitForURL((u) => u.href.startsWith(journey.simUrl));
        await page.locator('input[name="plan_code"][value="SB1P06"]').check();
        assert.equal(await page.locator('input[name="plan_code"]').count(), 5);
        await screenshot(page, `installments-plans-${lang}`);
        await fillCard(page, { number: '4005550000000001' });
        await arriveOnStatusPage(journey, page);
        await page.locator('h1.state.done').waitFor();
        const reference = new URL(page.url()).searchParams.get('ref') ?? '';
        const tx = await journey.payport.context.services.store.repos.transactions.findByReference(reference);
        assert.equal(tx?.paymentMethod, 'installments');
        assert.deepEqual(tx?.installments, {
          numberOfInstallments: 6,
          planCode: 'SB1P06',
          issuerCode: 'SIMB01',
        });
      });
    });
  }
});
