import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failureKind, failureKindOfCode } from '../../../src/providers/aps/failure-kind.js';

describe('failure kinds of APS message codes', () => {
  test('names bank declines, refused card details and the customer cancelling', () => {
    for (const code of ['666', '029', '030', '785']) assert.equal(failureKindOfCode(code), 'declined', code);
    for (const code of ['016', '012', '100', '002'])
      assert.equal(failureKindOfCode(code), 'card_rejected', code);
    assert.equal(failureKindOfCode('072'), 'cancelled');
    for (const code of ['006', '051', '999']) assert.equal(failureKindOfCode(code), 'other', code);
  });

  test('reads the kind of a failed payment from its message, and none from a success or a refund', () => {
    assert.equal(failureKind({ status: '13', response_code: '13666', command: 'PURCHASE' }), 'declined');
    assert.equal(failureKind({ status: '00', response_code: '00072' }), 'cancelled');
    assert.equal(
      failureKind({ status: '03', response_code: '03016', command: 'AUTHORIZATION' }),
      'card_rejected',
    );
    assert.equal(failureKind({ status: '14', response_code: '14000', command: 'PURCHASE' }), null);
    assert.equal(failureKind({ status: '07', response_code: '07666', command: 'REFUND' }), null);
    assert.equal(failureKind({ status: '19', response_code: '19065', command: 'PURCHASE' }), null);
  });

  test('reads a status check answer by the transaction it reports on', () => {
    const answer = {
      query_command: 'CHECK_STATUS',
      status: '12',
      response_code: '12000',
      transaction_status: '13',
      transaction_code: '13100',
    };
    assert.equal(failureKind(answer), 'card_rejected');
  });
});
