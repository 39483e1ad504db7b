import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_SCRYPT_COST,
  generatePassword,
  hashPassword,
  needsRehash,
  PasswordHashFormatError,
  verifyPassword,
} from '../../src/crypto/passwords.js';
import { ValidationError } from '../../src/errors.js';

// A low cost keeps the suite fast; one test below uses the real default.
const CHEAP = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  test('writes the self-describing scrypt$N$r$p$salt$hash format', async () => {
    const stored = await hashPassword('correct horse battery staple', CHEAP);
    assert.match(stored, /^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  });

  test('uses N=2^15, r=8, p=1 by default and verifies with it', async () => {
    assert.deepEqual({ ...DEFAULT_SCRYPT_COST }, { N: 32768, r: 8, p: 1 });
    const stored = await hashPassword('s3cret-default');
    assert.match(stored, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword('s3cret-default', stored), true);
  });

  test('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('k7mqz-x9frt-2bnwe-hp4sa', CHEAP);
    assert.equal(await verifyPassword('k7mqz-x9frt-2bnwe-hp4sa', stored), true);
    for (const wrong of [
      'k7mqz-x9frt-2bnwe-hp4sA',
      'k7mqz-x9frt-2bnwe-hp4s',
      'k7mqz-x9frt-2bnwe-hp4sa ',
      '',
    ]) {
      assert.equal(await verifyPassword(wrong, stored), false, wrong);
    }
  });

  test('salts every hash', async () => {
    assert.notEqual(await hashPassword('same', CHEAP), await hashPassword('same', CHEAP));
  });

  test('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('caf\u00e9', CHEAP);
    assert.equal(await verifyPassword('cafe\u0301', stored), true);
  });

  test('refuses a hash whose stored bytes were altered', async () => {
    const stored = await hashPassword('pw', CHEAP);
    const parts = stored.split('$');
    const hash = Buffer.from(parts[5] ?? '', 'base64url');
    hash[0] = (hash[0] ?? 0) ^ 1;
    parts[5] = hash.toString('base64url');
    assert.equal(await verifyPassword('pw', parts.join('$')), false);
  });

  test('refuses empty and over-long new passwords', async () => {
    await assert.rejects(hashPassword('', CHEAP), ValidationError);
    await assert.rejects(hashPassword('x'.repeat(1025), CHEAP), /at most 1024 characters/);
    assert.equal(await verifyPassword('x'.repeat(1025), await hashPassword('x', CHEAP)), false);
  });

  test('refuses out-of-range costs', async () => {
    await assert.rejects(hashPassword('pw', { N: 1000, r: 8, p: 1 }), RangeError);
    await assert.rejects(hashPassword('pw', { N: 2 ** 21, r: 8, p: 1 }), RangeError);
  });

  test('calls a stored value it cannot read a format error', async () => {
    const good = await hashPassword('pw', CHEAP);
    const bad = [
      '',
      'plain',
      'bcrypt$10$abc',
      good.replace('scrypt', 'scrypt2'),
      good.replace('$1024$', '$1000$'),
      good.replace('$1024$', '$1073741824$'),
      good.replace('$8$', '$0$'),
      good.split('$').slice(0, 5).join('$'),
      `${good}$extra`,
      good.replace(/\$[^$]+$/, '$AAAA'),
    ];
    for (const stored of bad) {
      await assert.rejects(verifyPassword('pw', stored), PasswordHashFormatError, stored);
    }
  });

  test("says when a stored hash is weaker than today's cost", async () => {
    const cheap = await hashPassword('pw', CHEAP);
    assert.equal(needsRehash(cheap), true);
    assert.equal(needsRehash(cheap, CHEAP), false);
    assert.equal(needsRehash(cheap.replace('$1024$8$', '$32768$8$')), false);
  });
});

describe('generatePassword', () => {
  test('makes readable passwords of four groups of five unambiguous characters', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword();
      assert.match(password, /^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
      assert.ok(password.length >= 16);
    }
  });

  test('never repeats itself', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => generatePassword()));
    assert.equal(seen.size, 5000);
  });
});
