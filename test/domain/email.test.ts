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
  ]) {
    assert.equal(isEmailAddress(email), false, email);
  }
});
