/** "Test credentials" against the APS simulator over real HTTP: each wrong credential is named. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createServiceContext, type ServiceContext } from '../../src/services/context.js';
import { testProviderCredentials } from '../../src/services/credential-test.js';
import {
  createApsProviderSettings,
  formValuesOf,
  saveProviderSettings,
  type ProviderSettingsInput,
} from '../../src/services/provider-settings.js';
import { createSimulator, type MerchantAccount, type Simulator } from '../../src/simulator/index.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

describe('Test credentials against the APS simulator', () => {
  let simulator: Simulator;
  let simulatorUrl: string;
  let account: MerchantAccount;
  let store: Store;
  let ctx: ServiceContext;
  let dataDir: string;
  const logs: string[] = [];

  before(async () => {
    simulator = createSimulator();
    simulatorUrl = await simulator.app.listen({ port: 0, host: '127.0.0.1' });
    account = [...simulator.state.accounts.values()][0]!;
    dataDir = mkdtempSync(join(tmpdir(), 'payport-credtest-'));
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    store = openDatabase({ dataDir, clock });
    await migrate(store);
    ctx = createServiceContext({
      store,
      clock,
      logger: createLogger('info', { write: (line: string) => void logs.push(line) }),
      metrics: createMetrics(),
      publicUrl: 'http://payport.test',
      secret: 'credential-test-secret-0123456789abcdefghij',
    });
  });

  after(async () => {
    await simulator.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function providerWith(changes: Partial<ProviderSettingsInput>): Promise<string> {
    const created = await createApsProviderSettings(ctx, 'APS test');
    const input: ProviderSettingsInput = {
      ...formValuesOf(created),
      state: 'test',
      merchantIdentifier: account.merchantIdentifier,
      accessCode: account.accessCode,
      shaRequestPhrase: account.shaRequestPhrase,
      shaResponsePhrase: account.shaResponsePhrase,
      shaType: account.shaType,
      customBaseUrl: simulatorUrl,
      ...changes,
    };
    const saved = await saveProviderSettings(ctx, created.id, input);
    assert.equal(saved.ok, true, saved.ok ? '' : JSON.stringify(saved.errors));
    return created.id;
  }

  test('the right credentials pass: a signed answer for an unknown reference', async () => {
    const result = await testProviderCredentials(ctx, await providerWith({}));
    assert.equal(result.verdict, 'ok', result.message);
    assert.equal(result.ok, true);
    assert.match(result.responseCode ?? '', /^12/);
    assert.equal(result.endpoint, simulatorUrl);
  });

  test('a wrong SHA Response Phrase is reported as such', async () => {
    const result = await testProviderCredentials(
      ctx,
      await providerWith({ shaResponsePhrase: 'not-the-response-phrase' }),
    );
    assert.equal(result.verdict, 'response_signature');
    assert.equal(result.ok, false);
    assert.match(result.message, /SHA Response Phrase/);
    assert.ok(result.fields.includes('shaResponsePhrase'));
  });

  test('a wrong SHA Request Phrase is APS "00008 Signature mismatch", and the response phrase is proven right', async () => {
    const result = await testProviderCredentials(
      ctx,
      await providerWith({ shaRequestPhrase: 'not-the-request-phrase' }),
    );
    assert.equal(result.verdict, 'request_signature');
    assert.equal(result.responseCode, '00008');
    assert.deepEqual(result.fields, ['shaRequestPhrase']);
    assert.match(result.message, /SHA Request Phrase is wrong/);
  });

  test('an unknown Merchant Identifier is named (00009)', async () => {
    const result = await testProviderCredentials(
      ctx,
      await providerWith({ merchantIdentifier: 'NoSuchMerchant1' }),
    );
    assert.equal(result.verdict, 'merchant_identifier');
    assert.equal(result.responseCode, '00009');
  });

  test('a wrong Access Code is named (00010)', async () => {
    const result = await testProviderCredentials(
      ctx,
      await providerWith({ accessCode: 'WrongAccessCode12345' }),
    );
    assert.equal(result.verdict, 'access_code');
    assert.equal(result.responseCode, '00010');
  });

  test('a wrong SHA Type shows up as an answer that does not verify', async () => {
    const result = await testProviderCredentials(
      ctx,
      await providerWith({ shaType: account.shaType === 'sha512' ? 'sha256' : 'sha512' }),
    );
    assert.equal(result.verdict, 'response_signature');
    assert.ok(result.fields.includes('shaType'));
  });

  test('an endpoint nobody answers on is "unreachable", not a credential problem', async () => {
    const result = await testProviderCredentials(
      ctx,
      await providerWith({ customBaseUrl: 'http://127.0.0.1:9' }),
    );
    assert.equal(result.verdict, 'unreachable');
    assert.match(result.message, /127\.0\.0\.1:9/);
  });

  test('a disabled provider is not sent to APS', async () => {
    const disabled = await createApsProviderSettings(ctx, 'Off');
    const result = await testProviderCredentials(ctx, disabled.id);
    assert.equal(result.verdict, 'disabled');
    assert.match(result.message, /Switch it to Test or Enabled/);
  });

  test('the result is logged without any credential', async () => {
    await testProviderCredentials(ctx, await providerWith({}));
    const output = logs.join('');
    assert.match(output, /provider credentials tested/);
    for (const secret of [account.accessCode, account.shaRequestPhrase, account.shaResponsePhrase])
      assert.equal(output.includes(secret), false);
  });

  test('a Test provider whose credentials were erased (neutralized copy) lists the missing ones', async () => {
    const id = await providerWith({});
    await store.repos.providers.neutralize();
    const result = await testProviderCredentials(ctx, id);
    assert.equal(result.verdict, 'incomplete');
    assert.deepEqual(result.fields, [
      'merchantIdentifier',
      'accessCode',
      'shaRequestPhrase',
      'shaResponsePhrase',
    ]);
  });
});
