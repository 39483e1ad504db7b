import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apsProvider, createApsProvider, interpretMessage } from '../../../src/providers/aps/index.js';
import type { PaymentProvider } from '../../../src/providers/provider.js';
import { sign } from '../../../src/providers/aps/signature.js';
import { apsMessage, testAccount, testTransaction } from './fixtures.js';

describe('interpretMessage (S7 steps 3–5)', () => {
  test('a genuine matching message is verified and interpreted', () => {
    const result = interpretMessage(apsMessage(), testAccount(), testTransaction());
    assert.equal(result.kind, 'verified');
    assert.equal(result.kind === 'verified' && result.outcome.targetState, 'done');
  });

  test('a message signed with the request phrase is unverified', () => {
    const result = interpretMessage(apsMessage({}, 'request-phrase'), testAccount(), testTransaction());
    assert.deepEqual(result, { kind: 'unverified', reason: 'mismatch' });
  });

  test('a message verified with the account SHA type only', () => {
    const message = apsMessage({}, 'response-phrase', 'sha512');
    assert.equal(
      interpretMessage(message, testAccount({ shaType: 'sha512' }), testTransaction()).kind,
      'verified',
    );
    assert.equal(interpretMessage(message, testAccount(), testTransaction()).kind, 'unverified');
  });

  test('an unsigned status 00 is unverified and carries APS refusal', () => {
    const message = {
      merchant_reference: 'PP-20260101-abc123',
      status: '00',
      response_code: '00027',
      response_message: 'Invalid extra parameters',
    };
    assert.deepEqual(interpretMessage(message, testAccount(), testTransaction()), {
      kind: 'unverified',
      reason: 'missing',
      rejection: { message: 'Invalid extra parameters', responseCode: '00027' },
    });
  });

  test('an unsigned success is unverified without a refusal', () => {
    const { signature: _s, ...unsigned } = apsMessage();
    assert.deepEqual(interpretMessage(unsigned, testAccount(), testTransaction()), {
      kind: 'unverified',
      reason: 'missing',
    });
  });

  test('a signed amount mismatch targets error with the mismatch as message', () => {
    const result = interpretMessage(apsMessage({ amount: '9000' }), testAccount(), testTransaction());
    assert.equal(result.kind, 'mismatch');
    if (result.kind !== 'mismatch') return;
    assert.equal(result.outcome.targetState, 'error');
    assert.equal(result.outcome.message, 'amount mismatch: expected 10000, received 9000');
    assert.equal(result.mismatches.length, 1);
  });
});

describe('the APS provider object', () => {
  test('implements the whole provider contract under the code "aps"', () => {
    const provider: PaymentProvider = apsProvider;
    assert.equal(provider.code, 'aps');
    for (const name of [
      'buildRedirect',
      'readMessage',
      'identifyMessage',
      'interpretMessage',
      'maskMessage',
      'failureKind',
      'checkStatus',
      'capture',
      'voidAuthorization',
      'refund',
    ] as const) {
      assert.equal(typeof provider[name], 'function', name);
    }
  });

  test('reads, identifies and interprets a form-encoded return in one flow', () => {
    const signed = apsMessage({ customer_name: 'محمد' });
    const body = new URLSearchParams(signed).toString();
    const message = apsProvider.readMessage(body, 'application/x-www-form-urlencoded');
    assert.equal(apsProvider.identifyMessage(message).reference, 'PP-20260101-abc123');
    const result = apsProvider.interpretMessage(message, testAccount(), testTransaction());
    assert.equal(result.kind, 'verified');
  });

  test('verifies a JSON notification whose amount arrives as a number', () => {
    const signed = apsMessage();
    const body = JSON.stringify({ ...signed, amount: 10000 });
    const message = apsProvider.readMessage(body, 'application/json');
    assert.equal(apsProvider.interpretMessage(message, testAccount(), testTransaction()).kind, 'verified');
  });

  test('masks messages for the log', () => {
    assert.equal(apsProvider.maskMessage(apsMessage()).signature, '[masked]');
  });

  test('uses the injected fetch for operations', async () => {
    let url = '';
    const provider = createApsProvider({
      fetch: async (input, init) => {
        url = String(input);
        const { signature: _s, ...echo } = JSON.parse(String(init?.body)) as Record<string, string>;
        const answer = sign({ ...echo, status: '08', response_code: '08000' }, 'response-phrase');
        return new Response(JSON.stringify(answer));
      },
    });
    const result = await provider.voidAuthorization(testAccount({ state: 'enabled' }), { reference: 'PP-1' });
    assert.equal(url, 'https://paymentservices.payfort.com/FortAPI/paymentApi');
    assert.equal(result.outcome.parentState, 'cancel');
  });
});
