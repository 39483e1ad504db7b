import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ValidationError } from '../../../src/errors.js';
import {
  ProviderBadResponseError,
  ProviderCallError,
  ProviderDisabledError,
  ProviderHttpError,
  ProviderRejectedError,
  ProviderSignatureError,
  ProviderTimeoutError,
  ProviderUnreachableError,
} from '../../../src/providers/errors.js';
import { PaymentApiClient } from '../../../src/providers/aps/client.js';
import { sign, verifySignature } from '../../../src/providers/aps/signature.js';
import { testAccount } from './fixtures.js';

type Handler = (request: Record<string, string>, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
const received: Array<{
  body: Record<string, string>;
  headers: IncomingMessage['headers'];
  url: string | undefined;
}> = [];

/** Answers like APS: echoes the request and adds the given fields, signed with the response phrase. */
function apsAnswer(extra: Record<string, string>, phrase = 'response-phrase'): Handler {
  return (request, res) => {
    const { signature: _s, ...echo } = request;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(sign({ ...echo, fort_id: '169996210006464984', ...extra }, phrase)));
  };
}

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
      received.push({ body, headers: req.headers, url: req.url });
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
  handler = apsAnswer({ status: '12', response_code: '12000', response_message: 'Success' });
});

const account = () => testAccount({ customBaseUrl: baseUrl });
const client = () => new PaymentApiClient({ timeoutMs: 2_000 });
const payment = { reference: 'PP-1', providerReference: '169996210006464984', lang: 'ar_SA' };

describe('paymentApi client against a stub APS', () => {
  test('sends a signed CHECK_STATUS as JSON to /FortAPI/paymentApi and reads the verified answer', async () => {
    handler = apsAnswer({
      status: '12',
      response_code: '12000',
      response_message: 'Success',
      transaction_status: '14',
      transaction_code: '14000',
      transaction_message: 'Success',
    });
    const result = await client().checkStatus(account(), payment);
    const [call] = received;
    assert.equal(call?.url, '/FortAPI/paymentApi');
    assert.match(call?.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(Object.keys(call?.body ?? {}).sort(), [
      'access_code',
      'fort_id',
      'language',
      'merchant_identifier',
      'merchant_reference',
      'query_command',
      'signature',
    ]);
    assert.equal(call?.body.query_command, 'CHECK_STATUS');
    assert.equal(call?.body.language, 'ar');
    assert.equal(verifySignature(call!.body, 'request-phrase').valid, true);
    assert.equal(result.outcome.targetState, 'done');
    assert.equal(result.outcome.fromStatusCheck, true);
    assert.deepEqual(result.mismatches, []);
    assert.equal(result.message.transaction_status, '14');
  });

  test('captures with amount and currency and reports the capture outcome', async () => {
    handler = apsAnswer({ status: '04', response_code: '04000', response_message: 'Success' });
    const result = await client().capture(account(), { ...payment, amountMinor: 2500, currency: 'SAR' });
    assert.equal(received[0]?.body.command, 'CAPTURE');
    assert.equal(received[0]?.body.amount, '2500');
    assert.equal(received[0]?.body.currency, 'SAR');
    assert.equal(result.outcome.operation, 'capture');
    assert.equal(result.outcome.targetState, 'done');
    assert.deepEqual(result.mismatches, []);
  });

  test('voids without amount or currency', async () => {
    handler = apsAnswer({ status: '08', response_code: '08000', response_message: 'Success' });
    const result = await client().voidAuthorization(account(), payment);
    assert.equal(received[0]?.body.command, 'VOID_AUTHORIZATION');
    assert.equal('amount' in (received[0]?.body ?? {}), false);
    assert.equal('currency' in (received[0]?.body ?? {}), false);
    assert.equal(result.outcome.parentState, 'cancel');
  });

  test('refunds with the refund reference as maintenance_reference', async () => {
    handler = apsAnswer({ status: '06', response_code: '06000', response_message: 'Success' });
    const result = await client().refund(account(), {
      ...payment,
      amountMinor: 1000,
      currency: 'SAR',
      refundReference: 'PP-1-r1',
    });
    assert.equal(received[0]?.body.command, 'REFUND');
    assert.equal(received[0]?.body.maintenance_reference, 'PP-1-r1');
    assert.equal(result.outcome.maintenanceReference, 'PP-1-r1');
    assert.equal(result.outcome.targetState, 'done');
  });

  test('omits fort_id when the payment has no provider reference yet', async () => {
    await client().checkStatus(account(), { reference: 'PP-1', providerReference: null });
    assert.equal('fort_id' in (received[0]?.body ?? {}), false);
  });

  test('reports an answer whose amount differs from the request as a mismatch', async () => {
    handler = (request, res) =>
      apsAnswer({ status: '04', response_code: '04000', amount: '9' })(request, res);
    const result = await client().capture(account(), { ...payment, amountMinor: 2500, currency: 'SAR' });
    assert.deepEqual(
      result.mismatches.map((m) => m.message),
      ['amount mismatch: expected 2500, received 9'],
    );
  });

  test('a slow answer becomes a retryable timeout that says the status is unknown', async () => {
    handler = () => undefined; // never answers
    const slow = new PaymentApiClient({ timeoutMs: 50 });
    await assert.rejects(slow.checkStatus(account(), payment), (err: unknown) => {
      assert.ok(err instanceof ProviderTimeoutError);
      assert.equal(err.retryable, true);
      assert.equal(err.outcomeUnknown, true);
      assert.match(err.message, /status unknown/);
      assert.doesNotMatch(err.message, /payment failed/i);
      return true;
    });
  });

  test('a 502 becomes a retryable HTTP error with the status unknown', async () => {
    handler = (_request, res) => {
      res.statusCode = 502;
      res.end('Bad gateway');
    };
    await assert.rejects(
      client().capture(account(), { ...payment, amountMinor: 1, currency: 'SAR' }),
      (err: unknown) => {
        assert.ok(err instanceof ProviderHttpError);
        assert.equal(err.httpStatus, 502);
        assert.equal(err.retryable, true);
        assert.match(err.message, /HTTP 502; status unknown/);
        return true;
      },
    );
  });

  test('an HTML answer becomes a retryable bad-response error quoting its start', async () => {
    handler = (_request, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<html><body>Maintenance</body></html>');
    };
    await assert.rejects(client().checkStatus(account(), payment), (err: unknown) => {
      assert.ok(err instanceof ProviderBadResponseError);
      assert.equal(err.retryable, true);
      assert.match(err.message, /<html>/);
      assert.match(err.message, /status unknown/);
      return true;
    });
  });

  test('an answer signed with the wrong phrase is not trusted', async () => {
    handler = apsAnswer({ status: '04', response_code: '04000' }, 'request-phrase');
    await assert.rejects(
      client().capture(account(), { ...payment, amountMinor: 1, currency: 'SAR' }),
      (err: unknown) => {
        assert.ok(err instanceof ProviderSignatureError);
        assert.equal(err.reason, 'mismatch');
        assert.equal(err.outcomeUnknown, true);
        assert.match(err.message, /SHA Response Phrase/);
        return true;
      },
    );
  });

  test('an unsigned success answer is not trusted', async () => {
    handler = (request, res) => {
      const { signature: _s, ...echo } = request;
      res.end(JSON.stringify({ ...echo, status: '04', response_code: '04000' }));
    };
    await assert.rejects(
      client().capture(account(), { ...payment, amountMinor: 1, currency: 'SAR' }),
      (err: unknown) => err instanceof ProviderSignatureError && err.reason === 'missing',
    );
  });

  test('an unsigned 00008 answer is APS refusing the request, with a hint about the request phrase', async () => {
    handler = (request, res) => {
      const { signature: _s, ...echo } = request;
      res.end(
        JSON.stringify({
          ...echo,
          status: '00',
          response_code: '00008',
          response_message: 'Signature mismatch',
        }),
      );
    };
    await assert.rejects(client().checkStatus(account(), payment), (err: unknown) => {
      assert.ok(err instanceof ProviderRejectedError);
      assert.equal(err.responseCode, '00008');
      assert.equal(err.retryable, false);
      assert.equal(err.outcomeUnknown, false);
      assert.match(err.message, /Signature mismatch \(00008\).*SHA Request Phrase/);
      return true;
    });
  });

  test('a signed answer about another reference is refused', async () => {
    handler = (request, res) =>
      apsAnswer({ status: '12', response_code: '12000', merchant_reference: 'OTHER' })(request, res);
    await assert.rejects(client().checkStatus(account(), payment), ProviderBadResponseError);
  });

  test('a refused connection becomes a retryable unreachable error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = testAccount({ customBaseUrl: `http://127.0.0.1:${port}` });
    await assert.rejects(client().checkStatus(unreachable, payment), (err: unknown) => {
      assert.ok(err instanceof ProviderUnreachableError);
      assert.equal(err.retryable, true);
      assert.match(err.message, /status unknown/);
      return true;
    });
  });
});

describe('paymentApi client seams and refusals', () => {
  test('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input, init) => {
      calls.push(String(input));
      const request = JSON.parse(String(init?.body)) as Record<string, string>;
      const { signature: _s, ...echo } = request;
      const answer = sign(
        { ...echo, status: '12', response_code: '12036', response_message: 'Order not found' },
        'response-phrase',
      );
      return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
    };
    const result = await new PaymentApiClient({ fetch: fakeFetch }).checkStatus(testAccount(), payment);
    assert.deepEqual(calls, ['https://sbpaymentservices.payfort.com/FortAPI/paymentApi']);
    assert.equal(result.outcome.unknownAtProvider, true);
  });

  test('a caller abort becomes a retryable error with the status unknown', async () => {
    const controller = new AbortController();
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const pending = new PaymentApiClient({ fetch: hanging }).checkStatus(testAccount(), payment, {
      signal: controller.signal,
    });
    controller.abort();
    await assert.rejects(pending, (err: unknown) => {
      assert.ok(err instanceof ProviderCallError);
      assert.equal(err.type, 'provider_call_aborted');
      assert.equal(err.retryable, true);
      return true;
    });
  });

  test('refuses an invalid request before sending anything', async () => {
    let sent = false;
    const spy: typeof fetch = async () => {
      sent = true;
      return new Response('{}');
    };
    const api = new PaymentApiClient({ fetch: spy });
    await assert.rejects(
      api.refund(testAccount(), {
        reference: 'INV/1',
        amountMinor: 1,
        currency: 'SAR',
        refundReference: 'r',
      }),
      (err: unknown) => err instanceof ValidationError && err.fields[0]?.field === 'reference',
    );
    await assert.rejects(
      api.capture(testAccount(), { reference: 'PP-1', amountMinor: 0, currency: 'SAR' }),
      ValidationError,
    );
    await assert.rejects(api.checkStatus(testAccount({ state: 'disabled' }), payment), ProviderDisabledError);
    assert.equal(sent, false);
  });

  test('refuses a non-positive timeout', () => {
    assert.throws(() => new PaymentApiClient({ timeoutMs: 0 }), RangeError);
  });
});
