import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.js';
import {
  createExpiringToken,
  ExpiredTokenError,
  InvalidTokenError,
  readExpiringToken,
  signToken,
  verifyToken,
} from '../../src/crypto/tokens.js';
import { ConfigError } from '../../src/errors.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklm';
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';

function changeEachCharacter(token: string): string[] {
  const variants: string[] = [];
  for (let i = 0; i < token.length; i++) {
    const original = token[i] ?? '';
    const replacement = CHARS[(CHARS.indexOf(original) + 1) % CHARS.length] ?? 'A';
    variants.push(token.slice(0, i) + replacement + token.slice(i + 1));
  }
  return variants;
}

describe('access tokens', () => {
  const fields = { reference: 'INV-2026-0042-0MHX3K2P0A7Q4ZB8C1D9E' };

  test('verify for the same secret, purpose and fields', () => {
    const token = signToken(SECRET, 'status', fields);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(verifyToken(SECRET, 'status', fields, token));
  });

  test('are bound to the fields they show', () => {
    const token = signToken(SECRET, 'status', fields);
    assert.equal(verifyToken(SECRET, 'status', { reference: 'OTHER' }, token), false);
    assert.equal(verifyToken(SECRET, 'status', { ...fields, extra: 'x' }, token), false);
    assert.equal(verifyToken(SECRET, 'status', {}, token), false);
  });

  test('are bound to their purpose and secret', () => {
    const token = signToken(SECRET, 'status', fields);
    assert.equal(verifyToken(SECRET, 'payment-link', fields, token), false);
    assert.equal(verifyToken(OTHER_SECRET, 'status', fields, token), false);
  });

  test('do not depend on the order of the fields', () => {
    const a = signToken(SECRET, 'pay', { amount: '12.50', currency: 'SAR', email: 'a@b.c' });
    const b = signToken(SECRET, 'pay', { email: 'a@b.c', currency: 'SAR', amount: '12.50' });
    assert.equal(a, b);
  });

  test('tell values of different types and null apart', () => {
    const token = signToken(SECRET, 'pay', { amount: 1 });
    assert.equal(verifyToken(SECRET, 'pay', { amount: '1' }, token), false);
    assert.notEqual(signToken(SECRET, 'pay', { a: null }), signToken(SECRET, 'pay', { a: 'null' }));
    assert.notEqual(signToken(SECRET, 'pay', { a: null }), signToken(SECRET, 'pay', {}));
  });

  test('cannot be confused by moving text between fields', () => {
    assert.notEqual(signToken(SECRET, 'p', { a: 'b', c: 'd' }), signToken(SECRET, 'p', { a: 'bc', '': 'd' }));
    assert.notEqual(signToken(SECRET, 'p', { ab: 'c' }), signToken(SECRET, 'p', { a: 'bc' }));
  });

  test('refuse a change of any character', () => {
    const token = signToken(SECRET, 'status', fields);
    for (const tampered of changeEachCharacter(token)) {
      assert.equal(verifyToken(SECRET, 'status', fields, tampered), false, tampered);
    }
  });

  test('refuse missing, truncated or non-string tokens', () => {
    const token = signToken(SECRET, 'status', fields);
    for (const value of [undefined, null, '', token.slice(0, -1), `${token}A`, 42, [token]]) {
      assert.equal(verifyToken(SECRET, 'status', fields, value), false, String(value));
    }
  });

  test('need a purpose and a strong secret', () => {
    assert.throws(() => signToken(SECRET, '', fields), RangeError);
    assert.throws(() => signToken('short', 'status', fields), ConfigError);
  });
});

describe('expiring tokens', () => {
  const payload = { transactionForm: 'link_1', nonce: 'abc', amounts: [1, 2], nested: { ok: true } };

  test('give back their payload before they expire', () => {
    const clock = new ManualClock();
    const token = createExpiringToken(SECRET, 'checkout-form', payload, { clock, ttlSeconds: 600 });
    clock.advance(599_999);
    assert.deepEqual(readExpiringToken(SECRET, 'checkout-form', token, clock), payload);
  });

  test('expire exactly at their time to live', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const token = createExpiringToken(SECRET, 'checkout-form', payload, { clock, ttlSeconds: 600 });
    clock.advance(600_000);
    assert.throws(
      () => readExpiringToken(SECRET, 'checkout-form', token, clock),
      (err: unknown) =>
        err instanceof ExpiredTokenError &&
        err.type === 'token_expired' &&
        err.expiredAt === '2026-01-01T00:10:00.000Z' &&
        /expired/.test(err.message),
    );
    clock.advance(86_400_000);
    assert.throws(() => readExpiringToken(SECRET, 'checkout-form', token, clock), ExpiredTokenError);
  });

  test('are refused as invalid, not expired, after a change of any character', () => {
    const clock = new ManualClock();
    const token = createExpiringToken(SECRET, 'checkout-form', payload, { clock, ttlSeconds: 600 });
    for (const tampered of changeEachCharacter(token)) {
      assert.throws(
        () => readExpiringToken(SECRET, 'checkout-form', tampered, clock),
        InvalidTokenError,
        tampered,
      );
    }
  });

  test('report tampering rather than expiry on an old forged token', () => {
    const clock = new ManualClock();
    const token = createExpiringToken(SECRET, 'checkout-form', payload, { clock, ttlSeconds: 1 });
    clock.advance(10_000);
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    assert.throws(() => readExpiringToken(SECRET, 'checkout-form', forged, clock), InvalidTokenError);
  });

  test('are refused for another purpose or secret', () => {
    const clock = new ManualClock();
    const token = createExpiringToken(SECRET, 'checkout-form', payload, { clock, ttlSeconds: 600 });
    assert.throws(() => readExpiringToken(SECRET, 'login-form', token, clock), InvalidTokenError);
    assert.throws(() => readExpiringToken(OTHER_SECRET, 'checkout-form', token, clock), InvalidTokenError);
  });

  test('cannot be mistaken for access tokens and vice versa', () => {
    const clock = new ManualClock();
    const token = createExpiringToken(SECRET, 'status', { reference: 'X' }, { clock, ttlSeconds: 600 });
    const [, mac] = token.split('.');
    assert.equal(verifyToken(SECRET, 'status', { reference: 'X' }, mac), false);
  });

  test('refuse garbage with InvalidTokenError answering 400', () => {
    const clock = new ManualClock();
    for (const value of ['', '.', 'abc', 'a.b.c', '.abc', 'x'.repeat(9000), null, 12]) {
      assert.throws(
        () => readExpiringToken(SECRET, 'checkout-form', value, clock),
        (err: unknown) =>
          err instanceof InvalidTokenError && err.statusCode === 400 && err.type === 'invalid_token',
        String(value),
      );
    }
  });

  test('need a positive time to live', () => {
    const clock = new ManualClock();
    for (const ttlSeconds of [0, -1, Number.NaN, Infinity]) {
      assert.throws(() => createExpiringToken(SECRET, 'f', {}, { clock, ttlSeconds }), RangeError);
    }
  });
});
