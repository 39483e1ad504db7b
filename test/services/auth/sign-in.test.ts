import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { AttemptLimiter } from '../../../src/services/auth/attempt-limiter.js';
import { SignInGuard, type SignInPolicy } from '../../../src/services/auth/sign-in.js';
import { addUser } from '../../../src/services/auth/users.js';
import { forEachDatabase } from '../../support/databases.js';
import { uniqueTag } from '../../support/store-fixtures.js';

const PASSWORD = 'correct horse battery staple';
const POLICY: SignInPolicy = {
  maxFailures: 3,
  lockoutMs: 10 * 60_000,
  maxLockoutMs: 60 * 60_000,
  addressMaxFailures: 1000,
};

test('the attempt limiter counts attempts before they are checked and locks a key at the limit, longer each time', () => {
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const limiter = new AttemptLimiter(clock, 2, (locks) => 60_000 * 2 ** locks);
  const start = clock.now().getTime();
  assert.deepEqual(limiter.claim('ip'), { allowed: true });
  assert.deepEqual(limiter.claim('ip'), { allowed: true });
  assert.deepEqual(limiter.claim('ip'), { allowed: false, until: start + 60_000 });
  assert.deepEqual(limiter.claim('other'), { allowed: true });
  clock.advance(60_000);
  limiter.claim('ip');
  limiter.claim('ip');
  assert.equal(limiter.failed('ip'), start + 60_000 + 120_000);
  assert.deepEqual(limiter.claim('ip'), { allowed: false, until: start + 180_000 });
});

test('a success gives its attempt back but never lifts a lock in force', () => {
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const limiter = new AttemptLimiter(clock, 2, () => 60_000);
  limiter.claim('ip');
  limiter.succeeded('ip');
  limiter.claim('ip');
  assert.equal(limiter.failed('ip'), null);
  limiter.claim('ip');
  assert.notEqual(limiter.failed('ip'), null);
  limiter.succeeded('ip');
  assert.equal(limiter.claim('ip').allowed, false);
});

forEachDatabase('sign-in', (db) => {
  const newUser = async () =>
    (await addUser(db.store, { email: `u-${uniqueTag()}@example.com`, role: 'operator', password: PASSWORD }))
      .user;

  test('the right password signs in whatever the case of the email', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    const result = await guard.signIn({
      email: ` ${user.email.toUpperCase()} `,
      password: PASSWORD,
      ip: '10.0.0.1',
    });
    assert.equal(result.kind, 'signed_in');
  });

  test('a wrong password is "invalid" and is counted on the account', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    assert.deepEqual(await guard.signIn({ email: user.email, password: 'wrong password', ip: '10.0.0.1' }), {
      kind: 'invalid',
    });
    assert.equal((await db.store.repos.users.findById(user.id))?.failedLogins, 1);
  });

  test('repeated failures lock the account; while locked even the right password is refused', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    await guard.signIn({ email: user.email, password: 'nope-1', ip: '10.0.0.2' });
    await guard.signIn({ email: user.email, password: 'nope-2', ip: '10.0.0.2' });
    const third = await guard.signIn({ email: user.email, password: 'nope-3', ip: '10.0.0.2' });
    assert.equal(third.kind, 'locked');
    const locked = await guard.signIn({ email: user.email, password: PASSWORD, ip: '10.0.0.3' });
    assert.equal(locked.kind, 'locked');
    assert.ok((await db.store.repos.users.findById(user.id))?.lockedUntil);
  });

  test('the lockout is temporary: after it ends the right password signs in and clears the count', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    for (let i = 0; i < 3; i++)
      await guard.signIn({ email: user.email, password: `bad-${i}`, ip: '10.0.0.4' });
    db.clock.advance(POLICY.lockoutMs + 1000);
    const result = await guard.signIn({ email: user.email, password: PASSWORD, ip: '10.0.0.4' });
    assert.equal(result.kind, 'signed_in');
    const stored = await db.store.repos.users.findById(user.id);
    assert.equal(stored?.failedLogins, 0);
    assert.equal(stored?.lockedUntil, null);
  });

  test('the lockout holds for another guard (another process) on the same database', async () => {
    const user = await newUser();
    const first = new SignInGuard(db.store, db.clock, POLICY);
    for (let i = 0; i < 3; i++)
      await first.signIn({ email: user.email, password: `bad-${i}`, ip: '10.0.0.5' });
    const second = new SignInGuard(db.store, db.clock, POLICY);
    assert.equal(
      (await second.signIn({ email: user.email, password: PASSWORD, ip: '10.0.0.6' })).kind,
      'locked',
    );
  });

  test('unknown emails lock the same way, so answers do not reveal which accounts exist', async () => {
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    const ghost = `ghost-${uniqueTag()}@example.com`;
    assert.equal((await guard.signIn({ email: ghost, password: 'x1', ip: '10.0.0.7' })).kind, 'invalid');
    assert.equal((await guard.signIn({ email: ghost, password: 'x2', ip: '10.0.0.7' })).kind, 'invalid');
    assert.equal((await guard.signIn({ email: ghost, password: 'x3', ip: '10.0.0.7' })).kind, 'locked');
  });

  test('one address is rate limited across accounts', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, {
      ...POLICY,
      addressMaxFailures: 2,
    });
    await guard.signIn({ email: `a-${uniqueTag()}@example.com`, password: 'x', ip: '10.9.9.9' });
    await guard.signIn({ email: `b-${uniqueTag()}@example.com`, password: 'x', ip: '10.9.9.9' });
    const limited = await guard.signIn({ email: user.email, password: PASSWORD, ip: '10.9.9.9' });
    assert.equal(limited.kind, 'rate_limited');
    assert.equal(
      (await guard.signIn({ email: user.email, password: PASSWORD, ip: '10.9.9.8' })).kind,
      'signed_in',
    );
  });

  test('parallel guesses are counted before they are checked: the right one among fifty is refused, the lock holds', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    const passwords = Array.from({ length: 49 }, (_, i) => `guess-${i}`).concat(PASSWORD);
    const results = await Promise.all(
      passwords.map((password, i) => guard.signIn({ email: user.email, password, ip: `10.1.0.${i}` })),
    );
    assert.equal(results.filter((r) => r.kind === 'signed_in').length, 0);
    assert.ok(results.filter((r) => r.kind === 'invalid').length <= POLICY.maxFailures);
    const after = await guard.signIn({ email: user.email, password: PASSWORD, ip: '10.1.1.1' });
    assert.equal(after.kind, 'locked');
  });

  test('an empty password is invalid without touching the account', async () => {
    const user = await newUser();
    const guard = new SignInGuard(db.store, db.clock, POLICY);
    assert.equal((await guard.signIn({ email: user.email, password: '', ip: '10.0.0.8' })).kind, 'invalid');
    assert.equal((await db.store.repos.users.findById(user.id))?.failedLogins, 0);
  });
});
