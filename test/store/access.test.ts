import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conflict, ValidationError } from '../../src/errors.js';
import type { Repositories } from '../../src/store/repositories/index.js';
import { forEachDatabase } from '../support/databases.js';
import { uniqueTag } from '../support/store-fixtures.js';

const HOUR = 3_600_000;

forEachDatabase('users and sessions', (db) => {
  const repos = (): Repositories => db.store.repos;
  const later = (ms: number) => new Date(db.clock.now().getTime() + ms);

  test('stores the email trimmed and lower-cased and finds the user by any case', async () => {
    const user = await repos().users.insert({
      email: '  Admin@Example.COM ',
      role: 'admin',
      passwordHash: 'scrypt$x',
    });
    assert.equal(user.email, 'admin@example.com');
    assert.equal(user.failedLogins, 0);
    assert.deepEqual(await repos().users.findByEmail('ADMIN@example.com'), user);
    assert.deepEqual(await repos().users.findById(user.id), user);
  });

  test('refuses a second user with the same email in another case, and an empty email', async () => {
    await repos().users.insert({ email: 'op@example.com', role: 'operator', passwordHash: 'h' });
    await assert.rejects(
      repos().users.insert({ email: 'OP@example.com', role: 'admin', passwordHash: 'h' }),
      Conflict,
    );
    await assert.rejects(
      repos().users.insert({ email: '   ', role: 'admin', passwordHash: 'h' }),
      ValidationError,
    );
  });

  test('counts failed sign-ins, locks, and clears both on success or password reset', async () => {
    const user = await repos().users.insert({
      email: `lock-${uniqueTag()}@example.com`,
      role: 'operator',
      passwordHash: 'h',
    });
    assert.equal(await repos().users.recordFailedLogin(user.id), 1);
    assert.equal(await repos().users.recordFailedLogin(user.id, later(HOUR)), 2);
    assert.equal((await repos().users.findById(user.id))?.lockedUntil, later(HOUR).toISOString());
    await repos().users.resetFailedLogins(user.id);
    const reset = await repos().users.findById(user.id);
    assert.equal(reset?.failedLogins, 0);
    assert.equal(reset?.lockedUntil, null);
    await repos().users.lockUntil(user.id, later(HOUR));
    assert.equal(await repos().users.setPasswordHash(user.id, 'new'), true);
    const changed = await repos().users.findById(user.id);
    assert.equal(changed?.passwordHash, 'new');
    assert.equal(changed?.lockedUntil, null);
    assert.equal(await repos().users.recordFailedLogin('missing'), undefined);
  });

  test('concurrent failed sign-ins are all counted', async () => {
    const user = await repos().users.insert({
      email: `race-${uniqueTag()}@example.com`,
      role: 'operator',
      passwordHash: 'h',
    });
    await Promise.all(Array.from({ length: 5 }, () => repos().users.recordFailedLogin(user.id)));
    assert.equal((await repos().users.findById(user.id))?.failedLogins, 5);
  });

  test('changes roles, lists users by email and counts them', async () => {
    const before = await repos().users.count();
    const user = await repos().users.insert({
      email: `aaa-${uniqueTag()}@example.com`,
      role: 'operator',
      passwordHash: 'h',
    });
    assert.equal(await repos().users.setRole(user.id, 'admin'), true);
    assert.equal((await repos().users.findById(user.id))?.role, 'admin');
    assert.equal(await repos().users.count(), before + 1);
    const emails = (await repos().users.list()).map((u) => u.email);
    assert.deepEqual(emails, [...emails].sort());
  });

  test('finds a session only until it expires, and slides it on activity', async () => {
    const user = await repos().users.insert({
      email: `s-${uniqueTag()}@example.com`,
      role: 'admin',
      passwordHash: 'h',
    });
    const session = await repos().sessions.insert({
      id: `hash-${uniqueTag()}`,
      userId: user.id,
      csrfToken: 'csrf',
      expiresAt: later(HOUR),
    });
    assert.equal(session.lastSeenAt, db.clock.now().toISOString());
    assert.deepEqual(await repos().sessions.findActive(session.id, db.clock.now()), session);
    assert.equal(await repos().sessions.findActive(session.id, later(HOUR)), undefined);
    await repos().sessions.touch(session.id, later(HOUR / 2), later(2 * HOUR));
    const touched = await repos().sessions.findActive(session.id, later(HOUR));
    assert.equal(touched?.lastSeenAt, later(HOUR / 2).toISOString());
  });

  test('deletes one session, all of a user, expired ones, and all with the user', async () => {
    const user = await repos().users.insert({
      email: `d-${uniqueTag()}@example.com`,
      role: 'admin',
      passwordHash: 'h',
    });
    const make = (expiresAt: Date) =>
      repos().sessions.insert({ id: `hash-${uniqueTag()}`, userId: user.id, csrfToken: 'c', expiresAt });
    const one = await make(later(HOUR));
    await repos().sessions.delete(one.id);
    assert.equal(await repos().sessions.findActive(one.id, db.clock.now()), undefined);
    await make(later(HOUR));
    await make(later(HOUR));
    assert.equal(await repos().sessions.deleteForUser(user.id), 2);
    const expired = await make(later(-1));
    assert.ok((await repos().sessions.deleteExpired(db.clock.now())) >= 1);
    assert.equal(await repos().sessions.findActive(expired.id, later(-HOUR)), undefined);
    const kept = await make(later(HOUR));
    assert.equal(await repos().users.delete(user.id), true);
    assert.equal(await repos().sessions.findActive(kept.id, db.clock.now()), undefined);
  });
});

forEachDatabase('API keys, idempotency keys and settings', (db) => {
  const repos = (): Repositories => db.store.repos;

  async function apiKey() {
    const tag = uniqueTag();
    return repos().apiKeys.insert({
      name: `key ${tag}`,
      prefix: `pp_${tag.slice(0, 4)}`,
      keyHash: `sha256:${tag}`,
    });
  }

  test('finds an API key by hash until it is revoked', async () => {
    const key = await apiKey();
    assert.deepEqual(await repos().apiKeys.findActiveByHash(key.keyHash), key);
    await repos().apiKeys.touchLastUsed(key.id, db.clock.now());
    assert.equal((await repos().apiKeys.findById(key.id))?.lastUsedAt, db.clock.now().toISOString());
    assert.equal(await repos().apiKeys.revoke(key.id), true);
    assert.equal(await repos().apiKeys.revoke(key.id), false);
    assert.equal(await repos().apiKeys.findActiveByHash(key.keyHash), undefined);
    assert.notEqual((await repos().apiKeys.findById(key.id))?.revokedAt, null);
    assert.ok((await repos().apiKeys.list()).some((k) => k.id === key.id));
  });

  test('refuses two API keys with the same hash', async () => {
    const key = await apiKey();
    await assert.rejects(
      repos().apiKeys.insert({ name: 'dup', prefix: 'pp_x', keyHash: key.keyHash }),
      Conflict,
    );
  });

  test('reserves an idempotency key once, then replays the stored answer', async () => {
    const key = await apiKey();
    assert.deepEqual(await repos().idempotencyKeys.reserve(key.id, 'k1', 'hash-a'), { reserved: true });
    const inProgress = await repos().idempotencyKeys.reserve(key.id, 'k1', 'hash-a');
    assert.equal(inProgress.reserved, false);
    assert.equal(inProgress.reserved === false && inProgress.existing.statusCode, null);
    await repos().idempotencyKeys.complete(key.id, 'k1', 201, '{"id":"x"}');
    const replay = await repos().idempotencyKeys.reserve(key.id, 'k1', 'hash-b');
    assert.deepEqual(
      replay.reserved === false && [
        replay.existing.requestHash,
        replay.existing.statusCode,
        replay.existing.responseBody,
      ],
      ['hash-a', 201, '{"id":"x"}'],
    );
  });

  test('keys are per API key: the same key text under another API key is separate', async () => {
    const [a, b] = [await apiKey(), await apiKey()];
    assert.deepEqual(await repos().idempotencyKeys.reserve(a.id, 'same', 'h'), { reserved: true });
    assert.deepEqual(await repos().idempotencyKeys.reserve(b.id, 'same', 'h'), { reserved: true });
  });

  test('concurrent reservations of one key let exactly one request through', async () => {
    const key = await apiKey();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => repos().idempotencyKeys.reserve(key.id, 'race', 'h')),
    );
    assert.equal(results.filter((r) => r.reserved).length, 1);
  });

  test('a released reservation frees the key, but a completed one is never released', async () => {
    const key = await apiKey();
    await repos().idempotencyKeys.reserve(key.id, 'retry', 'h');
    await repos().idempotencyKeys.release(key.id, 'retry');
    assert.equal(await repos().idempotencyKeys.find(key.id, 'retry'), undefined);
    await repos().idempotencyKeys.reserve(key.id, 'done', 'h');
    await repos().idempotencyKeys.complete(key.id, 'done', 200, '{}');
    await repos().idempotencyKeys.release(key.id, 'done');
    assert.equal((await repos().idempotencyKeys.find(key.id, 'done'))?.statusCode, 200);
  });

  test('forgets idempotency keys created before a given time', async () => {
    const key = await apiKey();
    await repos().idempotencyKeys.reserve(key.id, 'old', 'h');
    db.clock.advance(HOUR);
    await repos().idempotencyKeys.reserve(key.id, 'new', 'h');
    assert.ok((await repos().idempotencyKeys.deleteCreatedBefore(db.clock.now())) >= 1);
    assert.equal(await repos().idempotencyKeys.find(key.id, 'old'), undefined);
    assert.notEqual(await repos().idempotencyKeys.find(key.id, 'new'), undefined);
  });

  test('settings: set replaces, setIfAbsent sets only once, delete removes', async () => {
    const settings = repos().settings;
    assert.equal(await settings.get('demo.seeded'), undefined);
    assert.equal(await settings.setIfAbsent('demo.seeded', '1'), true);
    assert.equal(await settings.setIfAbsent('demo.seeded', '2'), false);
    assert.equal(await settings.get('demo.seeded'), '1');
    await settings.set('demo.seeded', '3');
    assert.equal(await settings.get('demo.seeded'), '3');
    await settings.delete('demo.seeded');
    assert.equal(await settings.get('demo.seeded'), undefined);
  });
});
