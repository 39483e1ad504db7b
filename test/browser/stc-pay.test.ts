/**
 * S19 in Chromium: STC Pay as APS documents it — payport sends `digital_wallet=STCPAY` (no
 * payment_option) with a fresh merchant reference per attempt; the simulator asks for the mobile number
 * (an input of type tel) and then the OTP (`name="otp"`, sandbox code in `#sandbox-otp`). A wrong OTP and
 * a decline end the payment as APS would (13030, 13666).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { paymentPayUrl } from '../../src/services/signed-pay-links.js';
import {
  arriveOnStatusPage,
  skipWithoutChromium,
  startJourney,
  VIEWPORTS,
  withPage,
  type Journey,
} from './harness.js';
import { addWallets } from './wallet-setup.js';

let journey: Journey;

async function simRecord(
  reference: string,
): Promise<{ request: Record<string, string>; responseCode: string }> {
  const res = await fetch(`${journey.simUrl}/_sim/transactions/${reference}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { transaction: { request: Record<string, string>; responseCode: string } })
    .transaction;
}

async function startStcPay(page: Page, reference: string): Promise<void> {
  const url = paymentPayUrl(journey.payport.context.services, {
    amount: '120',
    currency: 'SAR',
    reference,
    email: 'customer@example.com',
  });
  await page.goto(url);
  await page.locator('input[name="payment_method"][value$=":stcpay"]').check();
  await page.locator('button.pay').click();
  await page.waitForURL((u) => u.href.startsWith(journey.simUrl));
}

async function payWithMobile(page: Page, mobile: string, otp?: string): Promise<void> {
  const phone = page.locator('input[type="tel"]');
  await phone.fill(mobile);
  await page.locator('button.primary[type="submit"]').click();
  const code = (await page.locator('#sandbox-otp').innerText()).trim();
  await page.locator('input[name="otp"]').fill(otp ?? code);
  await page.locator('button.primary[type="submit"]').click();
  await arriveOnStatusPage(journey, page);
}

async function transactionOfStatusPage(page: Page) {
  const reference = new URL(page.url()).searchParams.get('ref') ?? '';
  const tx = await journey.payport.context.services.store.repos.transactions.findByReference(reference);
  assert.ok(tx);
  return tx;
}

describe('STC Pay in a browser', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
    await addWallets(journey);
  });
  after(async () => {
    await journey?.close();
  });

  test('mobile number, then OTP: paid, sent with digital_wallet=STCPAY', async () => {
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await startStcPay(page, 'STC-OK-1');
      await payWithMobile(page, '0551234567');
      await page.locator('h1.state.done').waitFor();
      const tx = await transactionOfStatusPage(page);
      assert.equal(tx.state, 'done');
      assert.equal(tx.paymentMethod, 'stcpay');
      const sim = await simRecord(tx.reference);
      assert.equal(sim.request.digital_wallet, 'STCPAY');
      assert.equal(sim.request.payment_option, 'STCPAY'); // APS' answer names the wallet
      assert.equal(sim.request.phone_number, '0551234567');
      assert.equal(sim.responseCode, '14000');
    });
  });

  test('a wrong OTP ends the payment as a failed authentication, and a new attempt gets a new reference', async () => {
    await withPage(journey, VIEWPORTS[1], async (page) => {
      await startStcPay(page, 'STC-OTP-1');
      await payWithMobile(page, '0551234567', '000000');
      const first = await transactionOfStatusPage(page);
      assert.equal(first.state, 'error');
      assert.equal((await simRecord(first.reference)).responseCode, '13030');
      await startStcPay(page, 'STC-OTP-1');
      await payWithMobile(page, '0551234567');
      const second = await transactionOfStatusPage(page);
      assert.equal(second.state, 'done');
      assert.notEqual(second.reference, first.reference);
    });
  });

  test('a declined STC Pay payment ends in error with 13666', async () => {
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await startStcPay(page, 'STC-DECLINE-1');
      await payWithMobile(page, '0500000666');
      const tx = await transactionOfStatusPage(page);
      assert.equal(tx.state, 'error');
      assert.equal((await simRecord(tx.reference)).responseCode, '13666');
    });
  });
});
