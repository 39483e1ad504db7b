/**
 * The sign-in lockout under parallel guessing (S14 "Sign-in"): attempts are counted before their
 * password is checked, so fifty guesses at once — from one address or from fifty — check at most five
 * passwords, the right one among them is refused, and the lock they cause outlasts any success.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startAdmin, type AdminHarness } from '../http/admin/helpers.js';

const PASSWORD = 'correct horse battery staple';

describe('sign-in lockout under parallel guesses', () => {
  let h: AdminHarness;
  let form: { cookie: string; token: string };

  before(async () => {
    h = await startAdmin();
    for (const name of ['many', 'one', 'grow', 'owner']) await h.addUser(`${name}@example.com`, 'admin');
    const client = h.client();
    await client.get('/admin/login');
    form = { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), token: client.csrf };
  });
  after(() => h.close());

  function attempt(email: string, password: string, ip: string) {
    return h.app.inject({
      method: 'POST',
      url: '/admin/login',
      remoteAddress: ip,
      headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: form.token, email, password }).toString(),
    });
  }

  async function guessInParallel(email: string, ipOf: (i: number) => string) {
    const guesses = Array.from({ length: 49 }, (_, i) => `guess-${i}`).concat(PASSWORD);
    return Promise.all(guesses.map((password, i) => attempt(email, password, ipOf(i))));
  }

  function assertHeld(answers: { statusCode: number }[]) {
    const statuses = answers.map((answer) => answer.statusCode);
    assert.equal(statuses.filter((s) => s === 303).length, 0, 'nobody signed in');
    assert.ok(statuses.filter((s) => s === 401).length <= 5, `at most five checked: ${statuses.join(',')}`);
    assert.ok(statuses.every((s) => s === 401 || s === 429));
  }

  test('fifty parallel guesses from fifty addresses check at most five passwords; the right one is refused', async () => {
    assertHeld(await guessInParallel('many@example.com', (i) => `203.0.113.${i + 1}`));
    const owner = await attempt('many@example.com', PASSWORD, '198.51.100.77');
    assert.equal(owner.statusCode, 429, 'the lock holds after the burst');
    assert.ok(Number(owner.headers['retry-after']) > 0);
  });

  test('fifty parallel guesses from one address are stopped the same way', async () => {
    assertHeld(await guessInParallel('one@example.com', () => '203.0.113.200'));
    assert.equal((await attempt('one@example.com', PASSWORD, '198.51.100.78')).statusCode, 429);
  });

  test('locks are short and grow: 1 minute, then 2', async () => {
    for (let i = 0; i < 5; i++) await attempt('grow@example.com', `wrong-${i}`, `192.0.2.${i + 1}`);
    assert.equal((await attempt('grow@example.com', PASSWORD, '192.0.2.50')).statusCode, 429);
    h.clock.advance(61_000);
    for (let i = 0; i < 5; i++) await attempt('grow@example.com', `wrong-${i}`, `192.0.2.${i + 1}`);
    h.clock.advance(61_000);
    assert.equal(
      (await attempt('grow@example.com', PASSWORD, '192.0.2.50')).statusCode,
      429,
      'second lock: 2 min',
    );
    h.clock.advance(60_000);
    assert.equal((await attempt('grow@example.com', PASSWORD, '192.0.2.50')).statusCode, 303);
  });

  test('a success racing with failures does not lift the lock they set', async () => {
    const wrong = Array.from({ length: 5 }, (_, i) =>
      attempt('owner@example.com', `bad-${i}`, `192.0.2.${60 + i}`),
    );
    const right = attempt('owner@example.com', PASSWORD, '192.0.2.99');
    await Promise.all([...wrong, right]);
    assert.equal((await attempt('owner@example.com', PASSWORD, '192.0.2.100')).statusCode, 429);
  });

  test('one address is paused after ten failures across accounts, before it can lock many of them', async () => {
    for (let i = 0; i < 10; i++) await attempt(`nobody-${i}@example.com`, 'x', '198.51.100.9');
    const paused = await attempt('fresh@example.com', 'x', '198.51.100.9');
    assert.equal(paused.statusCode, 429);
    assert.equal((await attempt('fresh@example.com', 'x', '198.51.100.10')).statusCode, 401);
  });
});
