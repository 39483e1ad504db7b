import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';
const ACCESS_CODE = 'OperatorMustNotSeeThis';

describe('roles: operators never see or change credentials or users', () => {
  let h: AdminHarness;
  let operator: AdminClient;
  let providerPath: string;

  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    await h.addUser('ops@example.com', 'operator');
    const admin = h.client();
    await admin.signIn('admin@example.com', PASSWORD);
    providerPath = (await admin.post('/admin/providers')).location!;
    await admin.get(providerPath);
    const saved = await admin.post(providerPath, {
      name: 'APS',
      state: 'test',
      merchantIdentifier: 'MxvOupuG',
      accessCode: ACCESS_CODE,
      shaRequestPhrase: 'request-phrase-for-roles',
      shaResponsePhrase: 'response-phrase-for-roles',
      shaType: 'sha256',
      paymentMethods: 'card',
    });
    assert.equal(saved.status, 303);
    operator = h.client();
    await operator.signIn('ops@example.com', PASSWORD);
  });
  after(() => h.close());

  test('the provider form and every provider action answer 403 to an operator', async () => {
    const id = decodeURIComponent(providerPath.split('/').pop()!);
    const form = await operator.get(providerPath);
    assert.equal(form.status, 403);
    assert.equal(form.body.includes('MxvOupuG'), false);
    await operator.get('/admin/transactions');
    const before = await h.store.repos.providers.findById(id);
    for (const path of [
      '/admin/providers',
      providerPath,
      `${providerPath}/publish`,
      `${providerPath}/test-credentials`,
    ]) {
      const answer = await operator.post(path, { name: 'Hijacked', state: 'disabled', published: '0' });
      assert.equal(answer.status, 403, path);
      assert.match(answer.body, /operators do not see or change provider credentials or users/);
    }
    const after = await h.store.repos.providers.findById(id);
    assert.deepEqual(after, before);
    assert.equal((await h.store.repos.providers.list()).length, 1);
  });

  test('the users page and its actions answer 403 to an operator', async () => {
    assert.equal((await operator.get('/admin/users')).status, 403);
    await operator.get('/admin/transactions');
    const before = await h.store.repos.users.list();
    assert.equal(
      (await operator.post('/admin/users', { email: 'sneaky@example.com', role: 'admin' })).status,
      403,
    );
    const self = before.find((u) => u.email === 'ops@example.com')!;
    assert.equal((await operator.post(`/admin/users/${self.id}/role`, { role: 'admin' })).status, 403);
    assert.deepEqual(
      (await h.store.repos.users.list()).map((u) => [u.email, u.role]),
      before.map((u) => [u.email, u.role]),
    );
  });

  test('an operator sees the provider list without links to the form or credential status, and no Users link', async () => {
    const list = await operator.get('/admin/providers');
    assert.equal(list.status, 200);
    assert.equal(list.body.includes(`href="${providerPath}"`), false);
    assert.doesNotMatch(list.body, /New APS provider/);
    assert.doesNotMatch(list.body, /href="\/admin\/users"/);
    assert.equal(list.body.includes(ACCESS_CODE), false);
  });

  test('operators do work with transactions, notifications and payment links', async () => {
    for (const path of ['/admin/transactions', '/admin/notifications', '/admin/payment-links']) {
      assert.equal((await operator.get(path)).status, 200, path);
    }
    const created = await operator.post('/admin/payment-links', { amount: '10.00', currency: 'SAR' });
    assert.equal(created.status, 303);
  });

  test('an admin demoted to operator loses access at once (their sessions end)', async () => {
    await h.addUser('boss@example.com', 'admin');
    const boss = h.client();
    await boss.signIn('boss@example.com', PASSWORD);
    const admin = h.client();
    await admin.signIn('admin@example.com', PASSWORD);
    await admin.get('/admin/users');
    const bossId = (await h.store.repos.users.findByEmail('boss@example.com'))!.id;
    assert.equal((await admin.post(`/admin/users/${bossId}/role`, { role: 'operator' })).status, 303);
    assert.equal((await boss.get('/admin/users')).status, 303);
  });
});
