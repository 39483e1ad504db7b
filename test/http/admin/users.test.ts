import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyPassword } from '../../../src/crypto/passwords.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

describe('users page (admin)', () => {
  let h: AdminHarness;
  let admin: AdminClient;

  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    admin = h.client();
    await admin.signIn('admin@example.com', 'correct horse battery staple');
    await admin.get('/admin/users');
  });
  after(() => h.close());

  test('adding a user shows the generated password once; it works, and the list never shows it again', async () => {
    const answer = await admin.post('/admin/users', { email: 'new.operator@example.com', role: 'operator' });
    assert.equal(answer.status, 200);
    const password = /id="revealed-password" type="text" value="([^"]+)"/.exec(answer.body)?.[1];
    assert.ok(password);
    const stored = await h.store.repos.users.findByEmail('new.operator@example.com');
    assert.equal(await verifyPassword(password, stored!.passwordHash), true);
    const later = await admin.get('/admin/users');
    assert.equal(later.body.includes(password), false);
    const signIn = await h.client().signIn('new.operator@example.com', password);
    assert.equal(signIn.status, 303);
  });

  test('an invalid or duplicate email is shown next to the field', async () => {
    const invalid = await admin.post('/admin/users', { email: 'not valid', role: 'operator' });
    assert.equal(invalid.status, 422);
    assert.match(invalid.body, /id="f-email-error">must be an email address/);
    await admin.get('/admin/users');
    const duplicate = await admin.post('/admin/users', { email: 'admin@example.com', role: 'operator' });
    assert.match(duplicate.body, /id="f-email-error">A user with the email admin@example.com already exists/);
  });

  test('resetting a password reveals a new one and unlocks the account', async () => {
    await h.addUser('locked@example.com', 'operator');
    const user = (await h.store.repos.users.findByEmail('locked@example.com'))!;
    await h.store.repos.users.lockUntil(user.id, '2030-01-01T00:00:00.000Z');
    await admin.get('/admin/users');
    const answer = await admin.post(`/admin/users/${user.id}/reset-password`);
    const password = /id="revealed-password" type="text" value="([^"]+)"/.exec(answer.body)?.[1];
    assert.ok(password);
    assert.equal((await h.client().signIn('locked@example.com', password)).status, 303);
  });

  test('the last admin cannot be demoted, and an admin cannot delete themselves', async () => {
    const me = (await h.store.repos.users.findByEmail('admin@example.com'))!;
    await admin.get('/admin/users');
    const demote = await admin.post(`/admin/users/${me.id}/role`, { role: 'operator' });
    assert.equal(demote.status, 422);
    assert.match(demote.body, /the last admin cannot become an operator/);
    assert.equal((await h.store.repos.users.findById(me.id))?.role, 'admin');
    const remove = await admin.post(`/admin/users/${me.id}/delete`);
    assert.equal(remove.status, 422);
    assert.ok(await h.store.repos.users.findById(me.id));
  });

  test('deleting another user removes them and their sessions', async () => {
    await h.addUser('leaving@example.com', 'operator');
    const leaver = h.client();
    await leaver.signIn('leaving@example.com', 'correct horse battery staple');
    const user = (await h.store.repos.users.findByEmail('leaving@example.com'))!;
    await admin.get('/admin/users');
    assert.equal((await admin.post(`/admin/users/${user.id}/delete`)).status, 303);
    assert.equal(await h.store.repos.users.findById(user.id), undefined);
    assert.equal((await leaver.get('/admin/transactions')).status, 303);
  });
});
