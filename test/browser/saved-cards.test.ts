/**
 * Saved cards and the embedded card entry in a real browser (S18): the provider is set to `embedded`,
 * so the payment page shows APS' Merchant Page (the simulator's) in a frame. A customer of a signed
 * link pays with a new card and keeps it, pays again with the saved card (only its security code is
 * asked, by APS' page), then pays with a 3-D Secure card whose result comes back through the normal
 * return. Every request the browser sends to payport is recorded: no card number or security code is
 * ever among them (PCI SAQ A: card data goes only to APS).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { paymentPayUrl } from '../../src/http/public/index.js';
import { createCustomer } from '../../src/services/cards/customers.js';
import { screenshot, skipWithoutChromium, startJourney, withPage, type Journey } from './harness.js';

const NEW_CARD = '4005550000000001';
const THREE_DS_CARD = '4557012345678902';
const SECURITY_CODE = '123';

describe('saved cards and the embedded card form in a browser', { skip: skipWithoutChromium }, () => {
  let journey: Journey;
  let customerId: string;
  /** Every request the browser sent to payport: method, URL and body. */
  const toPayport: { method: string; url: string; body: string }[] = [];

  before(async () => {
    journey = await startJourney();
    const repos = journey.payport.context.services.store.repos;
    const [provider] = await repos.providers.list();
    await repos.providers.update(provider!.id, { cardEntry: 'embedded' });
    const customer = await createCustomer(journey.payport.context.services, {
      email: 'returning@example.com',
      name: 'Returning Customer',
    });
    customerId = customer.id;
  });
  after(() => journey?.close());

  function recordRequests(page: Page): void {
    page.on('request', (request: Request) => {
      if (!request.url().startsWith(journey.payportUrl)) return;
      toPayport.push({ method: request.method(), url: request.url(), body: request.postData() ?? '' });
    });
  }

  const link = (reference: string, amount: string) =>
    paymentPayUrl(journey.payport.context.services, {
      amount,
      currency: 'SAR',
      reference,
      email: 'returning@example.com',
      name: 'Returning Customer',
      customer: customerId,
    });

  async function payInFrame(page: Page, card: { number?: string; keep?: boolean }): Promise<void> {
    await page.locator('iframe#card-frame').waitFor();
    const frame = page.frameLocator('#card-frame');
    if (card.number) {
      await frame.locator('#card_number').fill(card.number);
      await frame.locator('#expiry_date').fill('3005');
      await frame.locator('#card_holder_name').fill('Returning Customer');
    }
    await frame.locator('#card_security_code').fill(SECURITY_CODE);
    if (card.keep) await frame.locator('#remember_me').check();
    await frame.locator('button.primary').click();
  }

  async function settled(page: Page, state: string): Promise<void> {
    await page.waitForURL((u) => u.href.startsWith(`${journey.payportUrl}/payment/status?`));
    await page.locator(`h1.state.${state}`).waitFor();
  }

  const savedCards = () =>
    journey.payport.context.services.store.repos.savedPaymentMethods.listByCustomer(customerId);

  test('a new card typed in the frame pays and is saved with the customer consent', async () => {
    await withPage(journey, { width: 1280, height: 900 }, async (page) => {
      recordRequests(page);
      await page.goto(link('SC/1', '40.00'));
      await page.locator('input[name="payment_method"][value$=":card"]').check();
      await page.locator('button.pay').click();
      assert.ok(page.url().startsWith(journey.payportUrl), 'the customer stays on payport’s page');
      await payInFrame(page, { number: NEW_CARD, keep: true });
      await settled(page, 'done');
      await screenshot(page, 'saved-cards-new-card');
    });
    const cards = await savedCards();
    assert.equal(cards.length, 1);
    assert.equal(cards[0]!.last4, '0001');
    assert.equal(cards[0]!.status, 'active');
  });

  test('the second payment offers the saved card; APS asks only its security code', async () => {
    const [card] = await savedCards();
    await withPage(journey, { width: 390, height: 844 }, async (page) => {
      recordRequests(page);
      await page.goto(link('SC/2', '15.50'));
      const saved = page.locator(`input[name="payment_method"][value="saved:${card!.id}"]`);
      await saved.check();
      await page.locator('button.pay').click();
      const frame = page.frameLocator('#card-frame');
      await frame.locator('#saved-card').waitFor();
      assert.match(await frame.locator('#saved-card').innerText(), /0001$/);
      await payInFrame(page, {});
      await settled(page, 'done');
      await screenshot(page, 'saved-cards-saved-card');
    });
    const payments = await journey.payport.context.services.store.repos.transactions.list(
      { search: 'SC/2' },
      { limit: 10 },
    );
    const reference = payments.items[0]!.reference;
    const books = await fetch(`${journey.simUrl}/_sim/transactions/${reference}`);
    const { transaction } = (await books.json()) as { transaction: { tokenName?: string } };
    assert.ok(transaction.tokenName, 'charged with the saved token');
    assert.equal((await savedCards()).length, 1, 'the same card is not saved twice');
  });

  test('a 3-D Secure card goes through the issuer step and comes back through the return', async () => {
    await withPage(journey, { width: 1280, height: 900 }, async (page) => {
      recordRequests(page);
      await page.goto(link('SC/3', '99.00'));
      await page.locator('input[name="payment_method"][value$=":card"]').check();
      await page.locator('button.pay').click();
      await payInFrame(page, { number: THREE_DS_CARD });
      await page.waitForURL((u) => u.href.startsWith(journey.simUrl));
      const otp = await page.locator('#sandbox-otp').innerText();
      await page.locator('#otp').fill(otp);
      await page.locator('button.primary').click();
      await settled(page, 'done');
      await screenshot(page, 'saved-cards-3ds');
    });
    assert.equal((await savedCards()).length, 1, 'a card is kept only with consent');
  });

  test('no request the browser sent to payport carried a card number or security code', () => {
    assert.ok(
      toPayport.some((r) => r.url.includes('/payment/aps/card')),
      'the frame answered payport',
    );
    for (const request of toPayport) {
      const text = `${request.url} ${decodeURIComponent(request.body.replace(/\+/g, ' '))}`;
      for (const secret of [NEW_CARD, THREE_DS_CARD, 'card_security_code']) {
        assert.ok(!text.includes(secret), `${request.method} ${request.url} carries ${secret}`);
      }
      // APS' answers name the card masked (400555******0001), never whole.
      const fields = new URLSearchParams(request.body);
      for (const masked of fields.getAll('card_number')) assert.match(masked, /\*{4,}/);
    }
  });
});
