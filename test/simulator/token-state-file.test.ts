/** Tokens survive a restart with --state-file, and the file never holds a card number. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { sign } from '../../src/providers/aps/signature.js';
import { createSimulator, type MerchantAccount } from '../../src/simulator/index.js';
import { formOf, postForm, reference } from './helpers.js';

test('a token issued before a restart is still there, ACTIVE, and the state file holds no card number', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-tokens-'));
  const stateFile = join(dir, 'state.json');
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  try {
    const first = createSimulator({ clock, stateFile });
    const created = await first.app.inject({
      method: 'PUT',
      url: '/_sim/accounts/TokenMerchant',
      payload: { shaRequestPhrase: 'reqPhrase123', shaResponsePhrase: 'resPhrase456' },
    });
    const account = (created.json() as { account: MerchantAccount }).account;
    const form = sign(
      {
        service_command: 'TOKENIZATION',
        access_code: account.accessCode,
        merchant_identifier: account.merchantIdentifier,
        merchant_reference: reference(),
        language: 'en',
        return_url: 'https://shop.example/payment/aps/card-form',
      },
      account.shaRequestPhrase,
      account.shaType,
    );
    const answer = await postForm(first.app, '/FortAPI/paymentPage', {
      ...form,
      card_number: '4005550000000001',
      expiry_date: '3005',
      card_security_code: '123',
    });
    const tokenName = formOf(answer.body).fields.token_name ?? '';
    assert.ok(tokenName !== '');
    await first.close();
    const text = readFileSync(stateFile, 'utf8');
    assert.doesNotMatch(text, /4005550000000001/);
    assert.match(text, /400555\*{6}0001/);

    const second = createSimulator({ clock, stateFile });
    try {
      const listed = await second.app.inject({ method: 'GET', url: `/_sim/tokens/${tokenName}` });
      assert.equal(listed.statusCode, 200);
      assert.equal((listed.json() as { token: { status: string } }).token.status, 'ACTIVE');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
