/**
 * The Merchant Page in a real browser: a merchant page on another origin frames the simulator's
 * TOKENIZATION form (hidden form targeting an iframe, as the official plugins do), the customer types
 * a card inside the frame, and the signed 18000 answer arrives at the merchant's return URL — with no
 * CSP violation. Chromium through playwright-core; skipped where Chromium is not installed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { sign, verifySignature } from '../../src/providers/aps/signature.js';
import { createSimulator, type MerchantAccount } from '../../src/simulator/index.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `Chromium is not installed at ${CHROMIUM}`;

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

test(
  'the Merchant Page works framed by the merchant origin and answers 18000 to its return URL',
  { skip },
  async () => {
    const sim = createSimulator({ logger: false });
    const simUrl = await sim.app.listen({ port: 0, host: '127.0.0.1' });
    const returned: Array<Record<string, string>> = [];
    const created = await fetch(`${simUrl}/_sim/accounts/FrameMerchant`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ shaRequestPhrase: 'reqPhrase123', shaResponsePhrase: 'resPhrase456' }),
    });
    const account = ((await created.json()) as { account: MerchantAccount }).account;
    let merchantUrl = '';
    const merchant: Server = createServer((request, response) => {
      if (request.method === 'POST' && request.url === '/card-form/return') {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          returned.push(Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
          response
            .writeHead(200, { 'content-type': 'text/html' })
            .end('<!doctype html><p id="done">received</p>');
        });
        return;
      }
      if (request.url === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      const form = sign(
        {
          service_command: 'TOKENIZATION',
          access_code: account.accessCode,
          merchant_identifier: account.merchantIdentifier,
          merchant_reference: `MP-${Date.now()}`,
          language: 'en',
          return_url: `${merchantUrl}/card-form/return`,
        },
        account.shaRequestPhrase,
        account.shaType,
      );
      const inputs = Object.entries(form)
        .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
        .join('');
      response.writeHead(200, { 'content-type': 'text/html' }).end(
        `<!doctype html><title>Checkout</title><iframe name="aps" id="aps" style="width:100%;height:650px"></iframe>
       <form id="tokenize" method="post" target="aps" action="${simUrl}/FortAPI/paymentPage">${inputs}</form>
       <script>document.getElementById('tokenize').submit();</script>`,
      );
    });
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
    merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(merchantUrl);
      const frame = page.frameLocator('#aps');
      await frame.locator('#card_number').fill('4005550000000001');
      await frame.locator('#expiry_date').fill('3005');
      await frame.locator('#card_security_code').fill('123');
      await frame.locator('#card_holder_name').fill('Jane Doe');
      await frame.locator('#remember_me').check();
      await frame.locator('button.primary').click();
      await frame.locator('#done').waitFor();
      assert.equal(returned.length, 1);
      const fields = returned[0] ?? {};
      assert.equal(fields.response_code, '18000');
      assert.equal(fields.remember_me, 'YES');
      assert.equal(fields.card_number, '400555******0001');
      assert.ok(verifySignature(fields, account.shaResponsePhrase, account.shaType).valid);
      assert.deepEqual(errors, [], 'no CSP violation or other console error');
    } finally {
      await browser.close();
      merchant.closeAllConnections();
      await new Promise<void>((resolve) => merchant.close(() => resolve()));
      await sim.close();
    }
  },
);
