/**
 * S19 in Chromium: Apple Pay with a stub ApplePaySession (the page cannot tell it from Safari's),
 * paying end to end against the simulator, which stands in for Apple's merchant validation and for APS'
 * Apple Pay purchase. The simulator's records show the request was signed with the Apple Pay phrases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { paymentPayUrl } from '../../src/services/signed-pay-links.js';
import { skipWithoutChromium, startJourney, VIEWPORTS, withPage, type Journey } from './harness.js';
import { addWallets, APPLE_CREDENTIALS } from './wallet-setup.js';

let journey: Journey;

/**
 * A stand-in for Safari's ApplePaySession that records what the page does with it. Plain JavaScript
 * text, so that the page runs it exactly as written.
 */
function stubApplePaySession(displayName: string): string {
  return `(() => {
    // Kept in sessionStorage: the calls must survive the navigation to the status page.
    const calls = JSON.parse(sessionStorage.getItem('applePayCalls') || '[]');
    const record = (call) => {
      calls.push(call);
      sessionStorage.setItem('applePayCalls', JSON.stringify(calls));
    };
    function StubSession(version, request) {
      record('new:' + version + ':' + request.total.amount + ':' + request.currencyCode);
      this.onvalidatemerchant = null;
      this.onpaymentauthorized = null;
    }
    StubSession.STATUS_SUCCESS = 0;
    StubSession.STATUS_FAILURE = 1;
    StubSession.canMakePayments = () => true;
    StubSession.prototype.begin = function () {
      record('begin');
      this.onvalidatemerchant({
        validationURL: 'https://apple-pay-gateway-cert.apple.com/paymentservices/paymentSession',
      });
    };
    StubSession.prototype.completeMerchantValidation = function (session) {
      record('validated:' + (session && session.merchantSessionIdentifier ? 'session' : 'none'));
      this.onpaymentauthorized({
        payment: {
          token: {
            paymentData: {
              version: 'EC_v1',
              data: 'c2ltdWxhdGVkIGVuY3J5cHRlZCBwYXltZW50IGRhdGE=',
              signature: 'c2ltdWxhdGVkIHNpZ25hdHVyZQ==',
              header: {
                ephemeralPublicKey: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
                publicKeyHash: 'bVTUiyTv0uCJgQz8SNYHBHOlHMD6sR1qDuCqTaETzkw=',
                transactionId: '93eec76cbedaedca44648e3d5c314766906e4e78ce33cd3b8396f105a1c0daed',
              },
            },
            paymentMethod: { displayName: ${JSON.stringify(displayName)}, network: 'Visa', type: 'debit' },
            transactionIdentifier: '93EEC76CBEDAEDCA44648E3D5C314766906E4E78CE33CD3B8396F105A1C0DAED',
          },
        },
      });
    };
    StubSession.prototype.completePayment = function (status) {
      record('complete:' + status);
    };
    StubSession.prototype.abort = function () {
      record('abort');
    };
    window.ApplePaySession = StubSession;
  })();`;
}

/** What the page did with the session so far. */
async function sessionCalls(page: Page): Promise<string[]> {
  return page.evaluate("JSON.parse(sessionStorage.getItem('applePayCalls') || '[]')") as Promise<string[]>;
}

describe('Apple Pay in a browser (stub ApplePaySession)', { skip: skipWithoutChromium }, () => {
  before(async () => {
    journey = await startJourney();
    await addWallets(journey);
  });
  after(async () => {
    await journey?.close();
  });

  const payUrl = (reference: string) =>
    paymentPayUrl(journey.payport.context.services, {
      amount: '49.9',
      currency: 'SAR',
      reference,
      email: 'customer@example.com',
    });

  test('without ApplePaySession the button stays hidden', async () => {
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await page.goto(payUrl('AP-HIDDEN-1'));
      const button = page.locator('button[data-method="apple_pay"]');
      assert.equal(await button.count(), 1);
      assert.equal(await button.isVisible(), false);
    });
  });

  test('pays end to end, signed with the Apple Pay phrases', async () => {
    await withPage(journey, VIEWPORTS[0], async (page) => {
      await page.addInitScript({ content: stubApplePaySession('Visa 0492') });
      await page.goto(payUrl('AP-PAY-1'));
      await page.locator('button[data-method="apple_pay"]').click();
      await page.waitForURL((u) => u.pathname === '/payment/status');
      await page.locator('h1.state.done').waitFor();
      assert.deepEqual(await sessionCalls(page), [
        'new:3:49.90:SAR',
        'begin',
        'validated:session',
        'complete:0',
      ]);
      const reference = new URL(page.url()).searchParams.get('ref') ?? '';
      const tx = await journey.payport.context.services.store.repos.transactions.findByReference(reference);
      assert.equal(tx?.paymentMethod, 'apple_pay');
      assert.equal(tx?.state, 'done');
      assert.equal(tx?.cardBrand, 'visa');
      const sim = (await (await fetch(`${journey.simUrl}/_sim/transactions/${reference}`)).json()) as {
        transaction: { wallet: string; signedWith: string; request: Record<string, string> };
      };
      assert.equal(sim.transaction.wallet, 'APPLE_PAY');
      assert.equal(sim.transaction.signedWith, 'apple_pay');
      assert.equal(sim.transaction.request.access_code, APPLE_CREDENTIALS.accessCode);
      assert.equal(sim.transaction.request.digital_wallet, 'APPLE_PAY');
    });
  });

  test('a decline (magic display name) completes the sheet with failure and shows the failure', async () => {
    await withPage(journey, VIEWPORTS[1], async (page) => {
      await page.addInitScript({ content: stubApplePaySession('DECLINED') });
      await page.goto(payUrl('AP-DECLINE-1'));
      await page.locator('button[data-method="apple_pay"]').click();
      await page.waitForURL((u) => u.pathname === '/payment/status');
      assert.deepEqual(await sessionCalls(page), [
        'new:3:49.90:SAR',
        'begin',
        'validated:session',
        'complete:1',
      ]);
      const reference = new URL(page.url()).searchParams.get('ref') ?? '';
      const tx = await journey.payport.context.services.store.repos.transactions.findByReference(reference);
      assert.equal(tx?.state, 'error');
      assert.equal(tx?.paymentMethod, 'apple_pay');
    });
  });

  test('merchant validation answers 400 for a host that is not Apple', async () => {
    const res = await fetch(`${journey.payportUrl}/payment/apple-pay/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ validationURL: 'https://evil.example.com/paymentservices/paymentSession' }),
    });
    assert.equal(res.status, 400);
    const ok = await fetch(`${journey.payportUrl}/payment/apple-pay/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/paymentSession',
      }),
    });
    assert.equal(ok.status, 200);
    const session = (await ok.json()) as { merchantSessionIdentifier?: string };
    assert.ok(session.merchantSessionIdentifier);
  });

  test('the domain-association file is served where Apple looks for it', async () => {
    const res = await fetch(
      `${journey.payportUrl}/.well-known/apple-developer-merchantid-domain-association`,
    );
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'test-domain-association\n');
  });
});
