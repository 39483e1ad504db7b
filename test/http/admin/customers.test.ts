import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256Hex } from '../../../src/crypto/random.js';
import { sealCard } from '../../../src/services/cards/saved-cards.js';
import { seedProvider } from './fixtures.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

describe('customers and their saved cards in the back office', () => {
  let h: AdminHarness;
  let client: AdminClient;
  let customerId: string;
  let cardId: string;
  const token = 'f00dfeed0123456789abcdef01234567';

  before(async () => {
    h = await startAdmin();
    await h.addUser('ops@example.com', 'operator');
    client = h.client();
    await client.signIn('ops@example.com', 'correct horse battery staple');
    const provider = await seedProvider(h.store);
    const customer = await h.store.repos.customers.insert({
      email: 'layla@example.com',
      name: 'Layla',
      country: 'SA',
    });
    customerId = customer.id;
    const card = await h.store.repos.savedPaymentMethods.insert({
      customerId,
      providerId: provider.id,
      tokenEnc: sealCard(h.ctx.services, { token, consent: true }),
      tokenHash: sha256Hex(`${provider.id}:${token}`),
      brand: 'visa',
      last4: '4242',
      expiry: '12/29',
    });
    cardId = card.id;
  });
  after(() => h.close());

  test('the list and the detail show the customer and the card (never its token), in English and Arabic', async () => {
    const list = await client.get('/admin/customers');
    assert.equal(list.status, 200);
    assert.match(list.body, /layla@example\.com/);
    const detail = await client.get(`/admin/customers/${customerId}`);
    assert.equal(detail.status, 200);
    assert.match(detail.body, /VISA <span dir="ltr">•••• 4242<\/span>/);
    assert.match(detail.body, /12\/29/);
    assert.ok(!detail.body.includes(token), 'the token is never shown');
    const arabic = await client.get(`/admin/customers/${customerId}?lang=ar`);
    assert.match(arabic.body, /البطاقات المحفوظة/);
    assert.equal((await client.get('/admin/customers/cus_nobody')).status, 404);
  });

  test('Remove makes the card inactive (even when the provider cannot be reached) and hides the button', async () => {
    await client.get(`/admin/customers/${customerId}`);
    const removed = await client.post(`/admin/customers/${customerId}/cards/${cardId}/remove`, {});
    assert.equal(removed.status, 303);
    assert.equal((await h.store.repos.savedPaymentMethods.findById(cardId))?.status, 'inactive');
    const detail = await client.get(removed.location!);
    // The language chosen earlier (Arabic) sticks.
    assert.match(detail.body, /class="badge off">(Removed|مُزالة)</);
    assert.ok(!detail.body.includes(`/cards/${cardId}/remove`));
    assert.ok(!h.logs.join('\n').includes(token), 'the token is not logged');
  });

  test("another customer's card or an unknown one is not found, and nothing changes", async () => {
    const other = await h.store.repos.customers.insert({ email: 'other@example.com' });
    await client.get(`/admin/customers/${other.id}`);
    const answer = await client.post(`/admin/customers/${other.id}/cards/${cardId}/remove`, {});
    assert.equal(answer.status, 404);
    const unknown = await client.post(`/admin/customers/${customerId}/cards/pm_nope/remove`, {});
    assert.equal(unknown.status, 404);
  });
});
