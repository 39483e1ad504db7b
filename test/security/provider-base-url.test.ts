/**
 * Re-pointing a live provider (S14 "Small ones"): its access code and the customers' card entry follow
 * the endpoint base URL, so changing it on an Enabled provider requires typing the credentials again;
 * without them nothing is saved. A Test provider's base URL changes freely (the simulator).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdmin, type AdminClient, type AdminHarness } from '../http/admin/helpers.js';

const CREDENTIALS = {
  merchantIdentifier: 'MxvOupuG',
  accessCode: 'zx0IPmPy5jp1vAz8Kpg7',
  shaRequestPhrase: 'request-phrase-123',
  shaResponsePhrase: 'response-phrase-456',
};

describe("a live provider's endpoint base URL", () => {
  let h: AdminHarness;
  let admin: AdminClient;
  before(async () => {
    h = await startAdmin({ publicUrl: 'https://shop.example.com' });
    await h.addUser('admin@example.com', 'admin');
    admin = h.client();
    await admin.signIn('admin@example.com', 'correct horse battery staple');
  });
  after(() => h.close());

  function form(state: string, changes: Record<string, string | string[]> = {}) {
    return {
      name: 'Amazon Payment Services',
      sequence: '10',
      state,
      isPublished: 'on',
      ...CREDENTIALS,
      shaType: 'sha256',
      paymentMethods: ['card'],
      customBaseUrl: 'https://checkout.aps.example',
      ...changes,
    };
  }

  async function provider(state: string): Promise<string> {
    await admin.get('/admin/providers/new');
    const saved = await admin.post('/admin/providers/new', form(state));
    assert.equal(saved.status, 303, saved.body);
    const path = saved.location!.replace(/\?saved=1$/, '');
    await admin.get(path);
    return path;
  }

  const storedBaseUrl = async (path: string) =>
    (await h.store.repos.providers.findById(path.split('/').pop()!))?.customBaseUrl;

  test('changing it without re-entering the credentials is refused and saves nothing', async () => {
    const path = await provider('enabled');
    const answer = await admin.post(
      path,
      form('enabled', {
        customBaseUrl: 'https://attacker.example',
        accessCode: '',
        shaRequestPhrase: '',
        shaResponsePhrase: '',
      }),
    );
    assert.notEqual(answer.status, 303);
    assert.match(answer.body, /type it again to change the endpoint base URL/);
    assert.equal(await storedBaseUrl(path), 'https://checkout.aps.example');
  });

  test('with the credentials typed again it is saved', async () => {
    const path = await provider('enabled');
    await admin.get(path);
    const answer = await admin.post(
      path,
      form('enabled', { customBaseUrl: 'https://checkout2.aps.example' }),
    );
    assert.equal(answer.status, 303, answer.body);
    assert.equal(await storedBaseUrl(path), 'https://checkout2.aps.example');
  });

  test('other settings of a live provider still save with the credentials left empty', async () => {
    const path = await provider('enabled');
    const answer = await admin.post(
      path,
      form('enabled', { name: 'Renamed', accessCode: '', shaRequestPhrase: '', shaResponsePhrase: '' }),
    );
    assert.equal(answer.status, 303, answer.body);
  });

  test("a Test provider's base URL changes without the credentials", async () => {
    const path = await provider('test');
    const answer = await admin.post(
      path,
      form('test', {
        customBaseUrl: 'http://127.0.0.1:8081',
        accessCode: '',
        shaRequestPhrase: '',
        shaResponsePhrase: '',
      }),
    );
    assert.equal(answer.status, 303, answer.body);
  });
});
