/**
 * Two tabs of one payment link against the APS simulator: both submit before either pays, so the second
 * continues the first one's draft and carries the same merchant reference to APS, which accepts a
 * merchant reference once. The second hosted page is refused (`007` Duplicate order number, unsigned
 * `00` back to the return URL), the first is paid, and the link then refuses every attempt.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { forEachDatabase } from '../../support/databases.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../../support/payport.js';
import { formOf, postForm } from '../../simulator/helpers.js';
import { redirectFormOf, submitCheckout } from './helpers.js';

forEachDatabase('two tabs of one payment link on the APS simulator (S9)', (db) => {
  let pp: TestPayport;
  let sim: Simulator;

  before(async () => {
    pp = await createTestPayport({ database: db.location });
    await seedApsProvider(pp.services);
    sim = createSimulator({ logger: false, feedbackRetry: { attempts: 0, intervalMs: 1_000 } });
    const account = await sim.app.inject({
      method: 'PUT',
      url: `/_sim/accounts/${TEST_CREDENTIALS.merchantIdentifier}`,
      payload: {
        accessCode: TEST_CREDENTIALS.accessCode,
        shaRequestPhrase: TEST_CREDENTIALS.shaRequestPhrase,
        shaResponsePhrase: TEST_CREDENTIALS.shaResponsePhrase,
      },
    });
    assert.equal(account.statusCode, 201, account.body);
  });
  after(async () => {
    await sim.app.close();
    await pp.close();
  });

  /** Posts what the simulator sends the browser back with to payport's return URL, as a browser would. */
  async function backToPayport(simulatorPage: string) {
    const { action, fields } = formOf(simulatorPage);
    assert.equal(action, 'https://shop.example.com/payment/aps/return');
    return pp.running.app.inject({
      method: 'POST',
      url: '/payment/aps/return',
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });
  }

  test('APS refuses the second tab as a duplicate, the first pays, and the link is paid once', async () => {
    const link = await pp.services.store.repos.paymentLinks.insert({
      amount: 15000,
      currency: 'SAR',
      customerEmail: 'tabs@example.com',
    });
    const path = `/pay/${link.id}`;
    const tabA = (await pp.running.app.inject({ method: 'GET', url: path })).body;
    const tabB = (await pp.running.app.inject({ method: 'GET', url: path })).body;
    const formA = redirectFormOf((await submitCheckout(pp.running.app, tabA)).body).fields;
    const formB = redirectFormOf((await submitCheckout(pp.running.app, tabB)).body).fields;
    assert.equal(formB.merchant_reference, formA.merchant_reference);

    // Tab A reaches the hosted page first; tab B's hosted page is refused.
    const opened = await postForm(sim.app, '/FortAPI/paymentPage', formA);
    assert.equal(opened.statusCode, 200);
    const refusedB = await postForm(sim.app, '/FortAPI/paymentPage', formB);
    assert.equal(formOf(refusedB.body).fields.response_code, '00007');
    const shownB = await backToPayport(refusedB.body);
    assert.equal(shownB.statusCode, 400, shownB.body);
    assert.match(shownB.body, /Duplicate order number/);
    const draft = await pp.services.store.repos.transactions.findByReference(formA.merchant_reference!);
    assert.equal(draft?.state, 'draft', 'the refusal changes nothing');

    // Tab A's customer pays on the hosted page that was opened for it.
    const page = await postForm(sim.app, formOf(opened.body).action, {
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
      card_holder_name: 'Jane Doe',
    });
    const returned = await backToPayport(page.body);
    assert.equal(returned.statusCode, 303);
    const paid = await pp.services.store.repos.transactions.findByReference(formA.merchant_reference!);
    assert.equal(paid?.state, 'done');

    const again = await pp.running.app.inject({ method: 'GET', url: path });
    assert.match(again.body, /This payment link has already been paid/);
    assert.equal((await submitCheckout(pp.running.app, tabB)).statusCode, 409);
  });
});
