import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  allowedTargets,
  CHILD_OPERATIONS,
  decideTransition,
  isChildOperation,
  isFinal,
  isTransactionOperation,
  isTransactionState,
  TRANSACTION_OPERATIONS,
  TRANSACTION_STATES,
  type TransactionState,
} from '../../src/domain/transaction-state.js';

// Written out independently of the implementation's table: SPEC S5, Odoo's allowed sources.
const ALLOWED: ReadonlySet<string> = new Set([
  'draft->pending',
  'draft->authorized',
  'draft->done',
  'draft->cancel',
  'draft->error',
  'pending->authorized',
  'pending->done',
  'pending->cancel',
  'pending->error',
  'authorized->done',
  'authorized->cancel',
  'authorized->error',
  'error->done',
]);

describe('transaction states', () => {
  test('are exactly draft, pending, authorized, done, cancel and error', () => {
    assert.deepEqual([...TRANSACTION_STATES], ['draft', 'pending', 'authorized', 'done', 'cancel', 'error']);
  });

  test('operations are online_redirect, capture, void and refund; the last three make children', () => {
    assert.deepEqual([...TRANSACTION_OPERATIONS], ['online_redirect', 'capture', 'void', 'refund']);
    assert.deepEqual([...CHILD_OPERATIONS], ['capture', 'void', 'refund']);
    assert.ok(isTransactionOperation('refund'));
    assert.equal(isTransactionOperation('online_direct'), false);
    assert.ok(isChildOperation('void'));
    assert.equal(isChildOperation('online_redirect'), false);
  });

  test('recognises state names exactly', () => {
    for (const s of TRANSACTION_STATES) assert.ok(isTransactionState(s));
    for (const v of ['Done', 'canceled', 'cancelled', '', null, 3])
      assert.equal(isTransactionState(v), false);
  });

  test('only done and cancel are final', () => {
    const finals = TRANSACTION_STATES.filter((s) => isFinal(s));
    assert.deepEqual(finals, ['done', 'cancel']);
  });
});

describe('decideTransition over the full matrix', () => {
  for (const current of TRANSACTION_STATES) {
    for (const target of TRANSACTION_STATES) {
      const key = `${current}->${target}`;
      const expected = current === target ? 'duplicate' : ALLOWED.has(key) ? 'apply' : 'refused';
      test(`${current} → ${target} is ${expected}`, () => {
        const decision = decideTransition(current, target);
        assert.equal(decision.kind, expected);
        if (decision.kind === 'refused') {
          assert.match(decision.reason, new RegExp(`from ${current} to ${target}`));
        }
      });
    }
  }

  test('explains why a final state cannot be left', () => {
    const decision = decideTransition('done', 'error');
    assert.equal(decision.kind, 'refused');
    assert.match(decision.kind === 'refused' ? decision.reason : '', /done is final/);
  });

  test('explains which sources a target accepts', () => {
    const decision = decideTransition('authorized', 'pending');
    assert.equal(
      decision.kind === 'refused' && decision.reason,
      'cannot move from authorized to pending: pending can only be reached from draft',
    );
  });

  test('explains that nothing returns to draft', () => {
    const decision = decideTransition('error', 'draft');
    assert.match(decision.kind === 'refused' ? decision.reason : '', /nothing can return to draft/);
  });

  test('never throws, even on unknown states', () => {
    const a = decideTransition('paid' as TransactionState, 'done');
    const b = decideTransition('draft', 'refunded' as TransactionState);
    const c = decideTransition(undefined as unknown as TransactionState, null as unknown as TransactionState);
    assert.equal(a.kind, 'refused');
    assert.equal(b.kind, 'refused');
    assert.equal(c.kind, 'refused');
    assert.match(a.kind === 'refused' ? a.reason : '', /unknown current state "paid"/);
    assert.match(b.kind === 'refused' ? b.reason : '', /unknown target state "refunded"/);
  });

  test('allowedTargets lists exactly the applicable moves', () => {
    for (const current of TRANSACTION_STATES) {
      const expected = TRANSACTION_STATES.filter((t) => ALLOWED.has(`${current}->${t}`));
      assert.deepEqual(allowedTargets(current), expected, current);
    }
  });

  test('any sequence of updates leaves a final state unchanged and never returns to draft', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRANSACTION_STATES), { maxLength: 30 }), (targets) => {
        let state: TransactionState = 'draft';
        for (const target of targets) {
          const before: TransactionState = state;
          const decision = decideTransition(state, target);
          if (decision.kind === 'apply') state = target;
          if (isFinal(before)) assert.equal(state, before);
          if (before !== 'draft') assert.notEqual(state, 'draft');
          if (decision.kind === 'apply') assert.ok(ALLOWED.has(`${before}->${target}`));
        }
      }),
    );
  });
});
