import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifyPassword } from '../../../src/crypto/passwords.js';
import { Conflict, NotFound, ValidationError } from '../../../src/errors.js';
import { startSession } from '../../../src/services/auth/sessions.js';
import {
  addUser,
  changeUserRole,
  parseRole,
  parseUserEmail,
  removeUser,
  resetUserPassword,
} from '../../../src/services/auth/users.js';
import { forEachDatabase } from '../../support/databases.js';
import { uniqueTag } from '../../support/store-fixtures.js';

const email = () => `user-${uniqueTag()}@example.com`;

test('parseRole accepts admin and operator only', () => {
  assert.equal(parseRole('admin'), 'admin');
  assert.equal(parseRole('operator'), 'operator');
  assert.throws(() => parseRole('root'), ValidationError);
});

test('parseUserEmail lower-cases addresses and accepts plain user names such as "admin"', () => {
  assert.equal(parseUserEmail('  Ops@Example.COM '), 'ops@example.com');
  assert.equal(parseUserEmail('admin'), 'admin');
  assert.throws(() => parseUserEmail(''), ValidationError);
  assert.throws(() => parseUserEmail('a b@example.com'), ValidationError);
});

forEachDatabase('back-office users', (db) => {
  test('adding a user generates a readable password that verifies against the stored scrypt hash', async () => {
    const created = await addUser(db.store, { email: email(), role: 'operator' });
    assert.equal(created.generated, true);
    assert.match(created.password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.match(created.user.passwordHash, /^scrypt\$/);
    assert.equal(created.user.passwordHash.includes(created.password), false);
    assert.equal(await verifyPassword(created.password, created.user.passwordHash), true);
  });

  test('a chosen password shorter than 8 characters is refused', async () => {
    await assert.rejects(
      addUser(db.store, { email: email(), role: 'admin', password: 'short' }),
      ValidationError,
    );
  });

  test('an email already in use is a conflict, whatever its case', async () => {
    const address = email();
    await addUser(db.store, { email: address, role: 'operator' });
    await assert.rejects(addUser(db.store, { email: address.toUpperCase(), role: 'admin' }), Conflict);
  });

  test('resetting a password lifts the lockout, replaces the hash and ends every session of the user', async () => {
    const created = await addUser(db.store, { email: email(), role: 'operator' });
    await db.store.repos.users.recordFailedLogin(created.user.id, new Date('2030-01-01T00:00:00Z'));
    await startSession(db.store, db.clock, created.user.id);
    const reset = await resetUserPassword(db.store, created.user.email);
    assert.notEqual(reset.password, created.password);
    assert.equal(reset.user.lockedUntil, null);
    assert.equal(reset.user.failedLogins, 0);
    assert.equal(await verifyPassword(reset.password, reset.user.passwordHash), true);
    assert.equal(await db.store.repos.sessions.deleteForUser(created.user.id), 0);
  });

  test('resetting the password of an unknown email is NotFound', async () => {
    await assert.rejects(resetUserPassword(db.store, 'nobody-here@example.com'), NotFound);
  });

  test('the last admin can neither be demoted nor deleted, and nobody deletes themselves', async () => {
    const isolated = db.openStore();
    const users = await isolated.repos.users.list();
    for (const user of users.filter((u) => u.role === 'admin'))
      await isolated.repos.users.setRole(user.id, 'operator');
    const admin = await addUser(isolated, { email: email(), role: 'admin' });
    const other = await addUser(isolated, { email: email(), role: 'operator' });
    await assert.rejects(changeUserRole(isolated, admin.user.id, 'operator'), /last admin/);
    await assert.rejects(removeUser(isolated, other.user.id, admin.user.id), /last admin/);
    await assert.rejects(removeUser(isolated, admin.user.id, admin.user.id), /your own account/);
    const promoted = await changeUserRole(isolated, other.user.id, 'admin');
    assert.equal(promoted.role, 'admin');
    const demoted = await changeUserRole(isolated, admin.user.id, 'operator');
    assert.equal(demoted.role, 'operator');
  });

  test('changing a role ends the sessions of that user', async () => {
    const admin = await addUser(db.store, { email: email(), role: 'admin' });
    const operator = await addUser(db.store, { email: email(), role: 'operator' });
    await startSession(db.store, db.clock, operator.user.id);
    await changeUserRole(db.store, operator.user.id, 'admin');
    assert.equal(await db.store.repos.sessions.deleteForUser(operator.user.id), 0);
    await removeUser(db.store, admin.user.id, operator.user.id);
    assert.equal(await db.store.repos.users.findById(operator.user.id), undefined);
  });
});
