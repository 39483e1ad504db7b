/** What a provider's captured or refunded total says about each pending capture or refund (S9). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { coveredByTotal } from '../../../src/services/reconciliation/settle-operations.js';

test('a total that covers every pending operation settles them all, one that covers none fails them all', () => {
  assert.deepEqual(coveredByTotal([2_000, 3_000], 5_000), ['done', 'done']);
  assert.deepEqual(coveredByTotal([2_000, 3_000], 6_000), ['done', 'done'], 'the rest is a discrepancy');
  assert.deepEqual(coveredByTotal([2_000, 3_000], 0), ['error', 'error']);
  assert.deepEqual(coveredByTotal([], 1_000), []);
});

test('equal pending operations with room for one of them in the total: nobody can say which', () => {
  assert.deepEqual(coveredByTotal([2_000, 2_000], 2_000), ['undecided', 'undecided']);
  assert.deepEqual(coveredByTotal([2_000, 2_000, 2_000], 4_000), ['undecided', 'undecided', 'undecided']);
});

test('one way to make up the total decides every operation', () => {
  assert.deepEqual(coveredByTotal([2_000, 3_000], 3_000), ['error', 'done']);
  assert.deepEqual(coveredByTotal([1_000, 2_000, 4_000], 5_000), ['done', 'error', 'done']);
});

test('an operation in every way of making up the total is done, in none is an error, in some stays open', () => {
  // 1,000 + 2,000 or 3,000 (twice): the 5,000 cannot be in it; the others can or cannot.
  assert.deepEqual(coveredByTotal([1_000, 2_000, 3_000, 3_000, 5_000], 3_000), [
    'undecided',
    'undecided',
    'undecided',
    'undecided',
    'error',
  ]);
  // 4,000 is the 4,000 alone or 1,000 + 3,000; the 500 is in neither way.
  assert.deepEqual(coveredByTotal([500, 4_000, 1_000, 3_000], 4_000), [
    'error',
    'undecided',
    'undecided',
    'undecided',
  ]);
});

test('when no set of pending operations makes up the total, only those larger than it are known to be out', () => {
  assert.deepEqual(coveredByTotal([2_000, 5_000], 3_000), ['undecided', 'error']);
  assert.deepEqual(coveredByTotal([2_000], 1_000), ['error']);
});

test('whatever the amounts, an operation called done is in the total and the done ones never exceed it', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 8 }),
      fc.integer({ min: -10, max: 300 }),
      (amounts, unexplained) => {
        const verdicts = coveredByTotal(amounts, unexplained);
        assert.equal(verdicts.length, amounts.length);
        const done = amounts.filter((_, i) => verdicts[i] === 'done').reduce((a, b) => a + b, 0);
        const sum = amounts.reduce((a, b) => a + b, 0);
        if (unexplained < sum) {
          // Never more settled than the books hold.
          assert.ok(done <= Math.max(0, unexplained));
        }
        for (let i = 0; i < amounts.length; i++)
          if (amounts[i]! > Math.max(unexplained, 0) && unexplained < sum) assert.equal(verdicts[i], 'error');
      },
    ),
    { numRuns: 500 },
  );
});
