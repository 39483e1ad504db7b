import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEmailAddress } from '../../src/domain/email.js';

test('accepts ordinary addresses, including plus tags and Gulf domains', () => {
  for (const email of ['buyer@example.com', 'a.b+tag@shop.com.sa', 'x@sub.domain.ae']) {
    assert.equal(isEmailAddress(email), true, email);
  }
});

test('refuses addresses without a dotted domain, with spaces, or with two @', () => {
  for (const email of [
    '',
    'buyer',
    'buyer@localhost',
    'bu yer@example.com',
    'a@b@example.com',
    '@example.com',
    // APS refuses these (customer_email: letters, digits and _ - . @ + only; at most 254 characters).
    "o'brien@example.com",
    'zoë@example.com',
    '"quoted"@example.com',
    `${'a'.repeat(64)}@${'b'.repeat(186)}.com`,
    'a@-example.com',
    'a@example..com',
  ]) {
    assert.equal(isEmailAddress(email), false, email);
  }
});

test('accepts the longest address APS takes (254 characters)', () => {
  const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
  assert.equal(email.length, 254);
  assert.equal(isEmailAddress(email), true);
});
