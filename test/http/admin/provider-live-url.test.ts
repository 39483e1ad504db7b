import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isUnfitForLiveAps } from '../../../src/http/admin/views/provider-aps-panel.js';
import { createSimulator, type MerchantAccount, type Simulator } from '../../../src/simulator/index.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';
const WARNING = /id="aps-live-url-warning"/;

test('APS takes only https URLs without a port (reference §4.1, §4.2)', () => {
  assert.equal(isUnfitForLiveAps('https://shop.example.com'), false);
  assert.equal(isUnfitForLiveAps('https://shop.example.com/pay/'), false);
  assert.equal(isUnfitForLiveAps('http://shop.example.com'), true);
  assert.equal(isUnfitForLiveAps('https://shop.example.com:8443'), true);
  assert.equal(isUnfitForLiveAps('http://localhost:8080'), true);
});

describe('the provider page warns when a live provider has a PUBLIC_URL APS refuses', () => {
  let h: AdminHarness;
  let admin: AdminClient;
  let simulator: Simulator;
  let simulatorUrl: string;
  let account: MerchantAccount;

  before(async () => {
    h = await startAdmin({ publicUrl: 'http://shop.example.com:8080' });
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

  async function providerIn(state: string): Promise<string> {
    const saved = await admin.post('/admin/providers/new', {
      name: 'Amazon Payment Services',
      sequence: '10',
      state,
      merchantIdentifier: account.merchantIdentifier,
      accessCode: account.accessCode,
      shaRequestPhrase: account.shaRequestPhrase,
      shaResponsePhrase: account.shaResponsePhrase,
      shaType: account.shaType,
      paymentMethods: ['card'],
      customBaseUrl: simulatorUrl,
    });
    assert.equal(saved.status, 303, saved.body.slice(0, 500));
    return saved.location!.replace(/\?saved=1$/, '');
  }

  test('an Enabled provider shows the warning, naming PUBLIC_URL, https and the port', async () => {
    const page = await admin.get(await providerIn('enabled'));
    assert.match(page.body, WARNING);
    assert.match(page.body, /PUBLIC_URL is not an https address without a port/);
  });

  test('a provider in Test mode does not (the simulator and local testing are fine)', async () => {
    const page = await admin.get(await providerIn('test'));
    assert.doesNotMatch(page.body, WARNING);
  });
});
