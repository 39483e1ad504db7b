import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isLocalAddress } from '../../../src/http/admin/views/provider-aps-panel.js';
import { createSimulator, type MerchantAccount, type Simulator } from '../../../src/simulator/index.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

describe('the APS provider form', () => {
  let h: AdminHarness;
  let admin: AdminClient;
  let simulator: Simulator;
  let simulatorUrl: string;
  let account: MerchantAccount;

  before(async () => {
    h = await startAdmin({ publicUrl: 'https://shop.example.com' });
    await h.addUser('admin@example.com', 'admin');
    admin = h.client();
    await admin.signIn('admin@example.com', PASSWORD);
    simulator = createSimulator();
    simulatorUrl = await simulator.app.listen({ port: 0, host: '127.0.0.1' });
    account = [...simulator.state.accounts.values()][0]!;
  });
  after(async () => {
    await simulator.close();
    await h.close();
  });

  async function newProvider(): Promise<string> {
    const opened = await admin.post('/admin/providers');
    assert.equal(opened.status, 303);
    assert.equal(opened.location, '/admin/providers/new');
    const draft = await admin.get(opened.location);
    const name = /id="f-name"[^>]*value="([^"]*)"/.exec(draft.raw)?.[1] ?? 'APS';
    const created = await admin.post('/admin/providers/new', {
      name,
      sequence: '10',
      state: 'disabled',
      shaType: 'sha256',
      paymentMethods: ['card'],
    });
    assert.equal(created.status, 303);
    const path = created.location!.replace(/\?saved=1$/, '');
    await admin.get(path);
    return path;
  }

  function seedForm(changes: Record<string, string | string[]> = {}): Record<string, string | string[]> {
    return {
      name: 'Amazon Payment Services',
      sequence: '10',
      state: 'enabled',
      isPublished: 'on',
      merchantIdentifier: account.merchantIdentifier,
      accessCode: account.accessCode,
      shaRequestPhrase: account.shaRequestPhrase,
      shaResponsePhrase: account.shaResponsePhrase,
      shaType: account.shaType,
      paymentMethods: ['card'],
      customBaseUrl: simulatorUrl,
      ...changes,
    };
  }

  test('the provider list shows state and publication badges and a "New APS provider" button', async () => {
    await newProvider();
    const list = await admin.get('/admin/providers');
    assert.match(list.body, /New APS provider/);
    assert.match(list.body, /class="badge off">Disabled</);
    assert.match(list.body, /class="badge off">Unpublished</);
  });

  test('the form has the state radio, the Published toggle, the credential fields and the SHA types incl. SHA-128', async () => {
    const path = await newProvider();
    const page = await admin.get(path);
    for (const state of ['disabled', 'test', 'enabled'])
      assert.match(page.body, new RegExp(`name="state" value="${state}"`));
    assert.match(page.body, /name="isPublished"/);
    for (const field of [
      'merchantIdentifier',
      'accessCode',
      'shaRequestPhrase',
      'shaResponsePhrase',
      'shaType',
    ]) {
      assert.match(page.body, new RegExp(`name="${field}"`));
    }
    assert.match(page.body, /<option value="sha1">\s*SHA-128 \(SHA-1\)\s*<\/option>/);
    assert.match(page.body, /<option value="hmac512">\s*HMAC-SHA512\s*<\/option>/);
    assert.match(page.body, /id="configuration"/);
    assert.match(page.body, /id="messages"/);
  });

  test('the APS back-office settings panel lists the four URLs from PUBLIC_URL, each saying where it goes', async () => {
    const page = await admin.get(await newProvider());
    assert.match(page.body, /id="aps-origin-url" type="text" value="https:\/\/shop\.example\.com\/"/);
    assert.match(
      page.body,
      /id="aps-redirection-url" type="text" value="https:\/\/shop\.example\.com\/payment\/aps\/return"/,
    );
    assert.match(
      page.body,
      /id="aps-feedback-url" type="text" value="https:\/\/shop\.example\.com\/payment\/aps\/webhook"/,
    );
    assert.match(
      page.body,
      /id="aps-notification-url" type="text" value="https:\/\/shop\.example\.com\/payment\/aps\/webhook"/,
    );
    assert.match(page.body, /Security Settings ‣ Origin URL/);
    assert.match(page.body, /Send Response Parameters to Yes/);
    assert.match(page.body, /Direct Transaction Feedback/);
    assert.match(page.body, /data-copy="aps-origin-url"/);
    assert.doesNotMatch(page.body, /PUBLIC_URL is a local address/);
  });

  test('a local PUBLIC_URL is flagged: APS could not reach it', () => {
    assert.equal(isLocalAddress('http://localhost:8080/'), true);
    assert.equal(isLocalAddress('http://127.0.0.1:8080/'), true);
    assert.equal(isLocalAddress('http://192.168.1.20/'), true);
    assert.equal(isLocalAddress('https://shop.example.com/'), false);
  });

  test('after saving, no secret appears in any page or log; only "set, ends in …" is shown', async () => {
    const path = await newProvider();
    const saved = await admin.post(path, seedForm());
    assert.equal(saved.status, 303, saved.body.slice(0, 500));
    const pages = [
      await admin.get(`${path}?saved=1`),
      await admin.get('/admin/providers'),
      await admin.get('/admin/transactions'),
    ];
    pages.push(await admin.post(`${path}/test-credentials`));
    const secrets = [account.accessCode, account.shaRequestPhrase, account.shaResponsePhrase];
    for (const page of pages)
      for (const secret of secrets)
        assert.equal(page.body.includes(secret), false, `secret in ${page.body.slice(0, 80)}`);
    for (const secret of secrets) assert.equal(h.logs.join('').includes(secret), false, 'secret in the logs');
    assert.match(
      pages[0]!.body,
      new RegExp(`Set, ends in …${account.accessCode.slice(-4)}\\. Leave empty to keep it\\.`),
    );
    assert.match(pages[0]!.body, /id="f-accessCode" name="accessCode" type="password" value=""/);
  });

  test('an empty secret keeps the stored one, so Test credentials still passes after an unrelated save', async () => {
    const path = await newProvider();
    await admin.post(path, seedForm());
    await admin.get(path);
    const second = await admin.post(
      path,
      seedForm({ accessCode: '', shaRequestPhrase: '', shaResponsePhrase: '', name: 'Renamed APS' }),
    );
    assert.equal(second.status, 303);
    const result = await admin.post(`${path}/test-credentials`);
    assert.match(result.body, /data-verdict="ok"/);
    assert.match(result.body, /The credentials work\./);
  });

  test('Test credentials names a wrong SHA Response Phrase and a wrong SHA Request Phrase (00008)', async () => {
    const path = await newProvider();
    await admin.post(path, seedForm({ shaResponsePhrase: 'a-wrong-response-phrase' }));
    const response = await admin.post(`${path}/test-credentials`);
    assert.match(response.body, /data-verdict="response_signature"/);
    assert.match(response.body, /The SHA Response Phrase \(or the SHA Type\) is wrong\./);
    await admin.get(path);
    await admin.post(path, seedForm({ shaRequestPhrase: 'a-wrong-request-phrase' }));
    const request = await admin.post(`${path}/test-credentials`);
    assert.match(request.body, /data-verdict="request_signature"/);
    assert.match(request.body, /00008/);
  });

  test('missing credentials in Enabled state are shown next to their fields and nothing is saved; typed secrets are not echoed', async () => {
    const path = await newProvider();
    const answer = await admin.post(path, seedForm({ merchantIdentifier: '', shaResponsePhrase: '' }));
    assert.equal(answer.status, 422);
    assert.match(
      answer.body,
      /id="f-merchantIdentifier-error">Merchant Identifier is required when the provider is in enabled state/,
    );
    assert.match(answer.body, /id="f-shaResponsePhrase-error">SHA Response Phrase is required/);
    assert.match(answer.body, /secrets you typed are never shown again/);
    assert.equal(answer.body.includes(account.accessCode), false);
    assert.equal(answer.body.includes(account.shaRequestPhrase), false);
    const id = decodeURIComponent(path.split('/').pop()!);
    assert.equal((await h.store.repos.providers.findById(id))?.state, 'disabled');
  });

  test('publishing a Disabled provider is refused with the reason, next to the toggle', async () => {
    const path = await newProvider();
    const viaToggle = await admin.post(`${path}/publish`, { published: '1' });
    assert.equal(viaToggle.status, 422);
    assert.match(
      viaToggle.body,
      /a disabled provider cannot be published; switch it to Test or Enabled first/,
    );
    await admin.get(path);
    const viaForm = await admin.post(path, { ...seedForm({ state: 'disabled' }) });
    assert.equal(viaForm.status, 422);
    assert.match(viaForm.body, /id="f-isPublished-error">a disabled provider cannot be published/);
  });

  test('the Published toggle unpublishes and publishes an enabled provider', async () => {
    const path = await newProvider();
    await admin.post(path, seedForm());
    await admin.get(path);
    const id = decodeURIComponent(path.split('/').pop()!);
    assert.equal((await admin.post(`${path}/publish`, { published: '0' })).status, 303);
    assert.equal((await h.store.repos.providers.findById(id))?.isPublished, false);
    await admin.get(path);
    await admin.post(`${path}/publish`, { published: '1' });
    assert.equal((await h.store.repos.providers.findById(id))?.isPublished, true);
  });

  test('HTML in the customer messages is stored as text and shown escaped, never as markup', async () => {
    const path = await newProvider();
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const saved = await admin.post(
      path,
      seedForm({ 'messages.done.en': payload, 'messages.cancel.ar': `</textarea>${payload}` }),
    );
    assert.equal(saved.status, 303);
    const page = await admin.get(path);
    assert.equal(page.body.includes('<script>alert'), false);
    assert.equal(page.body.includes('<img src=x'), false);
    assert.match(page.body, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
    assert.match(page.body, /&lt;\/textarea&gt;/);
  });

  test('configuration values round-trip: methods, manual capture, availability, limits and endpoint', async () => {
    const path = await newProvider();
    const saved = await admin.post(
      path,
      seedForm({
        currencies: 'sar, aed',
        countries: 'SA AE',
        minAmount: '5',
        maxAmount: '2500.50',
        amountCurrency: 'SAR',
        captureManually: 'on',
      }),
    );
    assert.equal(saved.status, 303, saved.body.slice(0, 300));
    const page = await admin.get(path);
    assert.match(page.body, /name="currencies" type="text" value="SAR, AED"/);
    assert.match(page.body, /name="countries" type="text" value="SA, AE"/);
    assert.match(page.body, /name="minAmount" type="text" value="5\.00"/);
    assert.match(page.body, /name="maxAmount" type="text" value="2500\.50"/);
    assert.match(page.body, /name="captureManually" value="on" checked/);
  });
});
