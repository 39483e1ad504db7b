import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveKey, MIN_SECRET_LENGTH } from '../../src/crypto/keys.js';
import { ConfigError } from '../../src/errors.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

describe('deriveKey', () => {
  test('gives the same 32-byte key for the same secret and label', () => {
    const key = deriveKey(SECRET, 'tokens/v1');
    assert.equal(key.length, 32);
    assert.deepEqual(deriveKey(SECRET, 'tokens/v1'), key);
  });

  test('gives independent keys for different labels and secrets', () => {
    const a = deriveKey(SECRET, 'tokens/v1');
    assert.notDeepEqual(deriveKey(SECRET, 'secret-box/v1/credentials'), a);
    assert.notDeepEqual(deriveKey(`${SECRET}x`, 'tokens/v1'), a);
    assert.notDeepEqual(a, Buffer.from(SECRET).subarray(0, 32));
  });

  test('refuses a secret shorter than the configuration allows', () => {
    assert.equal(MIN_SECRET_LENGTH, 32);
    assert.throws(() => deriveKey('x'.repeat(31), 'l'), ConfigError);
    assert.doesNotThrow(() => deriveKey('x'.repeat(32), 'l'));
    assert.throws(() => deriveKey(SECRET, ''), RangeError);
  });
});
