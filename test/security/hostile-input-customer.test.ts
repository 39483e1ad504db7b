/**
 * Hostile input on the customer routes and APS' entry points (S7, S10, S14), from a named corpus:
 * forged and tampered signatures, the wrong phrase, repeated keys, nested JSON, bad UTF-8, oversized
 * bodies, wrong content types and injection strings. Every one is refused with the right 4xx (never a
 * 5xx) and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apsResponse, formBody, signed } from '../support/aps-messages.js';
import { TEST_CREDENTIALS } from '../support/payport.js';
import { assertRefused, INJECTIONS, INVALID_UTF8, OVERSIZED_FORM, WRONG_CONTENT_TYPES } from './corpus.js';
import { startSecurityApp, type SecurityApp, type StateSnapshot } from './harness.js';

const FORM = 'application/x-www-form-urlencoded';
const APS_ROUTES = ['/payment/aps/webhook', '/payment/aps/return'] as const;

describe('hostile input on the customer routes and the APS entry points', () => {
  let s: SecurityApp;
  let initial: StateSnapshot;

  before(async () => {
    s = await startSecurityApp();
    initial = await s.snapshot();
  });
  after(() => s.close());

  const post = (url: string, payload: string | Buffer, contentType?: string) =>
    s.inject({
      method: 'POST',
      url,
      payload,
      headers: contentType === undefined ? {} : { 'content-type': contentType },
    });
  const purchase = (overrides: Record<string, string> = {}) => apsResponse(s.draft, overrides);

  async function assertUnchanged(label: string): Promise<void> {
    assert.deepEqual(await s.snapshot(), initial, `${label} changed stored state`);
  }

  test('forged signatures are refused: the webhook answers 403, the return an error page, the payment stays a draft', async () => {
    const forged = { ...purchase(), signature: 'a'.repeat(64) };
    const unsigned = purchase();
    const empty = { ...purchase(), signature: '' };
    for (const [name, fields] of Object.entries({ forged, unsigned, empty })) {
      assertRefused(await post('/payment/aps/webhook', formBody(fields), FORM), [403], `webhook ${name}`);
      const page = await post('/payment/aps/return', formBody(fields), FORM);
      assertRefused(page, [400], `return ${name}`);
      assert.match(String(page.headers['content-type']), /^text\/html/);
    }
    await assertUnchanged('forged signatures');
  });

  test('a message signed with the request phrase (the wrong phrase) or by another merchant is refused', async () => {
    const wrongPhrase = signed(purchase(), TEST_CREDENTIALS.shaRequestPhrase);
    const otherMerchant = signed(purchase(), 'someone-elses-response-phrase');
    for (const fields of [wrongPhrase, otherMerchant]) {
      assertRefused(await post('/payment/aps/webhook', formBody(fields), FORM), [403], 'webhook');
      assertRefused(await post('/payment/aps/return', formBody(fields), FORM), [400], 'return');
    }
    await assertUnchanged('wrong phrase');
  });

  test('a genuine message tampered after signing (amount, status, a trailing space, an added field) is refused', async () => {
    const genuine = signed(purchase());
    const tampered = [
      { ...genuine, amount: '1' },
      { ...signed(purchase({ status: '13', response_code: '13666' })), status: '14' },
      { ...genuine, response_message: `${genuine.response_message} ` },
      { ...genuine, extra_field: 'injected' },
      { ...genuine, signature: genuine.signature!.slice(0, -1) },
    ];
    for (const [i, fields] of tampered.entries()) {
      assertRefused(await post('/payment/aps/webhook', formBody(fields), FORM), [403], `tampered #${i}`);
      assertRefused(
        await post('/payment/aps/webhook', JSON.stringify(fields), 'application/json'),
        [403],
        `tampered JSON #${i}`,
      );
    }
    await assertUnchanged('tampered messages');
  });

  test('repeated keys, nested JSON, bad UTF-8 and empty bodies are refused with 400 and not even recorded', async () => {
    const notifications = await s.notificationCount();
    const genuine = signed(purchase());
    const bodies: [string | Buffer, string][] = [
      [`${formBody(genuine)}&status=14`, FORM],
      [`${formBody(genuine)}&signature=${genuine.signature}`, FORM],
      [JSON.stringify({ ...genuine, amount: { $gt: 0 } }), 'application/json'],
      [JSON.stringify({ ...genuine, status: ['14'] }), 'application/json'],
      [JSON.stringify([genuine]), 'application/json'],
      ['{"status":"14",', 'application/json'],
      ['', FORM],
      ['', 'application/json'],
      ...INVALID_UTF8.map((bytes): [Buffer, string] => [bytes, FORM]),
      [Buffer.from('{"status":"\xff"}', 'latin1'), 'application/json'],
    ];
    for (const url of APS_ROUTES) {
      for (const [i, [payload, type]] of bodies.entries())
        assertRefused(await post(url, payload, type), [400], `${url} body #${i}`);
    }
    assert.equal(await s.notificationCount(), notifications);
    await assertUnchanged('malformed APS bodies');
  });

  test('other content types are refused with 415 and bodies over 64 KiB with 413, on every POST route', async () => {
    const routes = [...APS_ROUTES, '/payment/transaction', '/admin/login'];
    for (const url of routes) {
      // Fastify reads text/plain as a string; the form routes then find no form token (400) or no CSRF token (403).
      const plainText = url.startsWith('/payment/aps/') ? [415] : [400, 403];
      for (const type of WRONG_CONTENT_TYPES) {
        const allowed = type === 'text/plain' ? plainText : [415];
        assertRefused(await post(url, formBody(signed(purchase())), type), allowed, `${url} as ${type}`);
      }
      assertRefused(await post(url, formBody(signed(purchase()))), [415], `${url} without a content type`);
      assertRefused(await post(url, OVERSIZED_FORM, FORM), [413], `${url} oversized form`);
      assertRefused(
        await post(url, JSON.stringify({ a: 'x'.repeat(70_000) }), 'application/json'),
        [413],
        `${url} oversized JSON`,
      );
    }
    await assertUnchanged('wrong content types and sizes');
  });

  test('injection strings in APS fields change nothing: unknown references are acknowledged, the rest refused', async () => {
    for (const injection of INJECTIONS) {
      const byReference = signed(purchase({ merchant_reference: injection }));
      const res = await post('/payment/aps/webhook', formBody(byReference), FORM);
      // S7: an unknown reference is acknowledged so that APS stops retrying.
      assertRefused(res, [200, 400], `webhook reference ${JSON.stringify(injection.slice(0, 20))}`);
      const inValue = { ...signed(purchase()), response_message: injection };
      assertRefused(await post('/payment/aps/webhook', formBody(inValue), FORM), [403, 400], 'webhook value');
      const ret = await post('/payment/aps/return', formBody(byReference), FORM);
      assertRefused(ret, [404, 400], 'return reference');
    }
    await assertUnchanged('injected APS fields');
  });

  test('the payment page refuses unsigned, tampered, repeated and injected link parameters with 404 or 400', async () => {
    const paths = [
      '/payment/pay',
      '/payment/pay?amount=1&currency=SAR',
      `${s.payPath.replace('amount=125.00', 'amount=1.00')}`,
      `${s.payPath}&amount=1.00`,
      `${s.payPath}&access_token=${'0'.repeat(64)}`,
      '/payment/pay?amount[]=1&currency[$ne]=x&access_token[]=y',
      ...INJECTIONS.map(
        (i) =>
          `/payment/pay?amount=${encodeURIComponent(i)}&currency=${encodeURIComponent(i)}&reference=${encodeURIComponent(i)}&access_token=${encodeURIComponent(i)}`,
      ),
    ];
    for (const path of paths) assertRefused(await s.inject({ method: 'GET', url: path }), [404, 400], path);
    for (const injection of INJECTIONS) {
      const path = `/pay/${encodeURIComponent(injection)}`;
      // 414: Fastify refuses path parameters over its length limit before any handler runs.
      assertRefused(await s.inject({ method: 'GET', url: path }), [404, 400, 414], path);
    }
    assertRefused(await s.inject({ method: 'GET', url: '/pay/%00%ff' }), [400, 404], '/pay/ with bad bytes');
    await assertUnchanged('payment page parameters');
  });

  test('the transaction POST refuses forged, injected and repeated form tokens with 400', async () => {
    const forms: Record<string, string>[] = [
      {},
      { form_token: 'forged', payment_method: 'card' },
      { form_token: 'a.b.c', payment_method: 'card', email: 'a@b.co' },
      ...INJECTIONS.map((i) => ({ form_token: i, payment_method: i, email: i, page: i, lang: i })),
    ];
    for (const form of forms) {
      const res = await post('/payment/transaction', formBody(form), FORM);
      assertRefused(res, [400], `form ${JSON.stringify(form).slice(0, 60)}`);
    }
    assertRefused(await post('/payment/transaction', 'form_token=a&form_token=b', FORM), [400], 'repeated');
    assertRefused(
      await post('/payment/transaction', JSON.stringify({ form_token: { $ne: null } }), 'application/json'),
      [400],
      'nested JSON',
    );
    assertRefused(await post('/payment/transaction', '{', 'application/json'), [400], 'broken JSON');
    for (const bytes of INVALID_UTF8)
      assertRefused(await post('/payment/transaction', bytes, FORM), [400], 'bad UTF-8');
    await assertUnchanged('transaction POST');
  });

  test('the status page and its poll answer 404 to a missing, forged or injected token', async () => {
    const ref = encodeURIComponent(s.draft.reference);
    const queries = [
      '',
      `?ref=${ref}`,
      `?ref=${ref}&token=${'0'.repeat(64)}`,
      `?ref=${ref}&token[]=x`,
      `?ref=${ref}&ref=${ref}&token=x`,
      `?ref[$ne]=x&token[$ne]=y`,
      ...INJECTIONS.map((i) => `?ref=${encodeURIComponent(i)}&token=${encodeURIComponent(i)}`),
    ];
    for (const query of queries) {
      assertRefused(await s.inject({ method: 'GET', url: `/payment/status${query}` }), [404], query);
      const poll = await s.inject({ method: 'GET', url: `/payment/status/poll${query}` });
      assertRefused(poll, [404], `poll ${query}`);
      assert.doesNotMatch(poll.body, new RegExp(s.draft.reference));
    }
    await assertUnchanged('status pages');
  });
});
