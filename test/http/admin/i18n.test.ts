import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

describe('English and Arabic', () => {
  let h: AdminHarness;
  let client: AdminClient;

  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
  });
  after(() => h.close());

  test('?lang=ar renders right-to-left Arabic and is remembered on the next pages', async () => {
    const arabic = await client.get('/admin/transactions?lang=ar');
    assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
    assert.match(arabic.body, /المعاملات/);
    const next = await client.get('/admin/providers');
    assert.match(next.body, /<html lang="ar" dir="rtl">/);
    assert.match(next.body, /مزوّد APS جديد/);
    const back = await client.get('/admin/providers?lang=en');
    assert.match(back.body, /<html lang="en" dir="ltr">/);
  });

  test('Accept-Language chooses Arabic for a visitor who has not picked a language', async () => {
    const page = await h.client().get('/admin/login', { 'accept-language': 'ar-SA,ar;q=0.9,en;q=0.5' });
    assert.match(page.body, /<html lang="ar" dir="rtl">/);
    assert.match(page.body, /تسجيل الدخول/);
  });

  test('every page has a language switch link to the same page in the other language', async () => {
    const page = await client.get('/admin/transactions?state=done&lang=en');
    assert.match(
      page.body,
      /href="\/admin\/transactions\?state=done&amp;lang=ar" hreflang="ar" lang="ar">العربية</,
    );
  });

  test('the provider form is translated, field names from the APS back office kept recognisable', async () => {
    const created = await client.post('/admin/providers');
    const page = await client.get(`${created.location}?lang=ar`);
    assert.match(page.body, /إعدادات لوحة تحكم APS/);
    assert.match(page.body, /Integration Settings ‣ Security Settings ‣ Origin URL/);
    assert.match(page.body, /معرّف التاجر \(Merchant Identifier\)/);
    assert.match(page.body, /dir="rtl" maxlength="2000"/);
  });

  test('pages fit a phone: viewport meta and no fixed-width layout', async () => {
    const page = await client.get('/admin/transactions');
    assert.match(page.body, /<meta name="viewport" content="width=device-width, initial-scale=1" ?\/?>/);
    const css = await h.app.inject({ method: 'GET', url: '/assets/payport.css' });
    assert.match(css.body, /body\.admin \.admin-bar/);
    assert.match(css.body, /@media \(max-width: 40rem\)/);
  });
});
