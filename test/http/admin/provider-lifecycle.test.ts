import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedDraft, seedProvider } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

const CREDENTIALS = {
  merchantIdentifier: 'merchant-1',
  accessCode: 'access-code-0123456789',
  shaRequestPhrase: 'request-phrase-0123456789',
  shaResponsePhrase: 'response-phrase-0123456789',
};

describe('a provider from draft to removal', () => {
  let h: AdminHarness;
  let admin: AdminClient;

  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    admin = h.client();
    await admin.signIn('admin@example.com', PASSWORD);
  });
  after(() => h.close());

  test('"New APS provider" opens a draft that stores nothing; a refused first save lists errors on top', async () => {
    const before = (await h.store.repos.providers.list()).length;
    const opened = await admin.post('/admin/providers');
    assert.equal(opened.location, '/admin/providers/new');
    const draft = await admin.get('/admin/providers/new');
    assert.equal(draft.status, 200);
    assert.match(draft.body, /stored only once the form below is saved/);
    assert.equal((await h.store.repos.providers.list()).length, before);
    const refused = await admin.post('/admin/providers/new', {
      name: 'APS KSA',
      sequence: '10',
      state: 'test',
      shaType: 'sha256',
      paymentMethods: ['card'],
    });
    assert.equal(refused.status, 422);
    assert.match(refused.body, /<section class="error-summary" role="alert"/);
    assert.match(
      refused.body,
      /href="#f-merchantIdentifier" data-field="merchantIdentifier">Merchant Identifier:/,
    );
    assert.match(refused.body, /id="f-accessCode-error">/);
    assert.equal((await h.store.repos.providers.list()).length, before, 'nothing half-saved');
    const arabic = await admin.post('/admin/providers/new?lang=ar', {
      name: '',
      sequence: 'x',
      state: 'test',
      shaType: 'sha256',
      paymentMethods: ['card'],
    });
    assert.match(arabic.body, /لم يُحفظ شيء/);
    assert.match(arabic.body, /id="f-name-error">هذا الحقل مطلوب\./);
    assert.match(arabic.body, /id="f-sequence-error">يجب أن يكون عددًا صحيحًا\./);
    const saved = await admin.post('/admin/providers/new?lang=en', {
      name: 'APS KSA',
      sequence: '10',
      state: 'test',
      isPublished: 'on',
      shaType: 'sha256',
      paymentMethods: ['card'],
      ...CREDENTIALS,
    });
    assert.equal(saved.status, 303);
    const record = (await h.store.repos.providers.list()).find((p) => p.name === 'APS KSA');
    assert.ok(record);
    assert.equal(record.state, 'test');
    assert.equal(record.isPublished, true);
  });

  test('a provider that never took a payment can be removed; one with transactions cannot', async () => {
    const unused = await seedProvider(h.store, 'Unused');
    const page = await admin.get(`/admin/providers/${unused.id}`);
    assert.match(page.body, /Remove this provider/);
    const removed = await admin.post(`/admin/providers/${unused.id}/delete`);
    assert.equal(removed.location, '/admin/providers?removed=1');
    assert.equal(await h.store.repos.providers.findById(unused.id), undefined);
    const used = await seedProvider(h.store, 'Used');
    await seedDraft(h.store, used);
    const usedPage = await admin.get(`/admin/providers/${used.id}`);
    assert.doesNotMatch(usedPage.body, /Remove this provider/);
    const refused = await admin.post(`/admin/providers/${used.id}/delete`);
    assert.match(refused.body, /has transactions, so it cannot be removed/);
    assert.ok(await h.store.repos.providers.findById(used.id));
  });

  test('switching a live provider to Test with Published ticked: kept when the box was shown so, said otherwise', async () => {
    const live = await h.store.repos.providers.insert({
      code: 'aps',
      name: 'Live one',
      state: 'enabled',
      isPublished: true,
      paymentMethods: ['card'],
    });
    const path = `/admin/providers/${live.id}`;
    await admin.get(path);
    const form = {
      name: 'Live one',
      sequence: '10',
      state: 'test',
      isPublished: 'on',
      shaType: 'sha256',
      paymentMethods: ['card'],
      ...CREDENTIALS,
    };
    // The page's script moved the box in sight: what the operator saw ticked is kept.
    const explicit = await admin.post(path, { ...form, isPublishedExplicit: '1' });
    assert.equal(explicit.location, `${path}?saved=1`);
    assert.equal((await h.store.repos.providers.findById(live.id))?.isPublished, true);
    // Without the script the state's rule applies, and the page says so.
    await h.store.repos.providers.update(live.id, { state: 'enabled', isPublished: true });
    await admin.get(path);
    const plain = await admin.post(path, form);
    assert.equal(plain.location, `${path}?saved=1&unpublished=1`);
    const notice = await admin.get(plain.location!);
    assert.match(notice.body, /Switching to Test unpublished the provider/);
  });

  test('a Test provider published next to a live one is warned about, and customers see only the live one', async () => {
    await h.store.repos.providers.insert({
      code: 'aps',
      name: 'Live two',
      state: 'enabled',
      isPublished: true,
      paymentMethods: ['card'],
    });
    const test = await seedProvider(h.store, 'Test two');
    const page = await admin.get(`/admin/providers/${test.id}`);
    assert.match(page.body, /data-warning="test-next-to-live"/);
    const list = await admin.get('/admin/providers');
    assert.match(list.body, /A Test provider is published next to a live one/);
  });
});
