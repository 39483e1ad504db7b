import assert from 'node:assert/strict';
import { test } from 'node:test';
import { issueLoginCsrf, loginCsrfMatches } from '../../../src/services/auth/login-csrf.js';
import {
  csrfMatches,
  endSession,
  resumeSession,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  sessionIdOf,
  startSession,
} from '../../../src/services/auth/sessions.js';
import { addUser } from '../../../src/services/auth/users.js';
import { forEachDatabase } from '../../support/databases.js';
import { uniqueTag } from '../../support/store-fixtures.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

test('the sign-in form token matches only the nonce it was issued for', () => {
  const pair = issueLoginCsrf(SECRET);
  assert.equal(loginCsrfMatches(SECRET, pair.nonce, pair.formToken), true);
  assert.equal(loginCsrfMatches(SECRET, issueLoginCsrf(SECRET).nonce, pair.formToken), false);
  assert.equal(loginCsrfMatches(SECRET, pair.nonce, undefined), false);
  assert.equal(loginCsrfMatches(SECRET, undefined, pair.formToken), false);
  assert.equal(issueLoginCsrf(SECRET, pair.nonce).formToken, pair.formToken);
});

test('csrfMatches compares the submitted token with the session token', () => {
  assert.equal(csrfMatches({ csrfToken: 'abc' }, 'abc'), true);
  assert.equal(csrfMatches({ csrfToken: 'abc' }, 'abd'), false);
  assert.equal(csrfMatches({ csrfToken: 'abc' }, ''), false);
  assert.equal(csrfMatches({ csrfToken: 'abc' }, ['abc']), false);
});

forEachDatabase('sessions', (db) => {
  const newUser = async () =>
    (await addUser(db.store, { email: `s-${uniqueTag()}@example.com`, role: 'admin' })).user;

  test('the database keeps a hash of the session token, never the token', async () => {
    const user = await newUser();
    const { token, session } = await startSession(db.store, db.clock, user.id);
    assert.notEqual(session.id, token);
    assert.equal(session.id, sessionIdOf(token));
    assert.equal(await db.store.repos.sessions.findActive(token, db.clock.now()), undefined);
    assert.equal((await resumeSession(db.store, db.clock, token))?.user.id, user.id);
  });

  test('a session ends after the idle time without activity', async () => {
    const user = await newUser();
    const { token } = await startSession(db.store, db.clock, user.id);
    db.clock.advance(SESSION_IDLE_MS + 1000);
    assert.equal(await resumeSession(db.store, db.clock, token), undefined);
  });

  test('activity slides the idle expiry but never beyond the maximum lifetime', async () => {
    const user = await newUser();
    const { token } = await startSession(db.store, db.clock, user.id);
    const steps = Math.ceil(SESSION_MAX_MS / (SESSION_IDLE_MS / 2));
    let alive = 0;
    for (let i = 0; i < steps + 2; i++) {
      db.clock.advance(SESSION_IDLE_MS / 2);
      if (await resumeSession(db.store, db.clock, token)) alive++;
    }
    assert.ok(alive >= 2, 'activity should keep the session past one idle period');
    assert.equal(await resumeSession(db.store, db.clock, token), undefined);
  });

  test('signing out ends the session; malformed tokens are ignored', async () => {
    const user = await newUser();
    const { token } = await startSession(db.store, db.clock, user.id);
    await endSession(db.store, token);
    assert.equal(await resumeSession(db.store, db.clock, token), undefined);
    assert.equal(await resumeSession(db.store, db.clock, 'short'), undefined);
    assert.equal(await resumeSession(db.store, db.clock, undefined), undefined);
  });
});
