/**
 * The optional TOTP second factor (S14 "Sign-in"): a user sets it up by proving a code; afterwards
 * signing in needs the current code as well as the password; with PAYPORT_REQUIRE_2FA=true an admin
 * without one can do nothing but set it up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { startAdmin, type AdminClient, type AdminHarness } from '../http/admin/helpers.js';

const PASSWORD = 'correct horse battery staple';

function codeFor(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });
}

async function enroll(h: AdminHarness, client: AdminClient): Promise<string> {
  const page = await client.get('/admin/account/two-factor');
  assert.equal(page.status, 200);
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(page.body)?.[1];
  assert.ok(secret, 'the page shows the new key');
  const wrong = await client.post('/admin/account/two-factor', {
    secret,
    enrollment: /name="enrollment" value="([^"]+)"/.exec(page.raw)![1]!,
    code: '000000' === codeFor(secret, h.clock.now()) ? '111111' : '000000',
  });
  assert.equal(wrong.status, 422, 'a wrong code turns nothing on');
  const again = await client.get('/admin/account/two-factor');
  const fresh = /id="totp-secret">([A-Z2-7]+)</.exec(again.body)![1]!;
  const done = await client.post('/admin/account/two-factor', {
    secret: fresh,
    enrollment: /name="enrollment" value="([^"]+)"/.exec(again.raw)![1]!,
    code: codeFor(fresh, h.clock.now()),
  });
  assert.equal(done.status, 303, done.body);
  return fresh;
}

function signIn(h: AdminHarness, email: string, code?: string) {
  const client = h.client();
  return client
    .get('/admin/login')
    .then(() =>
      client.post('/admin/login', { email, password: PASSWORD, ...(code !== undefined && { code }) }),
    );
}

describe('TOTP second factor', () => {
  let h: AdminHarness;
  before(async () => {
    h = await startAdmin();
    await h.addUser('two@example.com', 'operator');
  });
  after(() => h.close());

  test('once set up, signing in needs the current code besides the password', async () => {
    const client = h.client();
    await client.signIn('two@example.com', PASSWORD);
    const secret = await enroll(h, client);
    assert.ok((await h.store.repos.users.findByEmail('two@example.com'))?.totpSecretSealed);
    const without = await signIn(h, 'two@example.com');
    assert.equal(without.status, 401);
    assert.match(without.body, /6-digit code/);
    assert.equal((await signIn(h, 'two@example.com', '123456')).status, 401);
    assert.equal((await signIn(h, 'two@example.com', codeFor(secret, h.clock.now()))).status, 303);
  });
});

describe('PAYPORT_REQUIRE_2FA=true', () => {
  let h: AdminHarness;
  before(async () => {
    h = await startAdmin({ require2fa: true });
    await h.addUser('boss@example.com', 'admin');
    await h.addUser('ops@example.com', 'operator');
  });
  after(() => h.close());

  test('an admin without a second factor is sent to set one up; afterwards the back office opens', async () => {
    const admin = h.client();
    await admin.get('/admin/login');
    await admin.post('/admin/login', { email: 'boss@example.com', password: PASSWORD });
    const blocked = await admin.get('/admin/users');
    assert.equal(blocked.status, 303);
    assert.equal(blocked.location, '/admin/account/two-factor');
    await enroll(h, admin);
    assert.equal((await admin.get('/admin/users')).status, 200);
  });

  test('operators are not required to have one', async () => {
    const ops = h.client();
    await ops.signIn('ops@example.com', PASSWORD);
    assert.equal((await ops.get('/admin/transactions')).status, 200);
  });
});
