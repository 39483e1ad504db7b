import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { backOfficeUserOf, SESSION_COOKIE } from '../../../src/http/admin/guard.js';
import { startAdmin, type AdminHarness } from './helpers.js';

describe('back-office sign-in, sessions and CSRF', () => {
  let h: AdminHarness;
  before(async () => {
    h = await startAdmin({
      signInPolicy: {
        maxFailures: 3,
        lockoutMs: 15 * 60_000,
        maxLockoutMs: 60 * 60_000,
        addressMaxFailures: 1000,
      },
    });
    await h.addUser('admin@example.com', 'admin');
    await h.addUser('victim@example.com', 'operator');
  });
  after(() => h.close());

  test('every back-office page sends a signed-out visitor to the sign-in form, keeping where they wanted to go', async () => {
    const answer = await h.client().get('/admin/transactions?state=done');
    assert.equal(answer.status, 303);
    assert.equal(
      answer.location,
      `/admin/login?next=${encodeURIComponent('/admin/transactions?state=done')}`,
    );
  });

  test('signing in sets an HttpOnly, SameSite=Lax session cookie and lands on the wanted page', async () => {
    const client = h.client();
    await client.get('/admin/login?next=%2Fadmin%2Fpayment-links');
    const answer = await client.post('/admin/login', {
      email: 'ADMIN@example.com',
      password: 'correct horse battery staple',
      next: '/admin/payment-links',
    });
    assert.equal(answer.status, 303);
    assert.equal(answer.location, '/admin/payment-links');
    const setCookie = ([] as string[])
      .concat(answer.headers['set-cookie'] as string[])
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    assert.ok(setCookie);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.match(setCookie, /Path=\/;/);
    assert.doesNotMatch(setCookie, /Secure/i);
    assert.equal((await client.get('/admin/payment-links')).status, 200);
  });

  test('the session cookie holds a token whose hash, not the token, is stored', async () => {
    const client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
    const token = client.cookies.get(SESSION_COOKIE)!;
    assert.equal(await h.store.repos.sessions.findActive(token, h.clock.now()), undefined);
  });

  test('payment pages can tell a signed-in back-office user from the session cookie (to show unpublished providers)', async () => {
    const client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
    const cookie = `theme=dark; ${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`;
    const user = await backOfficeUserOf(h.ctx, { headers: { cookie } } as FastifyRequest);
    assert.equal(user?.email, 'admin@example.com');
    assert.equal(await backOfficeUserOf(h.ctx, { headers: {} } as FastifyRequest), null);
  });

  test('a wrong password answers 401 with one message for both wrong email and wrong password', async () => {
    const wrongPassword = await h.client().signIn('admin@example.com', 'not the password');
    const wrongEmail = await h.client().signIn('nobody@example.com', 'not the password');
    assert.equal(wrongPassword.status, 401);
    assert.equal(wrongEmail.status, 401);
    assert.match(wrongPassword.body, /The email or the password is wrong/);
    assert.match(wrongEmail.body, /The email or the password is wrong/);
  });

  test('repeated failures lock the account (429 with Retry-After); the right password is refused until it ends', async () => {
    const attacker = h.client();
    await attacker.signIn('victim@example.com', 'guess-1');
    await attacker.signIn('victim@example.com', 'guess-2');
    const third = await attacker.signIn('victim@example.com', 'guess-3');
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers['retry-after']) > 0);
    assert.match(third.body, /locked/);
    const owner = await h.client().signIn('victim@example.com', 'correct horse battery staple');
    assert.equal(owner.status, 429);
    h.clock.advance(16 * 60_000);
    const later = await h.client().signIn('victim@example.com', 'correct horse battery staple');
    assert.equal(later.status, 303);
  });

  test('a sign-in form posted without its CSRF token is refused with 403 and signs nobody in', async () => {
    const client = h.client();
    await client.get('/admin/login');
    const forged = await client.post(
      '/admin/login',
      { email: 'admin@example.com', password: 'correct horse battery staple' },
      { csrf: null },
    );
    assert.equal(forged.status, 403);
    assert.equal(client.cookies.has(SESSION_COOKIE), false);
    const noCookie = h.client();
    const crossSite = await noCookie.post(
      '/admin/login',
      { email: 'admin@example.com', password: 'correct horse battery staple' },
      { csrf: client.csrf },
    );
    assert.equal(crossSite.status, 403);
  });

  test('a forged POST (no or wrong CSRF token) answers 403 and changes nothing', async () => {
    const client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
    const before = (await h.store.repos.providers.list()).length;
    const form = {
      name: 'Forged',
      sequence: '10',
      state: 'disabled',
      shaType: 'sha256',
      paymentMethods: 'card',
    };
    const missing = await client.post('/admin/providers/new', form, { csrf: null });
    const wrong = await client.post('/admin/providers/new', form, { csrf: 'x'.repeat(43) });
    assert.equal(missing.status, 403);
    assert.equal(wrong.status, 403);
    assert.match(missing.body, /Nothing was changed/);
    assert.equal((await h.store.repos.providers.list()).length, before);
    const genuine = await client.post('/admin/providers/new', form);
    assert.equal(genuine.status, 303);
    assert.equal((await h.store.repos.providers.list()).length, before + 1);
  });

  test("one session's CSRF token does not work in another session", async () => {
    const first = h.client();
    await first.signIn('admin@example.com', 'correct horse battery staple');
    const second = h.client();
    await second.signIn('admin@example.com', 'correct horse battery staple');
    assert.notEqual(first.csrf, second.csrf);
    assert.equal((await second.post('/admin/providers', {}, { csrf: first.csrf })).status, 403);
  });

  test('signing out ends the session server-side: the old cookie no longer opens anything', async () => {
    const client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
    const token = client.cookies.get(SESSION_COOKIE)!;
    const out = await client.post('/admin/logout');
    assert.equal(out.status, 303);
    assert.equal(out.location, '/admin/login?signed_out=1');
    const replay = await h.app.inject({
      method: 'GET',
      url: '/admin/transactions',
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    assert.equal(replay.statusCode, 303);
  });

  test('after sign-in, "next" never leads outside the back office', async () => {
    const client = h.client();
    await client.get('/admin/login');
    const answer = await client.post('/admin/login', {
      email: 'admin@example.com',
      password: 'correct horse battery staple',
      next: '//evil.example/admin',
    });
    assert.equal(answer.location, '/admin');
  });

  test('back-office pages are not cached and carry the CSP', async () => {
    const client = h.client();
    await client.signIn('admin@example.com', 'correct horse battery staple');
    const page = await client.get('/admin/transactions');
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.doesNotMatch(page.body, /<script>/);
  });
});

describe('back office behind https', () => {
  let h: AdminHarness;
  before(async () => {
    h = await startAdmin({ publicUrl: 'https://pay.example.com' });
    await h.addUser('admin@example.com', 'admin');
  });
  after(() => h.close());

  test('the session cookie is Secure when PUBLIC_URL is https', async () => {
    const client = h.client();
    await client.get('/admin/login');
    const answer = await client.post('/admin/login', {
      email: 'admin@example.com',
      password: 'correct horse battery staple',
    });
    const cookie = ([] as string[])
      .concat(answer.headers['set-cookie'] as string[])
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    assert.match(cookie ?? '', /; Secure/i);
  });

  test('the sign-in CSRF cookie carries the __Host- prefix: Secure, path /, no domain', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/admin/login' });
    const cookie = ([] as string[])
      .concat(page.headers['set-cookie'] as string[])
      .find((c) => c.includes('payport_signin='));
    assert.match(cookie ?? '', /^__Host-payport_signin=/);
    assert.match(cookie ?? '', /; Path=\/(;|$)/);
    assert.match(cookie ?? '', /; Secure/i);
    assert.doesNotMatch(cookie ?? '', /Domain=/i);
  });
});
