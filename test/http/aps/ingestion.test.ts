import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPaymentTransaction } from '../../../src/services/checkout.js';
import { reprocessNotification } from '../../../src/services/reprocess-notification.js';
import { toProviderConfig, toProviderPatch } from '../../../src/services/provider-accounts.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import { apsResponse, formBody, signed } from '../../support/aps-messages.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../../support/payport.js';
import { forEachDatabase } from '../../support/databases.js';
import { simulateOutage } from '../../support/outage.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };

forEachDatabase('APS return and webhook (S7)', (db) => {
  let pp: TestPayport;
  let providerId: string;

  before(async () => {
    pp = await createTestPayport({ database: db.location });
    providerId = (await seedApsProvider(pp.services)).id;
  });
  after(() => pp.close());

  let tx: TransactionRecord;
  beforeEach(async () => {
    tx = await createPaymentTransaction(pp.services, {
      providerId,
      paymentMethod: 'card',
      amountMinor: 12500,
      currency: 'SAR',
      orderReference: 'INV/2026/0042',
      customer: { email: 'buyer@example.com', name: 'Buyer', lang: 'en' },
      channel: 'system',
    });
  });

  const webhook = (payload: string, headers: Record<string, string> = FORM) =>
    pp.running.app.inject({ method: 'POST', url: '/payment/aps/webhook', payload, headers });
  const returned = (payload: string, headers: Record<string, string> = FORM) =>
    pp.running.app.inject({
      method: 'POST',
      url: '/payment/aps/return',
      payload,
      headers: { ...headers, accept: 'text/html' },
    });
  const reload = async () => (await pp.services.store.repos.transactions.findById(tx.id))!;
  const history = () => pp.services.store.repos.transactionHistory.listByTransaction(tx.id);
  const notifications = async () => pp.services.store.repos.notifications.listByTransaction(tx.id);
  const lastNotification = async () =>
    (await pp.services.store.repos.notifications.list({}, { limit: 1 })).items[0]!;

  test('a signed success on the webhook completes the payment and answers 200 with an empty body', async () => {
    const res = await webhook(formBody(signed(apsResponse(tx))));
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
    const now = await reload();
    assert.equal(now.state, 'done');
    assert.equal(now.providerReference, '169996210006464984');
    assert.equal(now.cardBrand, 'visa');
    assert.equal(now.cardLast4, '0001');
    const [n] = await notifications();
    assert.equal(n!.outcome, 'applied');
    assert.equal(n!.channel, 'webhook');
    assert.doesNotMatch(n!.payload, new RegExp(TEST_CREDENTIALS.accessCode));
  });

  test('a JSON body is accepted like a form body', async () => {
    const res = await webhook(JSON.stringify(signed(apsResponse(tx))), JSON_TYPE);
    assert.equal(res.statusCode, 200);
    assert.equal((await reload()).state, 'done');
  });

  test('the return redirects 303 to the status page with an access token and needs no cookie', async () => {
    const res = await returned(formBody(signed(apsResponse(tx))));
    assert.equal(res.statusCode, 303);
    assert.match(
      res.headers.location as string,
      new RegExp(`^/payment/status\\?ref=${tx.reference}&token=[\\w-]+`),
    );
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal((await reload()).state, 'done');
  });

  for (const order of [
    ['return', 'webhook'],
    ['webhook', 'return'],
  ] as const) {
    test(`${order[0]} then ${order[1]} for the same payment change the state once`, async () => {
      const body = formBody(signed(apsResponse(tx)));
      const send = (channel: string) => (channel === 'return' ? returned(body) : webhook(body));
      await send(order[0]);
      await send(order[1]);
      const entries = (await history()).filter((h) => h.toState === 'done');
      assert.equal(entries.length, 1);
      const outcomes = (await notifications()).map((n) => n.outcome).sort();
      assert.deepEqual(outcomes, ['applied', 'duplicate']);
    });
  }

  test('return and webhook arriving concurrently change the state once', async () => {
    const body = formBody(signed(apsResponse(tx)));
    const answers = await Promise.all([returned(body), webhook(body), webhook(body), returned(body)]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 200, 303, 303]);
    assert.equal((await history()).filter((h) => h.toState === 'done').length, 1);
    assert.equal((await notifications()).filter((n) => n.outcome === 'applied').length, 1);
  });

  test('a signed failure after done is refused and the payment stays done', async () => {
    await webhook(formBody(signed(apsResponse(tx))));
    const res = await webhook(
      formBody(
        signed(
          apsResponse(tx, { status: '13', response_code: '13666', response_message: 'Transaction declined' }),
        ),
      ),
    );
    assert.equal(res.statusCode, 200);
    assert.equal((await reload()).state, 'done');
    assert.equal((await lastNotification()).outcome, 'refused_transition');
  });

  test('a tampered message is refused with 403, changes nothing and schedules a status check', async () => {
    const fields = signed(apsResponse(tx));
    fields.amount = '1';
    const res = await webhook(formBody(fields));
    assert.equal(res.statusCode, 403);
    const now = await reload();
    assert.equal(now.state, 'draft');
    assert.equal((await lastNotification()).outcome, 'bad_signature');
    assert.ok(now.nextCheckAt && new Date(now.nextCheckAt).getTime() <= pp.clock.now().getTime() + 60_000);
  });

  test('a message signed with the request phrase is refused', async () => {
    const res = await webhook(formBody(signed(apsResponse(tx), TEST_CREDENTIALS.shaRequestPhrase)));
    assert.equal(res.statusCode, 403);
    assert.equal((await reload()).state, 'draft');
  });

  test('an unsigned message on the webhook is refused with 403', async () => {
    const res = await webhook(formBody(apsResponse(tx)));
    assert.equal(res.statusCode, 403);
    assert.equal((await reload()).state, 'draft');
  });

  test('an unsigned status 00 on the return shows APS’ message, records aps_rejected_request and changes nothing', async () => {
    const fields = apsResponse(tx, {
      status: '00',
      response_code: '00008',
      response_message: 'Signature <b>mismatch</b>',
    });
    const res = await returned(formBody(fields));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Signature &lt;b&gt;mismatch&lt;\/b&gt;/);
    assert.equal((await reload()).state, 'draft');
    assert.equal((await lastNotification()).outcome, 'aps_rejected_request');
  });

  test('an unknown reference answers 200 on the webhook and a not-found page on the return', async () => {
    const other = signed(apsResponse({ ...tx, reference: 'NOT-OURS-123' }));
    const hook = await webhook(formBody(other));
    assert.equal(hook.statusCode, 200);
    assert.equal((await lastNotification()).outcome, 'unknown_reference');
    const ret = await returned(formBody(other));
    assert.equal(ret.statusCode, 404);
    assert.match(ret.body, /Payment not found/);
  });

  for (const [field, value] of [
    ['amount', '9999'],
    ['currency', 'AED'],
  ] as const) {
    test(`a signed ${field} mismatch moves the payment to error with a clear message`, async () => {
      const res = await webhook(formBody(signed(apsResponse(tx, { [field]: value }))));
      assert.equal(res.statusCode, 200);
      const now = await reload();
      assert.equal(now.state, 'error');
      assert.match(now.stateMessage ?? '', new RegExp(`${field} mismatch`));
      assert.equal((await lastNotification()).outcome, 'amount_mismatch');
    });
  }

  const mapped: Array<[string, Record<string, string>, string]> = [
    [
      'cancelled by the customer (072)',
      {
        status: '00',
        response_code: '00072',
        response_message: 'Transaction has been cancelled by the consumer',
      },
      'cancel',
    ],
    [
      'pending (19)',
      { status: '19', response_code: '19000', response_message: 'Transaction pending' },
      'pending',
    ],
    ['on hold (20)', { status: '20', response_code: '20064', response_message: 'On hold' }, 'pending'],
    ['uncertain (15)', { status: '15', response_code: '15777', response_message: 'Uncertain' }, 'pending'],
    [
      'authorization success (02)',
      { command: 'AUTHORIZATION', status: '02', response_code: '02000' },
      'authorized',
    ],
    [
      'declined (13)',
      { status: '13', response_code: '13666', response_message: 'Transaction declined' },
      'error',
    ],
  ];
  for (const [name, overrides, state] of mapped) {
    test(`a signed ${name} moves the payment to ${state}`, async () => {
      const res = await webhook(formBody(signed(apsResponse(tx, overrides))));
      assert.equal(res.statusCode, 200);
      assert.equal((await reload()).state, state);
    });
  }

  test('a pending payment schedules a status check 15 seconds out', async () => {
    await webhook(formBody(signed(apsResponse(tx, { status: '19', response_code: '19000' }))));
    const now = await reload();
    assert.equal(new Date(now.nextCheckAt!).getTime() - pp.clock.now().getTime(), 15_000);
  });

  test('a state change enqueues exactly one event per active endpoint, in the same transaction', async () => {
    const endpoint = await pp.services.store.repos.eventEndpoints.insert({
      url: 'https://merchant.example.com/hooks',
      description: 'test',
      secretEnc: pp.services.secretBox.seal('whsec_test', 'event-endpoint'),
    });
    const body = formBody(signed(apsResponse(tx)));
    await Promise.all([webhook(body), returned(body)]);
    const events = await pp.services.store.repos.events.listByTransaction(tx.id);
    assert.equal(events.length, 1);
    const payload = JSON.parse(events[0]!.payload);
    assert.equal(payload.type, 'transaction.updated');
    assert.equal(payload.data.transaction.reference, tx.reference);
    assert.equal(payload.data.transaction.state, 'done');
    assert.equal(payload.data.transaction.amount, '125.00');
    assert.equal(payload.data.transaction.amount_minor, 12500);
    // The event already carries what the same message taught us about the card.
    assert.equal(payload.data.transaction.card_brand, 'visa');
    assert.equal(payload.data.transaction.card_last4, '0001');
    assert.equal(payload.data.transaction.provider_reference, '169996210006464984');
    await pp.services.store.repos.eventEndpoints.delete(endpoint.id);
  });

  test('reprocess verifies the original again and applies it once the response phrase is fixed', async () => {
    const res = await webhook(formBody(signed(apsResponse(tx), 'the-phrase-in-the-aps-back-office')));
    assert.equal(res.statusCode, 403);
    const failed = await lastNotification();
    assert.equal(failed.outcome, 'bad_signature');
    assert.doesNotMatch(failed.payload, /the-phrase-in-the-aps-back-office/);
    const provider = (await pp.services.store.repos.providers.findById(providerId))!;
    const config = toProviderConfig(provider, pp.services.secretBox);
    await pp.services.store.repos.providers.update(
      providerId,
      toProviderPatch(
        { ...config, shaResponsePhrase: 'the-phrase-in-the-aps-back-office' },
        pp.services.secretBox,
      ),
    );
    try {
      const again = await reprocessNotification(pp.services, failed.id);
      assert.equal(again.outcome, 'applied');
      assert.equal((await reload()).state, 'done');
    } finally {
      await pp.services.store.repos.providers.update(
        providerId,
        toProviderPatch(config, pp.services.secretBox),
      );
    }
  });

  describe('bad input changes nothing', () => {
    test('a repeated key answers 400 and records nothing', async () => {
      const before = (await pp.services.store.repos.notifications.list({}, { limit: 100 })).items.length;
      const res = await webhook(`${formBody(signed(apsResponse(tx)))}&status=14`);
      assert.equal(res.statusCode, 400);
      assert.equal(
        (await pp.services.store.repos.notifications.list({}, { limit: 100 })).items.length,
        before,
      );
      assert.equal((await reload()).state, 'draft');
    });

    test('a nested JSON value answers 400', async () => {
      const res = await webhook(
        JSON.stringify({ ...signed(apsResponse(tx)), status: { x: '14' } }),
        JSON_TYPE,
      );
      assert.equal(res.statusCode, 400);
      assert.equal((await reload()).state, 'draft');
    });

    test('a NUL byte in the reference is answered without a server error and changes nothing', async () => {
      const res = await webhook(formBody(signed(apsResponse({ ...tx, reference: `${tx.reference}\u0000` }))));
      assert.ok(res.statusCode < 500, `status ${res.statusCode}`);
      assert.equal((await reload()).state, 'draft');
    });

    test('another content type answers 415', async () => {
      const res = await webhook(formBody(signed(apsResponse(tx))), { 'content-type': 'text/plain' });
      assert.equal(res.statusCode, 415);
      assert.equal((await reload()).state, 'draft');
    });

    test('a body over 64 KiB answers 413', async () => {
      const res = await webhook(
        formBody({ ...signed(apsResponse(tx)), merchant_extra: 'x'.repeat(70 * 1024) }),
      );
      assert.equal(res.statusCode, 413);
      assert.equal((await reload()).state, 'draft');
    });
  });
});

forEachDatabase('APS webhook with the database unavailable', (db) => {
  test('answers 503 so that APS retries, records nothing, and applies the retry once the database is back', async () => {
    const outage = await simulateOutage(db.location);
    const pp = await createTestPayport({ database: outage.database });
    try {
      const providerId = (await seedApsProvider(pp.services)).id;
      const tx = await createPaymentTransaction(pp.services, {
        providerId,
        paymentMethod: 'card',
        amountMinor: 500,
        currency: 'SAR',
        customer: { email: 'buyer@example.com' },
        channel: 'system',
      });
      const body = formBody(signed(apsResponse(tx)));
      const send = () =>
        pp.running.app.inject({ method: 'POST', url: '/payment/aps/webhook', payload: body, headers: FORM });
      await outage.start();
      const res = await send();
      assert.equal(res.statusCode, 503);
      await outage.end();
      const stored = (await pp.services.store.repos.transactions.findById(tx.id))!;
      assert.equal(stored.state, 'draft');
      assert.equal((await pp.services.store.repos.notifications.listByTransaction(tx.id)).length, 0);
      const retry = await send();
      assert.equal(retry.statusCode, 200);
      assert.equal((await pp.services.store.repos.transactions.findById(tx.id))!.state, 'done');
    } finally {
      await pp.close();
      await outage.close();
    }
  });
});
