/**
 * The provider's Apple Pay tab in Chromium (S19): the merchant identity certificate, its key and the
 * domain-association file are chosen from disk; a file that is not a certificate, a key of another
 * certificate or an empty domain file is refused by name with nothing saved, and a good set is saved
 * with its secrets sealed.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { selfSignedIdentity } from '../../src/demo-apple-pay.js';
import type { ProviderRecord } from '../../src/store/repositories/index.js';
import { seedProvider } from '../http/admin/fixtures.js';
import { startAdmin, type AdminHarness } from '../http/admin/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`;
const PASSWORD = 'correct horse battery staple';

/** A file the page's file input receives, as if chosen in the file dialog. */
function file(name: string, text: string) {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text) };
}

describe('the Apple Pay tab of a provider in Chromium', { skip }, () => {
  let h: AdminHarness & { address: string };
  let browser: Browser;
  let page: Page;
  let provider: ProviderRecord;
  let identity: { certificatePem: string; privateKeyPem: string };

  before(async () => {
    h = await startAdmin({ listen: true, publicUrl: 'http://shop.payport.test' });
    await h.addUser('admin@example.com', 'admin');
    provider = await seedProvider(h.store, 'APS Jeddah');
    identity = await selfSignedIdentity('merchant.test.payport');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${h.address}/admin/login`);
    await page.fill('#email', 'admin@example.com');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin$/);
  });

  after(async () => {
    await browser?.close();
    await h?.close();
  });

  async function openTab(): Promise<void> {
    await page.goto(`${h.address}/admin/providers/${encodeURIComponent(provider.id)}`);
    await page.locator('[data-tab="apple-pay"]').click();
    await page.locator('#apple-pay').waitFor({ state: 'visible' });
  }

  async function fillAndSave(files: {
    certificate: ReturnType<typeof file>;
    privateKey: ReturnType<typeof file>;
    domain: ReturnType<typeof file>;
  }): Promise<void> {
    await page.fill('#f-applePay-appleMerchantId', 'merchant.test.payport');
    await page.fill('#f-applePay-accessCode', 'ApplePayAccess000001');
    await page.fill('#f-applePay-shaRequestPhrase', 'apple-request-phrase-1');
    await page.fill('#f-applePay-shaResponsePhrase', 'apple-response-phrase-1');
    await page.setInputFiles('input[data-file-into="f-applePay-certificate"]', files.certificate);
    await page.setInputFiles('input[data-file-into="f-applePay-privateKey"]', files.privateKey);
    await page.setInputFiles('input[data-file-into="f-applePay-domainAssociation"]', files.domain);
    // The chosen files fill the text boxes the form posts.
    await page.waitForFunction("document.getElementById('f-applePay-privateKey').value !== ''");
    await Promise.all([
      page.waitForLoadState('load'),
      page.locator('#apple-pay button[type=submit]').click(),
    ]);
    await page.locator('#apple-pay').waitFor();
  }

  test('a file that is not a certificate, a foreign key and an empty domain file are refused; nothing is saved', async () => {
    await openTab();
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    await fillAndSave({
      certificate: file('merchant_id.pem', 'this is not a certificate\n'),
      privateKey: file('merchant_id.key', otherKey),
      domain: file('apple-developer-merchantid-domain-association', ''),
    });
    const alert = page.locator('#apple-pay .flash.error');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /certificate/i);
    assert.match(text, /domain/i);
    assert.equal(await h.store.repos.applePay.find(provider.id), undefined);

    // With a real certificate, a key of another certificate is refused by name.
    await openTab();
    await fillAndSave({
      certificate: file('merchant_id.pem', identity.certificatePem),
      privateKey: file('merchant_id.key', otherKey),
      domain: file('apple-developer-merchantid-domain-association', 'domain-association-contents\n'),
    });
    await page.locator('#apple-pay .flash.error').waitFor();
    assert.match((await page.locator('#apple-pay .flash.error').textContent()) ?? '', /key/i);
    assert.equal(await h.store.repos.applePay.find(provider.id), undefined);
  });

  test('a certificate, its key and the domain file chosen from disk are saved, the key sealed', async () => {
    await openTab();
    await fillAndSave({
      certificate: file('merchant_id.pem', identity.certificatePem),
      privateKey: file('merchant_id.key', identity.privateKeyPem),
      domain: file('apple-developer-merchantid-domain-association', 'domain-association-contents\n'),
    });
    assert.equal(await page.locator('#apple-pay .flash.error').count(), 0);
    const saved = await h.store.repos.applePay.find(provider.id);
    assert.ok(saved, 'the Apple Pay set is stored');
    const row = JSON.stringify(saved);
    assert.ok(!row.includes('PRIVATE KEY'), 'the key is sealed at rest');
    const res = await fetch(`${h.address}/.well-known/apple-developer-merchantid-domain-association`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'domain-association-contents\n');
  });
});
