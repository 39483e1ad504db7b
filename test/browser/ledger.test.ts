/**
 * The ledger in the back office, in a real browser (Debian's Chromium through playwright-core), in
 * English and Arabic: the money panel, the financial badges of payments and their children, the
 * discrepancy banner, the operations in the timeline with who asked, and the totals of money that
 * moved. Screenshots land in `test-output/ledger/` for review.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Store } from '../../src/store/database.js';
import type { ProviderRecord, TransactionRecord } from '../../src/store/repositories/index.js';
import { seedDraft, seedPaid, seedProvider } from '../http/admin/fixtures.js';
import { startAdmin, type AdminHarness } from '../http/admin/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
const PASSWORD = 'correct horse battery staple';
const SHOTS = join(process.cwd(), 'test-output', 'ledger');

/** Adds a settled (or failed) child operation to `payment`, as payport or APS' back office made it. */
async function addChild(
  store: Store,
  provider: ProviderRecord,
  payment: TransactionRecord,
  child: { operation: 'capture' | 'refund' | 'void'; n: number; amount: number; state: 'done' | 'error' },
  origin: { origin?: 'payport' | 'aps'; requestedBy?: string } = {},
): Promise<void> {
  await store.transaction(async (repos) => {
    const tx = await repos.transactions.insert({
      reference: `${payment.reference}-${child.operation[0]!.toUpperCase()}${child.n}`,
      providerId: provider.id,
      paymentMethod: payment.paymentMethod,
      amount: child.amount,
      currency: payment.currency,
      state: 'pending',
      operation: child.operation,
      sourceTransactionId: payment.id,
      isLive: payment.isLive,
      origin: origin.origin ?? 'payport',
      requestedBy: origin.requestedBy ?? 'ops@example.com',
    });
    await repos.transactionHistory.insert({
      transactionId: tx.id,
      fromState: null,
      toState: 'pending',
      message: `${child.operation} requested`,
      channel: 'admin',
      createdAt: tx.createdAt,
    });
    await repos.transactions.updateState(tx.id, {
      state: child.state,
      message: child.state === 'done' ? 'Success' : 'Operation amount exceeds captured amount',
    });
    await repos.transactionHistory.insert({
      transactionId: tx.id,
      fromState: 'pending',
      toState: child.state,
      message: child.state === 'done' ? 'Success' : 'Declined by APS',
      channel: 'api',
      createdAt: tx.createdAt,
    });
  });
}

describe('the ledger in the back office, in Chromium', { skip }, () => {
  let h: AdminHarness & { address: string };
  let browser: Browser;
  let page: Page;
  let partial: TransactionRecord;
  let refunded: TransactionRecord;
  const errors: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await startAdmin({ listen: true, publicUrl: 'http://shop.payport.test' });
    await h.addUser('ops@example.com', 'operator');
    const provider = await seedProvider(h.store, 'APS Riyadh');
    // An authorization of 100.00 SAR: 70.00 captured in two parts, 20.00 refunded by payport, 5.00 in
    // APS' own back office, and a capture APS declined.
    const authorized = await seedDraft(h.store, provider, { customerName: 'Layla Haddad' });
    await h.store.repos.transactions.updateState(authorized.id, {
      state: 'authorized',
      message: 'Authorized',
    });
    partial = authorized;
    await addChild(h.store, provider, partial, { operation: 'capture', n: 1, amount: 4_000, state: 'done' });
    await addChild(h.store, provider, partial, { operation: 'capture', n: 2, amount: 3_000, state: 'done' });
    await addChild(h.store, provider, partial, { operation: 'capture', n: 3, amount: 500, state: 'error' });
    await addChild(h.store, provider, partial, { operation: 'refund', n: 1, amount: 2_000, state: 'done' });
    await addChild(
      h.store,
      provider,
      partial,
      { operation: 'refund', n: 2, amount: 500, state: 'done' },
      { origin: 'aps', requestedBy: 'provider back office' },
    );
    await h.store.repos.transactions.setDiscrepancy(partial.id, {
      text: "The provider's books differ from payport's ledger: refunded: provider 30.00 SAR, payport 25.00 SAR",
      time: '2026-03-01T10:05:00.000Z',
    });
    refunded = await seedPaid(h.store, provider, { amount: 25_000, customerName: 'Omar Saleh' });
    await addChild(h.store, provider, refunded, { operation: 'refund', n: 1, amount: 25_000, state: 'done' });
    await seedPaid(h.store, provider, { amount: 12_500, isLive: true, customerName: 'Sara Ali' });
    await seedDraft(h.store, provider, { amount: 99_900 });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico'))
        errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${h.address}/admin/login`);
    await page.fill('#email', 'ops@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin$/);
  });

  after(async () => {
    await browser?.close();
    await h?.close();
  });

  test('the list shows financial badges and the totals of money that moved', async () => {
    await page.goto(`${h.address}/admin/transactions`);
    const badge = (reference: string) =>
      page
        .locator(`tr:has(a:text-is("${reference}")) [data-financial-status]`)
        .getAttribute('data-financial-status');
    assert.equal(await badge(partial.reference), 'partially_refunded');
    assert.equal(await badge(refunded.reference), 'refunded');
    const test = page.locator('tr[data-currency="SAR"][data-live="test"]');
    assert.equal((await test.locator('[data-total="captured"]').textContent())?.trim(), '320.00 SAR');
    assert.equal((await test.locator('[data-total="refunded"]').textContent())?.trim(), '−275.00 SAR');
    assert.equal((await test.locator('[data-total="net"]').textContent())?.trim(), '45.00 SAR');
    const live = page.locator('tr[data-currency="SAR"][data-live="live"]');
    assert.equal((await live.locator('[data-total="net"]').textContent())?.trim(), '125.00 SAR');
    await page.screenshot({ path: join(SHOTS, 'transactions-en.png'), fullPage: true });
  });

  test('the detail page shows the money panel, the banner, the children and the timeline', async () => {
    await page.goto(`${h.address}/admin/transactions/${partial.reference}`);
    const figure = async (key: string) =>
      (await page.locator(`[data-figure="${key}"] dd`).textContent())?.replace(/\s+/g, ' ').trim();
    assert.equal(await figure('authorized'), '100.00 SAR');
    assert.equal(await figure('captured'), '70.00 SAR');
    assert.equal(await figure('refunded'), '25.00 SAR');
    assert.equal(await figure('remaining'), '30.00 SAR left to capture');
    assert.match((await page.locator('[data-discrepancy]').textContent()) ?? '', /provider 30\.00 SAR/);
    const family =
      (await page.locator('section:has(h2:text("Captures, voids and refunds"))').textContent()) ?? '';
    assert.match(family, /Captured/);
    assert.match(family, /Failed/);
    assert.match(family, /APS back office/);
    assert.doesNotMatch(family, /Paid/, 'children never carry a Paid badge');
    const timeline = (await page.locator('ol.timeline').textContent()) ?? '';
    assert.match(timeline, /Capture of 40\.00 SAR requested by ops@example\.com/);
    assert.match(timeline, /Refund of 5\.00 SAR made in the APS back office/);
    const refundButton = page.locator('form[action$="/actions/refund"] button');
    assert.equal(await refundButton.count(), 1, 'refund is offered after a partial capture');
    await page.screenshot({ path: join(SHOTS, 'detail-en.png'), fullPage: true });

    await page.goto(`${h.address}/admin/transactions/${refunded.reference}`);
    assert.equal(await page.locator('form[action$="/actions/refund"]').count(), 0, 'nothing left to refund');
    assert.equal(
      await page.locator('.card [data-financial-status]').first().getAttribute('data-financial-status'),
      'refunded',
    );
  });

  test('in Arabic, the panel, badges and totals are Arabic', async () => {
    await page.goto(`${h.address}/admin/transactions/${partial.reference}?lang=ar`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal((await page.locator('#money-title').textContent())?.trim(), 'المبالغ');
    assert.match((await page.locator('[data-financial-status]').first().textContent()) ?? '', /مستردّة جزئيًا/);
    assert.match((await page.locator('[data-discrepancy] strong').textContent()) ?? '', /سجلات APS/);
    await page.screenshot({ path: join(SHOTS, 'detail-ar.png'), fullPage: true });
    await page.goto(`${h.address}/admin/transactions?lang=ar`);
    assert.match((await page.locator('#totals-title').textContent()) ?? '', /الأموال المتحركة/);
    await page.screenshot({ path: join(SHOTS, 'transactions-ar.png'), fullPage: true });
  });

  test('on a phone the money panel fits the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${h.address}/admin/transactions/${partial.reference}`);
    const overflow = Number(
      await page.evaluate(
        "(() => { const p = document.querySelector('.money-panel'); return p ? p.scrollWidth - p.clientWidth : -1; })()",
      ),
    );
    assert.ok(overflow <= 0, `the money panel overflows by ${overflow}px`);
    await page.screenshot({ path: join(SHOTS, 'detail-phone.png'), fullPage: true });
    assert.deepEqual(errors, []);
  });
});
