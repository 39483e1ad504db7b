import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MalformedMessageError, UnsupportedMessageFormatError } from '../../../src/providers/errors.js';
import { readMessage } from '../../../src/providers/aps/message-reader.js';

const FORM = 'application/x-www-form-urlencoded';

function malformed(reason: MalformedMessageError['reason']) {
  return (err: unknown) =>
    err instanceof MalformedMessageError && err.reason === reason && err.statusCode === 400;
}

describe('reading APS messages', () => {
  test('reads a form body, decoding + and %-escapes into UTF-8', () => {
    const body =
      'status=14&customer_name=%D9%85%D8%AD%D9%85%D8%AF+Ali&return_url=https%3A%2F%2Fx.test%2Fr%3Fa%3D1';
    assert.deepEqual(readMessage(body, `${FORM}; charset=UTF-8`), {
      status: '14',
      customer_name: 'محمد Ali',
      return_url: 'https://x.test/r?a=1',
    });
  });

  test('keeps values exactly as sent: spaces, empty values and case', () => {
    assert.deepEqual(readMessage('a=+x+&b=&c&D=Y', FORM), { a: ' x ', b: '', c: '', D: 'Y' });
  });

  test('reads a JSON body of strings', () => {
    assert.deepEqual(readMessage('{"status":"14","amount":"10000"}', 'application/json'), {
      status: '14',
      amount: '10000',
    });
  });

  test('turns JSON numbers into their exact text, even beyond double precision', () => {
    assert.deepEqual(readMessage('{"amount": 10000, "fort_id": 169996210006464984}', 'application/json'), {
      amount: '10000',
      fort_id: '169996210006464984',
    });
  });

  test('reads a Buffer body and a Content-Type in any case', () => {
    assert.deepEqual(readMessage(Buffer.from('{"a":"ب"}'), 'Application/JSON'), { a: 'ب' });
  });

  test('treats JSON null as an empty value', () => {
    assert.deepEqual(readMessage('{"a":null}', 'application/json'), { a: '' });
  });

  test('refuses a repeated form key', () => {
    assert.throws(() => readMessage('status=14&status=13', FORM), malformed('repeated_key'));
  });

  test('refuses a repeated JSON key that JSON.parse would silently collapse', () => {
    assert.throws(
      () => readMessage('{"status":"13","x":{"status":"1"},"status":"14"}', 'application/json'),
      (err) =>
        err instanceof MalformedMessageError && err.reason === 'repeated_key' && err.field === 'status',
    );
  });

  test('refuses nested JSON values and booleans, naming the field', () => {
    assert.throws(() => readMessage('{"a":{"b":"c"}}', 'application/json'), malformed('nested_value'));
    assert.throws(() => readMessage('{"a":["b"]}', 'application/json'), malformed('nested_value'));
    assert.throws(
      () => readMessage('{"a":true}', 'application/json'),
      (err) => err instanceof MalformedMessageError && err.field === 'a',
    );
  });

  test('refuses JSON that is not one object', () => {
    assert.throws(() => readMessage('[{"a":"b"}]', 'application/json'), malformed('not_an_object'));
    assert.throws(() => readMessage('{"a":', 'application/json'), malformed('invalid_json'));
  });

  test('refuses an empty body, broken escapes and invalid UTF-8', () => {
    assert.throws(() => readMessage('', FORM), malformed('empty'));
    assert.throws(() => readMessage('a=%E0%A4%A', FORM), malformed('invalid_encoding'));
    assert.throws(
      () => readMessage(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json'),
      malformed('invalid_encoding'),
    );
  });

  test('refuses other content types with a 415 error', () => {
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', undefined]) {
      assert.throws(
        () => readMessage('a=1', type),
        (err) => err instanceof UnsupportedMessageFormatError && err.statusCode === 415,
      );
    }
  });

  test('does not let a __proto__ field change the object prototype', () => {
    const fields = readMessage('__proto__=x&a=1', FORM);
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
    assert.equal(fields['__proto__' as 'a'], 'x');
    assert.deepEqual(Object.keys(fields), ['__proto__', 'a']);
  });
});
