/**
 * The error summary on the back-office forms (S21) beyond the provider form: Users, Developers (API
 * keys, event endpoints) and Settings say what is wrong at the top, linking to each field, and next to
 * the field, in the page's language, keep what was typed, and save nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

let h: AdminHarness;
let admin: AdminClient;

before(async () => {
  h = await startAdmin();
  await h.addUser('admin@example.com', 'admin');
  admin = h.client();
  await admin.signIn('admin@example.com', 'correct horse battery staple');
});
after(() => h.close());

function summaryLinks(body: string): string[] {
  const summary = /<section class="error-summary"[^>]*>(.*?)<\/section>/.exec(body)?.[1] ?? '';
  return [...summary.matchAll(/<a href="#([^"]+)" data-field="([^"]+)">/g)].map((m) => `${m[2]}→${m[1]}`);
}

describe('Users: adding a user', () => {
  test('a bad email and role are summarised at the top and shown at the fields, values kept, nothing added', async () => {
    const before = (await h.store.repos.users.list()).length;
    await admin.get('/admin/users?lang=en');
    const res = await admin.post('/admin/users', { email: 'not an email!', role: 'owner' });
    assert.equal(res.status, 422);
    assert.match(res.body, /Nothing was saved\. Please correct:/);
    assert.deepEqual(summaryLinks(res.body), ['email→f-email']);
    assert.match(res.body, /id="f-email-error">must be an email address/);
    assert.match(res.body, /id="f-email" name="email" type="text" value="not an email!"/);
    assert.equal((await h.store.repos.users.list()).length, before);
  });

  test('an unknown role is refused at its field', async () => {
    await admin.get('/admin/users');
    const res = await admin.post('/admin/users', { email: 'someone@example.com', role: 'owner' });
    assert.equal(res.status, 422);
    assert.deepEqual(summaryLinks(res.body), ['role→f-role']);
    assert.equal(await h.store.repos.users.findByEmail('someone@example.com'), undefined);
  });

  test('in Arabic the summary and the field say it in Arabic, the duplicate email too', async () => {
    await admin.get('/admin/users?lang=ar');
    const bad = await admin.post('/admin/users', { email: 'x y', role: 'operator' });
    assert.match(bad.body, /لم يُحفظ شيء\. يرجى تصحيح ما يلي:/);
    assert.match(bad.body, /id="f-email-error">اكتب بريدًا إلكترونيًا/);
    await admin.get('/admin/users');
    const duplicate = await admin.post('/admin/users', { email: 'admin@example.com', role: 'operator' });
    assert.equal(duplicate.status, 422);
    assert.match(duplicate.body, /يوجد مستخدم بالبريد الإلكتروني admin@example\.com بالفعل/);
    assert.deepEqual(summaryLinks(duplicate.body), ['email→f-email']);
  });

  test('refusing to demote the last admin is said in Arabic on an Arabic page', async () => {
    await admin.get('/admin/users?lang=ar');
    const self = await h.store.repos.users.findByEmail('admin@example.com');
    const res = await admin.post(`/admin/users/${self!.id}/role`, { role: 'operator' });
    assert.equal(res.status, 422);
    assert.match(res.body, /لا يمكن تحويل آخر مسؤول إلى مشغّل/);
    await admin.get('/admin/users?lang=en');
  });
});

describe('Developers: API keys and event endpoints', () => {
  test('an API key without a name or with an unknown scope: summary, fields, chosen scopes kept, no key', async () => {
    const before = (await h.store.repos.apiKeys.list()).length;
    await admin.get('/admin/developers?lang=en');
    const empty = await admin.post('/admin/developers/api-keys', { name: '  ', scopes: ['read'] });
    assert.equal(empty.status, 422);
    assert.deepEqual(summaryLinks(empty.body), ['name→f-name']);
    assert.match(empty.body, /id="f-name-error">is required/);
    assert.match(empty.body, /value="read" checked/);
    assert.doesNotMatch(empty.body, /value="payments" checked/);
    await admin.get('/admin/developers');
    const scope = await admin.post('/admin/developers/api-keys', { name: 'Shop', scopes: ['everything'] });
    assert.equal(scope.status, 422);
    assert.deepEqual(summaryLinks(scope.body), ['scopes→f-scopes']);
    assert.match(scope.body, /<fieldset id="f-scopes" class="has-error" aria-describedby="f-scopes-error">/);
    assert.match(scope.body, /id="f-name" name="name" type="text" value="Shop"/);
    assert.equal((await h.store.repos.apiKeys.list()).length, before);
  });

  test('an endpoint URL that cannot receive events: summary and field, description kept, nothing added', async () => {
    await admin.get('/admin/developers?lang=en');
    const res = await admin.post('/admin/developers/endpoints', {
      url: 'ftp://shop.example.com/x',
      description: 'Orders',
    });
    assert.equal(res.status, 422);
    assert.deepEqual(summaryLinks(res.body), ['url→f-url']);
    assert.match(res.body, /id="f-url-error">must use https or http/);
    assert.match(res.body, /id="f-description" name="description" type="text" value="Orders"/);
    assert.equal((await h.store.repos.eventEndpoints.list()).length, 0);
  });

  test('in Arabic: a private address and an empty name are explained in Arabic', async () => {
    await admin.get('/admin/developers?lang=ar');
    const res = await admin.post('/admin/developers/endpoints', {
      url: 'http://10.0.0.8/events',
      description: '',
    });
    assert.equal(res.status, 422);
    assert.match(res.body, /لم يُحفظ شيء/);
    assert.match(res.body, /id="f-url-error">لا تُرسل الأحداث إلا إلى عناوين عامة/);
    await admin.get('/admin/developers');
    const key = await admin.post('/admin/developers/api-keys', { name: '' });
    assert.match(key.body, /id="f-name-error">هذا الحقل مطلوب\./);
    assert.equal((await h.store.repos.eventEndpoints.list()).length, 0);
    await admin.get('/admin/developers?lang=en');
  });
});

describe('Settings', () => {
  test('keeps what was typed when refused, in English and Arabic', async () => {
    await admin.get('/admin/settings?lang=en');
    const res = await admin.post('/admin/settings', {
      timeZone: 'UTC',
      name: 'My shop',
      accentColor: 'greenish',
    });
    assert.equal(res.status, 422);
    assert.deepEqual(summaryLinks(res.body), ['accentColor→f-accentColor']);
    assert.match(res.body, /value="greenish"/);
    assert.match(res.body, /value="My shop"/);
    const arabic = await admin.post('/admin/settings?lang=ar', {
      timeZone: 'UTC',
      name: 'x'.repeat(81),
      accentColor: '',
    });
    assert.equal(arabic.status, 422);
    assert.match(arabic.body, /id="f-name-error">يجب ألا يتجاوز 80 حرفًا\./);
    const saved = await admin.get('/admin/settings?lang=en');
    assert.doesNotMatch(saved.body, /My shop|greenish/);
  });
});
