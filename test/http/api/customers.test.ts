import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSignature } from '../../../src/providers/aps/signature.js';
import { createApiKey } from '../../../src/services/api/api-keys.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { forEachDatabase } from '../../support/databases.js';
import { TEST_CREDENTIALS } from '../../support/payport.js';
import { formOf, pay } from '../../simulator/helpers.js';
import { startOperationsHarness, type OperationsHarness } from '../../services/operations/harness.js';
import { ensureApiRoutes } from './helpers.js';

forEachDatabase(
  'merchant API: customers, saved cards and off-session charges against the simulator',
  (db) => {
    let h: OperationsHarness;
    let key: string;
    before(async () => {
      h = await startOperationsHarness(db);
      await ensureApiRoutes(h.pp);
      key = (await createApiKey({ store: h.pp.services.store }, { name: 'cards test' })).key;
    });
    after(() => h.close());

    const api = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) =>
      h.pp.running.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { payload: JSON.stringify(body) }),
      });
    const fieldsOf = (res: { json(): unknown }) =>
      ((res.json() as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

    async function customer(email: string): Promise<string> {
      const res = await api('POST', '/customers', { email, name: 'Card Holder', country: 'sa' });
      assert.equal(res.statusCode, 201, res.body);
      return (res.json() as { id: string }).id;
    }

    /** Pays a payment with `save_payment_method` on the hosted page and returns the saved card's id. */
    async function savedCard(customerId: string, holder = 'Jane Doe'): Promise<string> {
      const created = await api('POST', '/transactions', {
        amount: '25.00',
        currency: 'SAR',
        payment_method: 'card',
        customer_id: customerId,
        save_payment_method: true,
      });
      assert.equal(created.statusCode, 201, created.body);
      const body = created.json() as { redirect: { fields: Record<string, string> }; customer_id: string };
      assert.equal(body.redirect.fields.remember_me, 'YES', 'consent goes to APS as remember_me=YES');
      assert.equal(body.customer_id, customerId);
      const { page } = await pay(h.sim.app, body.redirect.fields, { card_holder_name: holder });
      const answer = formOf(page.body).fields;
      assert.ok(answer.token_name, 'APS answers with the token');
      const ingested = await ingestMessage(h.pp.services, {
        providerCode: 'aps',
        channel: 'return',
        fields: answer,
      });
      assert.equal(ingested.outcome, 'applied');
      const listed = await api('GET', `/customers/${customerId}/payment_methods`);
      assert.equal(listed.statusCode, 200, listed.body);
      const methods = (listed.json() as { payment_methods: { id: string }[] }).payment_methods;
      return methods[methods.length - 1]!.id;
    }

    test('answers ingested together in one batch: each card to be saved is saved once, no other', async () => {
      const paidAnswer = async (body: Record<string, unknown>) => {
        const created = await api('POST', '/transactions', { amount: '12.00', currency: 'SAR', ...body });
        assert.equal(created.statusCode, 201, created.body);
        const fields = (created.json() as { redirect: { fields: Record<string, string> } }).redirect.fields;
        const { page } = await pay(h.sim.app, fields, { card_holder_name: 'Batch Buyer' });
        return formOf(page.body).fields;
      };
      const first = await customer('batch-one@example.com');
      const second = await customer('batch-two@example.com');
      const unsaved = await customer('batch-three@example.com');
      const answers = [
        await paidAnswer({ payment_method: 'card', customer_id: first, save_payment_method: true }),
        await paidAnswer({ payment_method: 'card', customer: { email: 'plain@example.com' } }),
        await paidAnswer({ payment_method: 'card', customer_id: second, save_payment_method: true }),
        await paidAnswer({ payment_method: 'card', customer_id: unsaved }),
      ];
      // Submitted in one turn of the event loop, so they share one batch and its card-side read.
      const results = await Promise.all(
        answers.map((fields) =>
          ingestMessage(h.pp.services, { providerCode: 'aps', channel: 'webhook', fields }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.outcome),
        ['applied', 'applied', 'applied', 'applied'],
      );
      const cardsOf = async (id: string) =>
        (
          (await api('GET', `/customers/${id}/payment_methods`)).json() as {
            payment_methods: { last4: string }[];
          }
        ).payment_methods;
      assert.equal((await cardsOf(first)).length, 1);
      assert.equal((await cardsOf(second)).length, 1);
      assert.equal((await cardsOf(unsaved)).length, 0, 'no consent, no saved card');
      // The same answers again (APS repeats itself): still one card each.
      await Promise.all(
        answers.map((fields) =>
          ingestMessage(h.pp.services, { providerCode: 'aps', channel: 'webhook', fields }),
        ),
      );
      assert.equal((await cardsOf(first)).length, 1);
      assert.equal((await cardsOf(second)).length, 1);
    });

    test('the same Idempotency-Key and body create one customer', async () => {
      const send = () =>
        h.pp.running.app.inject({
          method: 'POST',
          url: '/api/v1/customers',
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'idempotency-key': 'cust-1',
          },
          payload: JSON.stringify({ email: 'once@example.com' }),
        });
      const first = await send();
      const second = await send();
      assert.equal(first.statusCode, 201);
      assert.equal(second.statusCode, 201);
      assert.equal(first.json().id, second.json().id);
      const list = await api('GET', '/customers?email=once@example.com');
      assert.equal((list.json() as { data: unknown[] }).data.length, 1);
    });

    test('creates, reads, lists and deletes a customer; bad input is refused naming the field', async () => {
      const id = await customer('saved.buyer@example.com');
      const got = await api('GET', `/customers/${id}`);
      assert.equal(got.statusCode, 200);
      assert.deepEqual(
        { ...(got.json() as Record<string, unknown>), created_at: 'x' },
        {
          id,
          email: 'saved.buyer@example.com',
          name: 'Card Holder',
          phone: null,
          country: 'SA',
          created_at: 'x',
        },
      );
      const list = await api('GET', '/customers?email=saved.buyer@example.com');
      assert.deepEqual(
        (list.json() as { data: { id: string }[] }).data.map((c) => c.id),
        [id],
      );
      const bad = await api('POST', '/customers', { email: 'not-an-email', country: 'Saudi', extra: 1 });
      assert.equal(bad.statusCode, 422);
      assert.deepEqual(fieldsOf(bad).sort(), ['country', 'email', 'extra']);
      const before = (await api('GET', '/customers')).json() as { data: unknown[] };
      const again = await api('POST', '/customers', {});
      assert.equal(again.statusCode, 422);
      assert.equal(
        ((await api('GET', '/customers')).json() as { data: unknown[] }).data.length,
        before.data.length,
      );
      assert.equal((await api('DELETE', `/customers/${id}`)).statusCode, 204);
      assert.equal((await api('GET', `/customers/${id}`)).statusCode, 404);
      assert.equal((await api('GET', '/customers/cus_unknown/payment_methods')).statusCode, 404);
    });

    test('a customer saves a card on the hosted page, then an off-session charge succeeds without 3-D Secure', async () => {
      const repos = h.pp.services.store.repos;
      const endpoint = await repos.eventEndpoints.insert({
        url: 'https://hooks.example.com/payport',
        secretEnc: 'v1:test',
      });
      const id = await customer('recurring@example.com');
      const pm = await savedCard(id);
      const events = await repos.events.claimDue(new Date(Date.now() + 3_600_000), 500, 1_000);
      const saved = events.filter((e) => e.type === 'payment_method.saved' && e.endpointId === endpoint.id);
      assert.equal(saved.length, 1, 'one payment_method.saved event');
      const payload = JSON.parse(saved[0]!.payload) as { data: { payment_method: Record<string, unknown> } };
      assert.equal(payload.data.payment_method.id, pm);
      assert.equal(payload.data.payment_method.customer_id, id);
      assert.ok(!saved[0]!.payload.includes('token'), 'the event never carries the token');
      await repos.eventEndpoints.delete(endpoint.id);
      const listed = await api('GET', `/customers/${id}/payment_methods`);
      const [card] = (listed.json() as { payment_methods: Record<string, unknown>[] }).payment_methods;
      assert.deepEqual(Object.keys(card!).sort(), ['brand', 'created_at', 'expiry', 'id', 'last4', 'status']);
      assert.equal(card!.status, 'active');
      assert.equal(card!.last4, '0001');
      assert.equal(card!.expiry, '05/30');
      assert.equal(card!.brand, 'visa');
      assert.ok(!JSON.stringify(listed.json()).includes('token'), 'the token is never shown');

      const charged = await api('POST', '/transactions', {
        amount: '9.99',
        currency: 'SAR',
        customer_id: id,
        payment_method_id: pm,
        off_session: true,
      });
      assert.equal(charged.statusCode, 201, charged.body);
      const tx = charged.json() as {
        state: string;
        reference: string;
        redirect?: unknown;
        payment_method_id: string;
      };
      assert.equal(tx.state, 'done');
      assert.equal(tx.redirect, undefined);
      assert.equal(tx.payment_method_id, pm);
      const [sent] = h.sentFor(tx.reference);
      assert.equal(sent!.body.eci, 'RECURRING');
      assert.equal(sent!.body.command, 'PURCHASE');
      assert.ok(sent!.body.agreement_id, 'charged under the card agreement');
      assert.equal(sent!.body.customer_ip, undefined);
      const record = await h.pp.services.store.repos.transactions.findByReference(tx.reference);
      const stored = await h.pp.services.store.repos.notifications.listByTransaction(record!.id);
      assert.ok(stored.length > 0);
      for (const n of stored)
        assert.ok(!n.payload.includes(sent!.body.token_name!), 'token masked in the log');
    });

    test("an inactive, unknown or another customer's card is refused with 422 naming payment_method_id, nothing sent", async () => {
      const owner = await customer('owner@example.com');
      const other = await customer('other@example.com');
      const pm = await savedCard(owner);
      const sentBefore = h.sent.length;
      const body = { amount: '5.00', currency: 'SAR', off_session: true };
      for (const attempt of [
        { ...body, customer_id: other, payment_method_id: pm },
        { ...body, customer_id: owner, payment_method_id: 'pm_nope' },
      ]) {
        const res = await api('POST', '/transactions', attempt);
        assert.equal(res.statusCode, 422, res.body);
        assert.deepEqual(fieldsOf(res), ['payment_method_id']);
      }
      assert.equal(h.sent.length, sentBefore, 'nothing was sent to APS');

      const removed = await api('DELETE', `/customers/${owner}/payment_methods/${pm}`);
      assert.equal(removed.statusCode, 204, removed.body);
      const update = h.sent.at(-1)!;
      assert.equal(update.body.service_command, 'UPDATE_TOKEN');
      assert.equal(update.body.token_status, 'INACTIVE');
      const simToken = await h.sim.app.inject({
        method: 'GET',
        url: `/_sim/tokens/${update.body.token_name}`,
      });
      assert.equal((simToken.json() as { token: { status: string } }).token.status, 'INACTIVE');
      const listed = await api('GET', `/customers/${owner}/payment_methods`);
      assert.equal(
        (listed.json() as { payment_methods: { status: string }[] }).payment_methods[0]!.status,
        'inactive',
      );

      const sentAfterRemoval = h.sent.length;
      const inactive = await api('POST', '/transactions', {
        ...body,
        customer_id: owner,
        payment_method_id: pm,
      });
      assert.equal(inactive.statusCode, 422, inactive.body);
      assert.deepEqual(fieldsOf(inactive), ['payment_method_id']);
      assert.equal(h.sent.length, sentAfterRemoval, 'nothing was sent to APS');
      assert.equal((await api('DELETE', `/customers/${other}/payment_methods/${pm}`)).statusCode, 404);
    });

    test('an expired saved card is refused with 422 naming payment_method_id, nothing sent', async () => {
      const owner = await customer('expired@example.com');
      const pm = await savedCard(owner);
      // The card expired at the end of last year's December, as APS would report its expiry.
      const lastYear = String((h.pp.services.clock.now().getUTCFullYear() - 1) % 100).padStart(2, '0');
      await h.pp.services.store.db
        .updateTable('saved_payment_methods')
        .set({ expiry: `12/${lastYear}` })
        .where('id', '=', pm)
        .execute();
      const sentBefore = h.sent.length;
      const res = await api('POST', '/transactions', {
        amount: '5.00',
        currency: 'SAR',
        off_session: true,
        customer_id: owner,
        payment_method_id: pm,
      });
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(fieldsOf(res), ['payment_method_id']);
      assert.match(res.body, /expired/);
      assert.equal(h.sent.length, sentBefore, 'nothing was sent to APS');
    });

    test("a declined recurring charge is an error with APS' message, sent once", async () => {
      const id = await customer('declined@example.com');
      const pm = await savedCard(id);
      // The card's holder name changes at APS (as another system of the merchant may do) to the
      // simulator's magic "DECLINED", so every later charge of the token is declined.
      const token = (await h.sim.app.inject({ method: 'GET', url: '/_sim/tokens' })).json() as {
        tokens: { tokenName: string; merchantReference: string }[];
      };
      const last = token.tokens.at(-1)!;
      const request: Record<string, string> = {
        service_command: 'UPDATE_TOKEN',
        access_code: TEST_CREDENTIALS.accessCode,
        merchant_identifier: TEST_CREDENTIALS.merchantIdentifier,
        merchant_reference: 'UPD-DECLINE-1',
        language: 'en',
        token_name: last.tokenName,
        card_holder_name: 'DECLINED',
      };
      request.signature = computeSignature(request, TEST_CREDENTIALS.shaRequestPhrase, 'sha256');
      const updated = await h.sim.app.inject({
        method: 'POST',
        url: '/FortAPI/paymentApi',
        payload: request,
      });
      assert.equal((updated.json() as { status: string }).status, '58', updated.body);

      const res = await api('POST', '/transactions', {
        amount: '12.00',
        currency: 'SAR',
        customer_id: id,
        payment_method_id: pm,
        off_session: true,
      });
      assert.equal(res.statusCode, 201, res.body);
      const tx = res.json() as { state: string; state_message: string; reference: string };
      assert.equal(tx.state, 'error');
      assert.match(tx.state_message, /declined/i);
      assert.equal(h.sentFor(tx.reference).length, 1, 'no retry');
    });

    test('bad saved-card input changes nothing', async () => {
      const count = async () =>
        (await h.pp.services.store.repos.transactions.list({}, { limit: 500 })).items.length;
      const before = await count();
      for (const [body, field] of [
        [{ amount: '1.00', currency: 'SAR', off_session: true, customer_id: 'cus_x' }, 'payment_method_id'],
        [
          {
            amount: '1.00',
            currency: 'SAR',
            payment_method: 'card',
            save_payment_method: true,
            customer: { email: 'a@b.co' },
          },
          'customer_id',
        ],
        [
          { amount: '1.00', currency: 'SAR', payment_method: 'card', customer_id: 'cus_missing' },
          'customer_id',
        ],
        [{ amount: '1.00', currency: 'SAR', payment_method: 'card' }, 'customer'],
      ] as const) {
        const res = await api('POST', '/transactions', body);
        assert.equal(res.statusCode, 422, res.body);
        assert.ok(fieldsOf(res).includes(field), `${res.body} names ${field}`);
      }
      assert.equal(await count(), before);
    });
  },
);
