import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ProviderRecord } from '../../../src/store/repositories/index.js';
import type { TransactionOperations } from '../../../src/http/admin/transaction-actions.js';
import { ValidationError } from '../../../src/errors.js';
import { AmountBeyondLeft } from '../../../src/services/operations/amounts.js';
import { seedDraft, seedPaid, seedProvider, tag } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

describe('transactions in the back office', () => {
  let h: AdminHarness;
  let client: AdminClient;
  let provider: ProviderRecord;

  before(async () => {
    h = await startAdmin();
    await h.addUser('ops@example.com', 'operator');
    client = h.client();
    await client.signIn('ops@example.com', PASSWORD);
    provider = await seedProvider(h.store, 'APS Riyadh');
  });
  after(() => h.close());

  test('a paid transaction is found by the customer email, and its row links to its page', async () => {
    const email = `fatima-${tag()}@example.com`;
    const paid = await seedPaid(h.store, provider, { customerEmail: email, customerName: 'Fatima' });
    const list = await client.get(`/admin/transactions?q=${encodeURIComponent(email.toUpperCase())}`);
    assert.equal(list.status, 200);
    assert.match(list.body, new RegExp(`href="/admin/transactions/${paid.reference}"`));
    assert.match(list.body, /class="badge ok" data-financial-status="paid">Paid</);
    const other = await client.get('/admin/transactions?q=nobody-matches-this');
    assert.equal(other.body.includes(paid.reference), false);
    assert.match(other.body, /Nothing matches these filters/);
  });

  test('filters by state, method and provider, and a bad date is reported next to its field', async () => {
    const draft = await seedDraft(h.store, provider, { paymentMethod: 'mada' });
    const paid = await seedPaid(h.store, provider);
    const drafts = await client.get('/admin/transactions?state=draft');
    assert.ok(drafts.body.includes(draft.reference));
    assert.equal(drafts.body.includes(paid.reference), false);
    const mada = await client.get('/admin/transactions?method=mada');
    assert.ok(mada.body.includes(draft.reference));
    assert.equal(mada.body.includes(paid.reference), false);
    const byProvider = await client.get(`/admin/transactions?provider=${provider.id}`);
    assert.ok(byProvider.body.includes(paid.reference));
    const badDate = await client.get('/admin/transactions?from=31/12/2025');
    assert.equal(badDate.status, 200);
    assert.match(badDate.body, /id="f-from-error">use a date such as 2026-03-01/);
  });

  test('the date range covers whole UTC days, both ends included', async () => {
    const today = h.clock.now().toISOString().slice(0, 10);
    const tx = await seedDraft(h.store, provider);
    assert.ok(
      (await client.get(`/admin/transactions?from=${today}&to=${today}`)).body.includes(tx.reference),
    );
    assert.equal((await client.get('/admin/transactions?to=2020-01-01')).body.includes(tx.reference), false);
  });

  test('totals count only money that moved, per currency, Test and Live apart, refunds negative', async () => {
    const other = await seedProvider(h.store, `Totals ${tag()}`);
    for (let i = 0; i < 3; i++) await seedPaid(h.store, other, { amount: 1250, currency: 'KWD' });
    await seedPaid(h.store, other, { amount: 5000, currency: 'KWD', isLive: true });
    await seedDraft(h.store, other, { amount: 9999, currency: 'KWD' });
    await seedDraft(h.store, other, { amount: 7000, currency: 'KWD', state: 'error' });
    const refunded = await seedPaid(h.store, other, { amount: 2000, currency: 'SAR' });
    await h.store.transaction(async (repos) => {
      const child = await repos.transactions.insert({
        reference: `${refunded.reference}-R1`,
        providerId: other.id,
        paymentMethod: 'card',
        amount: 500,
        currency: 'SAR',
        state: 'pending',
        operation: 'refund',
        sourceTransactionId: refunded.id,
        isLive: false,
      });
      await repos.transactions.updateState(child.id, { state: 'done', message: 'Refund Success' });
    });
    const page = await client.get(`/admin/transactions?provider=${other.id}`);
    const row = (currency: string, mode: string) =>
      new RegExp(`<tr data-currency="${currency}" data-live="${mode}">(.*?)</tr>`, 's').exec(
        page.body,
      )?.[1] ?? '';
    const kwdTest = row('KWD', 'test');
    assert.match(kwdTest, /<td>3<\/td>/, 'three paid payments; the draft and the failure add nothing');
    assert.match(kwdTest, /data-total="captured">3\.750 KWD</);
    assert.match(kwdTest, /data-total="net"><strong>3\.750 KWD</);
    assert.match(row('KWD', 'live'), /data-total="captured">5\.000 KWD</);
    const sar = row('SAR', 'test');
    assert.match(sar, /data-total="refunded">−5\.00 SAR</);
    assert.match(sar, /data-total="net"><strong>15\.00 SAR</);

    const partly = await client.get(`/admin/transactions?provider=${other.id}&money=partially_refunded`);
    assert.ok(partly.body.includes(refunded.reference));
    assert.equal((partly.body.match(/data-financial-status="/g) ?? []).length, 1, 'only that payment');
    const bad = await client.get(`/admin/transactions?provider=${other.id}&money=rich`);
    assert.match(bad.body, /unknown financial status/);
  });

  test('the list is paginated 50 at a time with an "Older" link that continues where the page ended', async () => {
    const bulk = await seedProvider(h.store, `Bulk ${tag()}`);
    const references: string[] = [];
    for (let i = 0; i < 52; i++) {
      h.clock.advance(1000);
      references.push((await seedDraft(h.store, bulk)).reference);
    }
    const first = await client.get(`/admin/transactions?provider=${bulk.id}`);
    const next = /href="(\/admin\/transactions\?[^"]*cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
    assert.ok(next);
    assert.ok(first.body.includes(references[51]!));
    assert.equal(first.body.includes(references[0]!), false);
    const second = await client.get(next.replace(/&amp;/g, '&'));
    assert.ok(second.body.includes(references[0]!));
    assert.ok(second.body.includes(references[1]!));
    assert.equal(second.body.includes(references[51]!), false);
  });

  test('CSV export follows the filters and neutralises spreadsheet formulas in customer data', async () => {
    const csvProvider = await seedProvider(h.store, `Csv ${tag()}`);
    const tx = await seedPaid(h.store, csvProvider, {
      customerName: '=HYPERLINK("http://evil.example","x")',
      orderReference: 'INV/2026/0042',
    });
    const answer = await client.get(`/admin/transactions/export.csv?provider=${csvProvider.id}&state=done`);
    assert.equal(answer.status, 200);
    assert.match(String(answer.headers['content-type']), /^text\/csv/);
    assert.match(
      String(answer.headers['content-disposition']),
      /attachment; filename="transactions-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = answer.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^created_at,reference,order_reference,operation,state/);
    assert.ok(lines[1]!.includes(tx.reference));
    assert.ok(lines[1]!.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`));
    assert.ok(lines[1]!.includes(',100.00,10000,SAR,'));
  });

  test('the detail page shows the timeline: created, sent to APS, the notification with outcome and masked payload, the state change, the event delivery', async () => {
    const paid = await seedPaid(h.store, provider);
    const page = await client.get(`/admin/transactions/${paid.reference}`);
    assert.equal(page.status, 200);
    const body = page.body;
    const order = [
      'Created',
      'Sent to the APS hosted payment page',
      'Message received',
      'State changed:',
      'Event delivered',
    ].map((text) => body.indexOf(text));
    assert.ok(
      order.every((i) => i > 0),
      JSON.stringify(order),
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
    assert.match(body, /class="badge ok" dir="ltr">applied</);
    assert.match(body, /access_code=\*\*\*\*\*\*\*\*/);
    assert.match(body, /Draft → Paid/);
    assert.match(body, /HTTP 200/);
    assert.match(body, /https:\/\/merchant\.example\/events/);
    assert.match(body, /Credit or debit card · Visa · ••4242/);
    assert.match(body, /169996200003457000/);
  });

  test('customer fields, APS messages and payloads are shown as text, never as markup', async () => {
    const xss = '<img src=x onerror=alert(1)>';
    const paid = await seedPaid(
      h.store,
      provider,
      {
        customerName: xss,
        customerEmail: `x-${tag()}@example.com`,
        orderReference: '<script>alert(2)</script>',
        metadata: { note: xss },
      },
      {
        stateMessage: '<script>alert(3)</script>',
        payload: `response_message=<script>alert(4)</script>&merchant_reference=x`,
      },
    );
    for (const path of [
      `/admin/transactions/${paid.reference}`,
      `/admin/transactions?q=${paid.reference}`,
      '/admin/notifications',
    ]) {
      const page = await client.get(path);
      assert.equal(page.body.includes('<img src=x'), false, path);
      assert.equal(/<script>alert/.test(page.body), false, path);
      assert.match(page.body, /&lt;(img src=x|script&gt;alert)/, path);
    }
  });

  test('without capture/refund services the page shows no action buttons at all', async () => {
    const services = h.ctx.services as { operations?: unknown };
    const operations = services.operations;
    delete services.operations;
    try {
      const paid = await seedPaid(h.store, provider);
      const page = await client.get(`/admin/transactions/${paid.reference}`);
      assert.doesNotMatch(page.body, /\/actions\//);
      assert.doesNotMatch(page.body, /id="actions"/);
      assert.equal(
        (await client.post(`/admin/transactions/${paid.reference}/actions/refund`, { amount: '1.00' }))
          .status,
        404,
      );
    } finally {
      services.operations = operations;
    }
  });

  test('with services providing operations, the page shows the buttons the state allows and runs them', async () => {
    const calls: unknown[] = [];
    const operations: TransactionOperations = {
      capture: async (_ctx, reference, input) => void calls.push(['capture', reference, input.amountMinor]),
      voidAuthorization: async (_ctx, reference) => void calls.push(['void', reference]),
      refund: async (_ctx, reference, input) => {
        if (input.amountMinor > 10000)
          throw new ValidationError('The refund exceeds what is left to refund (100.00 SAR).');
        calls.push(['refund', reference, input.amountMinor]);
      },
      checkStatus: async (_ctx, reference) => void calls.push(['check', reference]),
    };
    (h.ctx.services as unknown as { operations?: TransactionOperations }).operations = operations;
    try {
      const authorized = await seedDraft(h.store, provider);
      await h.store.repos.transactions.updateState(authorized.id, { state: 'authorized', message: null });
      const authPage = await client.get(`/admin/transactions/${authorized.reference}`);
      assert.match(authPage.body, /actions\/capture/);
      assert.match(authPage.body, /actions\/void/);
      assert.match(authPage.body, /actions\/check-status/);
      assert.doesNotMatch(authPage.body, /actions\/refund/);
      const captured = await client.post(`/admin/transactions/${authorized.reference}/actions/capture`, {
        amount: '25.50',
      });
      assert.equal(captured.status, 303);
      assert.deepEqual(calls.at(-1), ['capture', authorized.reference, 2550]);

      const paid = await seedPaid(h.store, provider);
      const paidPage = await client.get(`/admin/transactions/${paid.reference}`);
      assert.match(paidPage.body, /actions\/refund/);
      assert.doesNotMatch(paidPage.body, /actions\/capture/);
      const tooMuch = await client.post(`/admin/transactions/${paid.reference}/actions/refund`, {
        amount: '500.00',
      });
      assert.equal(tooMuch.status, 422);
      assert.match(tooMuch.body, /exceeds what is left to refund/);
      const noAmount = await client.post(`/admin/transactions/${paid.reference}/actions/refund`, {
        amount: '',
      });
      assert.equal(noAmount.status, 422);
      const wrongState = await client.post(`/admin/transactions/${paid.reference}/actions/capture`, {
        amount: '',
      });
      assert.equal(wrongState.status, 422);
      assert.equal(calls.filter((c) => (c as string[])[0] === 'refund').length, 0);
    } finally {
      delete (h.ctx.services as unknown as { operations?: TransactionOperations }).operations;
    }
  });

  test('refund and capture amounts are read as people type them; a refused one is said next to its field and on top, in the page language', async () => {
    const calls: unknown[] = [];
    const operations: TransactionOperations = {
      capture: async (_ctx, reference, input) => void calls.push(['capture', reference, input.amountMinor]),
      voidAuthorization: async () => undefined,
      refund: async (_ctx, reference, input) => {
        // As the operations service answers an amount beyond what is left (100.00 SAR here).
        if (input.amountMinor > 10000) throw new AmountBeyondLeft('refund', input.amountMinor, 10000, 'SAR');
        calls.push(['refund', reference, input.amountMinor]);
      },
      checkStatus: async () => undefined,
    };
    (h.ctx.services as unknown as { operations?: TransactionOperations }).operations = operations;
    try {
      const paid = await seedPaid(h.store, provider);
      const path = `/admin/transactions/${paid.reference}/actions/refund`;
      await client.get(`/admin/transactions/${paid.reference}`);
      const tooMuch = await client.post(path, { amount: '1,250.50' });
      assert.equal(tooMuch.status, 422);
      assert.match(
        tooMuch.body,
        /<h2 id="error-summary-title">Nothing was sent to APS\. Please correct:<\/h2>/,
      );
      assert.match(
        tooMuch.body,
        /href="#f-amount-refund" data-field="amount-refund">Refund: At most 100\.00 SAR is left to refund\./,
      );
      assert.match(tooMuch.body, /id="f-amount-refund-error">At most 100\.00 SAR is left to refund\./);
      assert.match(tooMuch.body, /name="amount"[^>]*value="1,250\.50"/);
      for (const [typed, message] of [
        ['abc', /Write the amount in digits only/],
        ['', /Enter the amount/],
        ['-5', /cannot be negative/],
        ['1.2345', /SAR has at most 2 decimals/],
      ] as const) {
        const refused = await client.post(path, { amount: typed });
        assert.equal(refused.status, 422, typed);
        assert.match(refused.body, message, typed);
      }
      assert.equal(calls.length, 0, 'nothing was sent for a refused amount');
      assert.equal((await client.post(path, { amount: '٥٠٫٢٥' })).status, 303);
      assert.deepEqual(calls.at(-1), ['refund', paid.reference, 5025]);

      const arabic = h.client();
      await arabic.signIn('ops@example.com', PASSWORD);
      await arabic.get(`/admin/transactions/${paid.reference}?lang=ar`);
      const refusedAr = await arabic.post(path, { amount: '500' });
      assert.equal(refusedAr.status, 422);
      assert.match(refusedAr.body, /لم يُرسل شيء إلى APS\. يرجى تصحيح ما يلي:/);
      assert.match(refusedAr.body, /id="f-amount-refund-error">المتبقي للاسترداد 100\.00 SAR على الأكثر\./);
    } finally {
      delete (h.ctx.services as unknown as { operations?: TransactionOperations }).operations;
    }
  });

  test('an unknown reference is a 404 page inside the back office', async () => {
    const page = await client.get('/admin/transactions/NO-SUCH-REF');
    assert.equal(page.status, 404);
    assert.match(page.body, /No transaction with the reference NO-SUCH-REF/);
    assert.match(page.body, /class="admin"/);
  });
});
