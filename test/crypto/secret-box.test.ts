import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createSecretBox,
  isSealed,
  SecretBoxError,
  type SecretBoxFailure,
} from '../../src/crypto/secret-box.js';
import { ConfigError } from '../../src/errors.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklm';
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function failsWith(fn: () => unknown, ...reasons: SecretBoxFailure[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SecretBoxError, `expected SecretBoxError, got ${String(err)}`);
    assert.ok(reasons.includes(err.reason), `unexpected reason ${err.reason}`);
    assert.equal(err.type, 'secret_box_error');
    return true;
  });
}

describe('secret box', () => {
  const box = createSecretBox(SECRET);

  test('opens what it sealed', () => {
    for (const text of ['SILgpo7pWbmzuURp2qri', '', 'عبارة سرية 🔑', 'x'.repeat(10_000)]) {
      assert.equal(box.open(box.seal(text)), text);
    }
  });

  test('round-trips any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        assert.equal(box.open(box.seal(text)), text);
      }),
    );
  });

  test('writes the versioned v1:<iv>:<tag>:<ciphertext> base64url format', () => {
    const sealed = box.seal('phrase');
    assert.match(sealed, /^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    assert.ok(isSealed(sealed));
    assert.equal(sealed.includes('phrase'), false);
  });

  test('seals the same text differently each time', () => {
    assert.notEqual(box.seal('same'), box.seal('same'));
  });

  test('opens with a new box made from the same secret', () => {
    assert.equal(createSecretBox(SECRET).open(box.seal('persisted')), 'persisted');
  });

  test('refuses to open with another secret', () => {
    failsWith(() => createSecretBox(OTHER_SECRET).open(box.seal('x')), 'authentication_failed');
  });

  test('the error for a wrong secret tells the operator what to check', () => {
    assert.throws(() => createSecretBox(OTHER_SECRET).open(box.seal('x')), /PAYPORT_SECRET differs/);
  });

  test('refuses to open with another purpose', () => {
    failsWith(() => createSecretBox(SECRET, 'api-keys').open(box.seal('x')), 'authentication_failed');
  });

  test('refuses to open a value moved to another context (row or column)', () => {
    const sealed = box.seal('code', 'provider:1:accessCode');
    assert.equal(box.open(sealed, 'provider:1:accessCode'), 'code');
    failsWith(() => box.open(sealed, 'provider:2:accessCode'), 'authentication_failed');
    failsWith(() => box.open(sealed), 'authentication_failed');
  });

  test('detects a change of any single character of a sealed value', () => {
    const sealed = box.seal('SILgpo7pWbmzuURp2qri', 'ctx');
    for (let i = 0; i < sealed.length; i++) {
      const original = sealed[i] ?? '';
      const replacement =
        original === ':' ? ';' : BASE64URL_CHARS[(BASE64URL_CHARS.indexOf(original) + 1) % 64];
      const tampered = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
      failsWith(() => box.open(tampered, 'ctx'), 'authentication_failed', 'malformed', 'unsupported_version');
    }
  });

  test('detects a flip of any bit of the iv, tag or ciphertext', () => {
    const sealed = box.seal('SILgpo7pWbmzuURp2qri');
    const [version, ...parts] = sealed.split(':');
    parts.forEach((part, index) => {
      const bytes = Buffer.from(part, 'base64url');
      for (let byte = 0; byte < bytes.length; byte++) {
        for (let bit = 0; bit < 8; bit++) {
          const copy = Buffer.from(bytes);
          copy[byte] = (copy[byte] ?? 0) ^ (1 << bit);
          const pieces = [...parts];
          pieces[index] = copy.toString('base64url');
          failsWith(() => box.open([version, ...pieces].join(':')), 'authentication_failed');
        }
      }
    });
  });

  test('detects truncated and extended ciphertexts', () => {
    const sealed = box.seal('SILgpo7pWbmzuURp2qri');
    failsWith(() => box.open(sealed.slice(0, -2)), 'authentication_failed', 'malformed');
    failsWith(() => box.open(`${sealed}AA`), 'authentication_failed', 'malformed');
  });

  test('calls anything else malformed, not a decryption failure', () => {
    for (const value of [
      '',
      'plain-text-phrase',
      'v1:abc',
      'v1:a:b:c',
      'v1::::',
      'v1:!!!!:@@@@:####',
      'V1:a:b:c',
    ]) {
      failsWith(() => box.open(value), 'malformed');
    }
    failsWith(() => box.open(null as unknown as string), 'malformed');
  });

  test('isSealed recognises the shape of a sealed value only', () => {
    assert.ok(isSealed(box.seal('x')));
    for (const value of ['', 'plain-text-phrase', 'v1:abc', 'v2:a:b:c', 'v1:a:b:c:d', 'v1:!!:a:b', null, 7]) {
      assert.equal(isSealed(value), false, String(value));
    }
  });

  test('says when a value comes from a newer scheme', () => {
    const sealed = box.seal('x').replace(/^v1:/, 'v2:');
    failsWith(() => box.open(sealed), 'unsupported_version');
    assert.throws(() => box.open(sealed), /scheme v2/);
  });

  test('answers 500, since it means bad stored data or configuration', () => {
    try {
      box.open('garbage');
      assert.fail('should have thrown');
    } catch (err) {
      assert.equal((err as SecretBoxError).statusCode, 500);
    }
  });

  test('refuses a secret shorter than 32 characters', () => {
    assert.throws(() => createSecretBox('short'), ConfigError);
    assert.throws(() => createSecretBox(''), /at least 32 characters/);
  });
});
