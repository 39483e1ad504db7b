import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MESSAGE,
  MESSAGE_TEXT,
  STATUS,
  STATUS_TEXT,
  describeResponseCode,
  messageText,
  responseCode,
  splitResponseCode,
  statusText,
} from '../../../src/providers/aps/codes.js';

describe('APS code tables', () => {
  test('knows every documented status, keyed by two digits', () => {
    assert.equal(Object.keys(STATUS_TEXT).length, 62);
    for (const key of Object.keys(STATUS_TEXT)) assert.match(key, /^\d{2}$/);
    assert.equal(STATUS_TEXT['14'], 'Purchase Success');
    assert.equal(STATUS_TEXT['81'], 'Failed to verify credit card');
  });

  test('knows every documented message code, keyed by three digits', () => {
    for (const key of Object.keys(MESSAGE_TEXT)) assert.match(key, /^\d{3}$/);
    assert.equal(MESSAGE_TEXT['000'], 'Success');
    assert.equal(MESSAGE_TEXT['790'], 'Invalid bill type code');
    assert.equal(MESSAGE_TEXT['003'], "Payment option is not available for this merchant's account");
  });

  test('every named status and message constant has documented text', () => {
    for (const [name, code] of Object.entries(STATUS)) assert.ok(statusText(code), `STATUS.${name}`);
    for (const [name, code] of Object.entries(MESSAGE)) assert.ok(messageText(code), `MESSAGE.${name}`);
  });

  test('named constants carry the codes payport relies on', () => {
    assert.equal(STATUS.PURCHASE_SUCCESS, '14');
    assert.equal(STATUS.AUTHORIZATION_SUCCESS, '02');
    assert.equal(STATUS.INVALID_REQUEST, '00');
    assert.equal(STATUS.CHECK_STATUS_SUCCESS, '12');
    assert.equal(STATUS.CHECK_STATUS_FAILED, '11');
    assert.equal(STATUS.UNCERTAIN, '15');
    assert.equal(STATUS.PENDING, '19');
    assert.equal(STATUS.ON_HOLD, '20');
    assert.equal(MESSAGE.SIGNATURE_MISMATCH, '008');
    assert.equal(MESSAGE.DUPLICATE_ORDER, '007');
    assert.equal(MESSAGE.EXTRA_PARAMETERS, '027');
    assert.equal(MESSAGE.CANCELLED_BY_CUSTOMER, '072');
    assert.equal(MESSAGE.DECLINED, '666');
    assert.equal(MESSAGE.SESSION_TIMEOUT, '778');
  });

  test('lookups of unknown or inherited keys give undefined', () => {
    assert.equal(statusText('99'), undefined);
    assert.equal(messageText('999'), undefined);
    assert.equal(statusText('toString'), undefined);
    assert.equal(messageText('__proto__'), undefined);
  });
});

describe('response codes', () => {
  test('compose status and message code into five digits', () => {
    assert.equal(responseCode('14', '000'), '14000');
    assert.equal(responseCode(STATUS.INVALID_REQUEST, MESSAGE.SIGNATURE_MISMATCH), '00008');
  });

  test('refuse malformed parts instead of composing a wrong code', () => {
    assert.throws(() => responseCode('4', '000'), RangeError);
    assert.throws(() => responseCode('14', '00'), RangeError);
    assert.throws(() => responseCode('1a', '000'), RangeError);
  });

  test('split a five-digit code and refuse anything else', () => {
    assert.deepEqual(splitResponseCode('20064'), { status: '20', messageCode: '064' });
    assert.equal(splitResponseCode('2006'), undefined);
    assert.equal(splitResponseCode('abcde'), undefined);
  });

  test('describe a code for operators', () => {
    assert.equal(describeResponseCode('13666'), 'Purchase Failure: Transaction declined');
    assert.equal(describeResponseCode('00008'), 'Invalid Request: Signature mismatch');
    assert.equal(describeResponseCode('14000'), 'Purchase Success: Success');
  });

  test('describe unknown parts by their digits rather than dropping them', () => {
    assert.equal(describeResponseCode('99000'), 'Unknown status 99: Success');
    assert.equal(describeResponseCode('14999'), 'Purchase Success: unknown message code 999');
    assert.equal(describeResponseCode('x'), 'Unrecognised APS response code "x"');
  });
});
