import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { identifyMessage, interpretOutcome } from '../../../src/providers/aps/outcome.js';
import { apsMessage } from './fixtures.js';

function outcomeOf(fields: Record<string, string>) {
  return interpretOutcome(apsMessage(fields));
}

describe('interpreting APS payment messages (S7 table)', () => {
  test('14 purchase success completes the payment and carries its facts', () => {
    const outcome = outcomeOf({});
    assert.deepEqual(outcome, {
      operation: 'payment',
      reference: 'PP-20260101-abc123',
      providerReference: '169996210006464984',
      paymentOption: 'visa',
      cardLast4: '0001',
      amountMinor: 10000,
      currency: 'SAR',
      targetState: 'done',
      needsStatusCheck: false,
      message: 'Success',
      description: 'Purchase Success: Success (14000)',
      unknownAtProvider: false,
      fromStatusCheck: false,
      rawStatus: '14',
      responseCode: '14000',
    });
  });

  test('02 authorization success authorizes', () => {
    const outcome = outcomeOf({ command: 'AUTHORIZATION', status: '02', response_code: '02000' });
    assert.equal(outcome.operation, 'payment');
    assert.equal(outcome.targetState, 'authorized');
  });

  for (const [status, code] of [
    ['19', '19000'],
    ['20', '20064'],
    ['15', '15777'],
  ] as const) {
    test(`${status} leaves the payment pending and asks for a status check`, () => {
      const outcome = outcomeOf({ status, response_code: code, response_message: 'wait' });
      assert.equal(outcome.targetState, 'pending');
      assert.equal(outcome.needsStatusCheck, true);
    });
  }

  test('message code 072 cancels whatever the status', () => {
    for (const [status, code] of [
      ['00', '00072'],
      ['01', '01072'],
      ['13', '13072'],
    ]) {
      const outcome = outcomeOf({ status: status!, response_code: code!, response_message: 'cancelled' });
      assert.equal(outcome.targetState, 'cancel', code);
    }
  });

  test('a decline is an error carrying APS message and the operator text', () => {
    const outcome = outcomeOf({
      status: '13',
      response_code: '13666',
      response_message: 'Transaction declined',
    });
    assert.equal(outcome.targetState, 'error');
    assert.equal(outcome.message, 'Transaction declined');
    assert.equal(outcome.description, 'Purchase Failure: Transaction declined (13666)');
  });

  test('falls back to the operator text when APS gives no message', () => {
    const outcome = outcomeOf({ status: '03', response_code: '03029', response_message: '' });
    assert.equal(outcome.targetState, 'error');
    assert.equal(outcome.message, 'Authorization Failed: Insufficient funds (03029)');
  });

  test('a signed status 00 and unknown statuses are errors', () => {
    assert.equal(outcomeOf({ status: '00', response_code: '00008' }).targetState, 'error');
    assert.equal(outcomeOf({ status: '99', response_code: '99000' }).targetState, 'error');
    assert.equal(interpretOutcome({}).targetState, 'error');
  });

  test('derives the status from the response code when the status field is missing', () => {
    const { status: _s, ...rest } = apsMessage();
    assert.equal(interpretOutcome(rest).targetState, 'done');
  });

  test('lower-cases the payment option and ignores a card number without digits at the end', () => {
    const outcome = outcomeOf({ payment_option: 'MADA', card_number: '' });
    assert.equal(outcome.paymentOption, 'mada');
    assert.equal(outcome.cardLast4, undefined);
  });
});

describe('interpreting maintenance notifications', () => {
  const cases = [
    ['CAPTURE', '04', 'capture', 'done', undefined],
    ['CAPTURE', '05', 'capture', 'error', undefined],
    ['REFUND', '06', 'refund', 'done', undefined],
    ['REFUND', '07', 'refund', 'error', undefined],
    ['VOID_AUTHORIZATION', '08', 'void', 'done', 'cancel'],
    ['VOID_AUTHORIZATION', '09', 'void', 'error', undefined],
  ] as const;
  for (const [command, status, operation, targetState, parentState] of cases) {
    test(`${command} with status ${status} → ${operation} child ${targetState}${parentState ? `, parent ${parentState}` : ''}`, () => {
      const outcome = outcomeOf({ command, status, response_code: `${status}000` });
      assert.equal(outcome.operation, operation);
      assert.equal(outcome.targetState, targetState);
      assert.equal(outcome.parentState, parentState);
    });
  }

  test('a refused capture (status 00, exceeds authorized) is a capture error', () => {
    const outcome = outcomeOf({ command: 'CAPTURE', status: '00', response_code: '00042' });
    assert.equal(outcome.operation, 'capture');
    assert.equal(outcome.targetState, 'error');
    assert.equal(
      outcome.description,
      'Invalid Request: Operation amount exceeds the authorized amount (00042)',
    );
  });

  test('a refund carries its maintenance reference', () => {
    const outcome = outcomeOf({
      command: 'REFUND',
      status: '06',
      response_code: '06000',
      maintenance_reference: 'PP-1-r1',
    });
    assert.equal(outcome.maintenanceReference, 'PP-1-r1');
  });
});

describe('interpreting status check answers', () => {
  const answer = (fields: Record<string, string>) => ({
    query_command: 'CHECK_STATUS',
    merchant_reference: 'PP-20260101-abc123',
    fort_id: '169996210006464984',
    status: '12',
    response_code: '12000',
    response_message: 'Success',
    ...fields,
  });

  test('applies the transaction status instead of the check status', () => {
    const outcome = interpretOutcome(
      answer({ transaction_status: '14', transaction_code: '14000', transaction_message: 'Success' }),
    );
    assert.equal(outcome.fromStatusCheck, true);
    assert.equal(outcome.operation, 'payment');
    assert.equal(outcome.targetState, 'done');
    assert.equal(outcome.rawStatus, '14');
    assert.equal(outcome.responseCode, '14000');
  });

  test('reads the last operation and the reported amounts', () => {
    const outcome = interpretOutcome(
      answer({
        transaction_status: '06',
        transaction_code: '06000',
        authorized_amount: '10000',
        captured_amount: '10000',
        refunded_amount: '2500',
      }),
    );
    assert.equal(outcome.operation, 'refund');
    assert.equal(outcome.targetState, 'done');
    assert.deepEqual(outcome.amounts, { authorizedMinor: 10000, capturedMinor: 10000, refundedMinor: 2500 });
  });

  test('a pending transaction stays pending and open', () => {
    const outcome = interpretOutcome(answer({ transaction_status: '19', transaction_code: '19000' }));
    assert.equal(outcome.targetState, 'pending');
    assert.equal(outcome.needsStatusCheck, true);
  });

  test('a declined transaction is an error with the transaction message', () => {
    const outcome = interpretOutcome(
      answer({
        transaction_status: '13',
        transaction_code: '13666',
        transaction_message: 'Transaction declined',
      }),
    );
    assert.equal(outcome.targetState, 'error');
    assert.equal(outcome.message, 'Transaction declined');
  });

  test('12036 means APS does not know the transaction', () => {
    const outcome = interpretOutcome(answer({ response_code: '12036', response_message: 'Order not found' }));
    assert.equal(outcome.unknownAtProvider, true);
    assert.equal(outcome.targetState, null);
    assert.equal(outcome.needsStatusCheck, false);
  });

  test('a not-found transaction code or a failed check with 036 also means unknown', () => {
    assert.equal(
      interpretOutcome(answer({ transaction_status: '00', transaction_code: '00036' })).unknownAtProvider,
      true,
    );
    assert.equal(interpretOutcome(answer({ status: '11', response_code: '11036' })).unknownAtProvider, true);
  });

  test('a failed status check settles nothing and is never a failed payment', () => {
    const outcome = interpretOutcome(
      answer({ status: '11', response_code: '11006', response_message: 'Technical problem' }),
    );
    assert.equal(outcome.targetState, null);
    assert.equal(outcome.needsStatusCheck, true);
    assert.equal(outcome.unknownAtProvider, false);
    assert.match(outcome.message, /status unknown/);
  });

  test('an answer without a usable transaction status settles nothing', () => {
    const outcome = interpretOutcome(answer({ transaction_status: '12', transaction_code: '12000' }));
    assert.equal(outcome.targetState, null);
    assert.equal(outcome.needsStatusCheck, true);
  });
});

describe('identifying a message before verification', () => {
  test('reads the references and the operation', () => {
    assert.deepEqual(
      identifyMessage(apsMessage({ command: 'REFUND', status: '06', maintenance_reference: 'R-1' })),
      {
        operation: 'refund',
        reference: 'PP-20260101-abc123',
        maintenanceReference: 'R-1',
        providerReference: '169996210006464984',
      },
    );
  });

  test('leaves out empty references', () => {
    assert.deepEqual(identifyMessage({ merchant_reference: '', status: '14' }), { operation: 'payment' });
  });
});

describe('statuses that are not failures stay pending with status checks (S9)', () => {
  const undecided: [string, string][] = [
    ['15', '15777'],
    ['15', '15778'],
    ['15', '15781'],
    ['13', '13006'],
    ['03', '03006'],
    ['00', '00006'],
    ['40', '40000'],
    ['13', '13090'],
    ['20', '20064'],
  ];
  for (const [status, code] of undecided) {
    test(`${code} keeps the payment pending and asks again`, () => {
      const outcome = outcomeOf({ status, response_code: code, response_message: 'not decided' });
      assert.equal(outcome.targetState, 'pending');
      assert.equal(outcome.needsStatusCheck, true);
    });
  }

  test('a capture whose answer is a technical problem (04006) leaves the capture pending', () => {
    const outcome = outcomeOf({ command: 'CAPTURE', status: '04', response_code: '04006' });
    assert.equal(outcome.operation, 'capture');
    assert.equal(outcome.targetState, 'pending');
  });

  test('a status check reporting a payment in review keeps it open', () => {
    const outcome = outcomeOf({
      query_command: 'CHECK_STATUS',
      status: '12',
      response_code: '12000',
      transaction_status: '40',
      transaction_code: '40090',
    });
    assert.equal(outcome.targetState, 'pending');
    assert.equal(outcome.needsStatusCheck, true);
  });

  test('a real decline (13666) is still an error', () => {
    const outcome = outcomeOf({ status: '13', response_code: '13666' });
    assert.equal(outcome.targetState, 'error');
  });
});
