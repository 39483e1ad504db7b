import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ProviderRecord } from '../../../src/store/repositories/index.js';
import { seedDraft, seedPaid, seedProvider } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

const PASSWORD = 'correct horse battery staple';

function step(body: string, name: string): string {
  const match = new RegExp(`<li class="step [a-z]+" data-step="${name}" data-done="(yes|no)"`).exec(body);
  assert.ok(match, `step ${name} is listed`);
  return match[1]!;
}

describe('the back-office home', () => {
  let h: AdminHarness;
  let admin: AdminClient;
  let provider: ProviderRecord;

  before(async () => {
    h = await startAdmin();
    await h.addUser('admin@example.com', 'admin');
    admin = h.client();
    await admin.signIn('admin@example.com', PASSWORD);
  });
  after(() => h.close());

  test('/admin opens on the home: every checklist step open on a fresh install, each with a link', async () => {
    const home = await admin.get('/admin');
    assert.equal(home.status, 200);
    assert.match(home.body, /<h1>Home<\/h1>/);
    for (const name of ['configured', 'tested', 'urls', 'test_payment', 'live'])
      assert.equal(step(home.body, name), 'no');
    assert.match(home.body, /href="\/admin\/providers">Configure the provider</);
    assert.match(home.body, /No payments today yet/);
    assert.match(home.body, /No problems/);
    // The transaction list keeps its own entry and URL.
    assert.match(home.body, /<a href="\/admin\/transactions">Transactions<\/a>/);
    assert.equal((await admin.get('/admin/transactions')).status, 200);
  });

  test('steps are done as their proofs arrive: credentials, a genuine notification, a paid test payment', async () => {
    provider = await seedProvider(h.store, 'APS Riyadh');
    await h.store.repos.providers.update(provider.id, {
      merchantIdentifier: 'merchant',
      accessCodeEnc: 'sealed',
      shaRequestPhraseEnc: 'sealed',
      shaResponsePhraseEnc: 'sealed',
    });
    let home = await admin.get('/admin');
    assert.equal(step(home.body, 'configured'), 'yes');
    assert.equal(step(home.body, 'tested'), 'no');
    assert.match(home.body, new RegExp(`href="/admin/providers/${provider.id}#test-credentials"`));
    const paid = await seedPaid(h.store, provider, { amount: 125050, currency: 'SAR' });
    await h.store.repos.transactions.updateLedger(paid.id, {
      financialStatus: 'partially_refunded',
      authorized: 125050,
      captured: 125050,
      refunded: 0,
      voided: 0,
    });
    home = await admin.get('/admin');
    assert.equal(step(home.body, 'urls'), 'yes');
    assert.equal(step(home.body, 'test_payment'), 'yes');
    assert.equal(step(home.body, 'live'), 'no');
  });

  test("today's figures: paid, refunded (negative) and failed, Test and Live apart", async () => {
    const refund = await seedDraft(h.store, provider, {
      operation: 'refund',
      amount: 25050,
      currency: 'SAR',
    });
    await h.store.repos.transactions.updateState(refund.id, {
      state: 'done',
      message: 'ok',
      expectedState: 'draft',
    });
    const failed = await seedDraft(h.store, provider, { currency: 'SAR', amount: 500 });
    await h.store.repos.transactions.updateState(failed.id, {
      state: 'error',
      message: 'declined',
      expectedState: 'draft',
    });
    const live = await seedDraft(h.store, provider, { currency: 'KWD', amount: 1500, isLive: true });
    await h.store.repos.transactions.updateState(live.id, {
      state: 'error',
      message: 'declined',
      expectedState: 'draft',
    });
    const home = await admin.get('/admin');
    const test = /<tr data-currency="SAR" data-mode="test">(.*?)<\/tr>/.exec(home.body)?.[1] ?? '';
    assert.match(test, /data-figure="paid"><span dir="ltr">1250.50 SAR<\/span>/);
    assert.match(test, /data-figure="refunded"><span dir="ltr">-250.50 SAR<\/span>/);
    assert.match(test, /data-figure="failed">1</);
    const liveRow = /<tr data-currency="KWD" data-mode="live">(.*?)<\/tr>/.exec(home.body)?.[1] ?? '';
    assert.match(liveRow, /data-figure="failed">1</);
    assert.match(liveRow, /Live/);
  });

  test('recent problems list discrepancies, failing endpoints and refused messages', async () => {
    const tx = await seedDraft(h.store, provider);
    await h.store.repos.transactions.setDiscrepancy(tx.id, {
      text: 'APS says refunded 5.00',
      time: h.clock.now().toISOString(),
    });
    const endpoint = await h.store.repos.eventEndpoints.insert({
      url: 'https://shop.example/hooks',
      secretEnc: 'sealed',
    });
    const event = await h.store.repos.events.insert({
      endpointId: endpoint.id,
      transactionId: tx.id,
      type: 'transaction.updated',
      payload: '{}',
    });
    await h.store.repos.events.markFailed(event.id, 'HTTP 500');
    await h.store.repos.notifications.insert({
      channel: 'webhook',
      payload: 'x=1',
      providerCode: 'aps',
      reference: tx.reference,
      outcome: 'amount_mismatch',
    });
    const home = await admin.get('/admin');
    assert.match(
      home.body,
      new RegExp(`data-problem="discrepancy"><a href="/admin/transactions/${tx.reference}"`),
    );
    assert.match(home.body, /data-problem="endpoint">.*https:\/\/shop.example\/hooks: 1 failed/);
    assert.match(
      home.body,
      /data-problem="notification"><a href="\/admin\/notifications\?outcome=amount_mismatch">Provider message refused: amount or currency differs/,
    );
    const arabic = await admin.get('/admin?lang=ar');
    assert.match(arabic.body, /قائمة الاستعداد للتشغيل الفعلي/);
    assert.match(arabic.body, /رُفضت رسالة من المزوّد: المبلغ أو العملة مختلفة/);
  });

  test('the time zone setting moves "today", and a bad value is refused next to its field and on top', async () => {
    const page = await admin.get('/admin/settings?lang=en');
    assert.equal(page.status, 200);
    const bad = await admin.post('/admin/settings', {
      timeZone: 'Mars/Olympus',
      name: 'Shop',
      accentColor: 'green',
    });
    assert.equal(bad.status, 422);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /href="#f-timeZone" data-field="timeZone">Time zone: unknown time zone/);
    assert.match(bad.body, /id="f-accentColor-error">a colour such as #0b6e4f/);
    const stillDefault = await admin.get('/admin/settings?lang=en');
    assert.match(stillDefault.body, /<option value="UTC" selected>/);
    const ok = await admin.post('/admin/settings', {
      timeZone: 'Asia/Riyadh',
      name: 'Shop',
      accentColor: '#0B6E4F',
    });
    assert.equal(ok.status, 303);
    const home = await admin.get('/admin');
    assert.match(home.body, /Since midnight, Asia\/Riyadh time/);
    const arabicBad = await admin.post('/admin/settings?lang=ar', {
      timeZone: 'x',
      name: '',
      accentColor: '',
    });
    assert.match(arabicBad.body, /منطقة زمنية غير معروفة/);
  });
});
