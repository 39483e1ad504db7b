/**
 * The Apple Pay section (S19): bad input is refused as a whole with a clear message naming the field
 * and nothing saved; good input is stored with its secrets sealed; "Test credentials" covers the Apple
 * Pay set against the simulator and names a wrong Apple Pay phrase.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { selfSignedIdentity } from '../../src/demo-apple-pay.js';
import { ValidationError } from '../../src/errors.js';
import { applePayPanel } from '../../src/http/admin/views/provider-apple-pay-panel.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import {
  applePayView,
  loadApplePay,
  saveApplePaySettings,
  type ApplePayInput,
} from '../../src/services/apple-pay-settings.js';
import { createServiceContext, type ServiceContext } from '../../src/services/context.js';
import { testProviderCredentials } from '../../src/services/credential-test.js';
import {
  createApsProviderSettings,
  formValuesOf,
  saveProviderSettings,
} from '../../src/services/provider-settings.js';
import { createSimulator, type MerchantAccount, type Simulator } from '../../src/simulator/index.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrator.js';

const APPLE = {
  accessCode: 'AppleAccess000000001',
  shaRequestPhrase: 'apple-req-1',
  shaResponsePhrase: 'apple-res-1',
};

describe('Apple Pay settings and their credential test', () => {
  let simulator: Simulator;
  let simulatorUrl: string;
  let account: MerchantAccount;
  let store: Store;
  let ctx: ServiceContext;
  let dataDir: string;
  let identity: { certificatePem: string; privateKeyPem: string };

  before(async () => {
    simulator = createSimulator();
    simulatorUrl = await simulator.app.listen({ port: 0, host: '127.0.0.1' });
    account = [...simulator.state.accounts.values()][0]!;
    await fetch(`${simulatorUrl}/_sim/accounts/${account.merchantIdentifier}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ applePay: { ...APPLE, shaType: 'sha256' } }),
    });
    dataDir = mkdtempSync(join(tmpdir(), 'payport-applepay-'));
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    store = openDatabase({ dataDir, clock });
    await migrate(store);
    ctx = createServiceContext({
      store,
      clock,
      logger: createLogger('warn', { write: () => undefined }),
      metrics: createMetrics(),
      publicUrl: 'http://payport.test',
      secret: 'apple-pay-test-secret-0123456789abcdefghij',
    });
    identity = await selfSignedIdentity('merchant.test.payport');
  });

  after(async () => {
    await simulator.close();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function provider(): Promise<string> {
    const created = await createApsProviderSettings(ctx, 'APS Apple');
    const saved = await saveProviderSettings(ctx, created.id, {
      ...formValuesOf(created),
      state: 'test',
      merchantIdentifier: account.merchantIdentifier,
      accessCode: account.accessCode,
      shaRequestPhrase: account.shaRequestPhrase,
      shaResponsePhrase: account.shaResponsePhrase,
      shaType: account.shaType,
      customBaseUrl: simulatorUrl,
    });
    assert.equal(saved.ok, true);
    return created.id;
  }

  function input(changes: Partial<ApplePayInput> = {}): ApplePayInput {
    return {
      appleMerchantId: 'merchant.test.payport',
      ...APPLE,
      shaType: 'sha256',
      certificate: identity.certificatePem,
      privateKey: identity.privateKeyPem,
      domainAssociation: 'domain-association-file',
      ...changes,
    };
  }

  async function refusal(id: string, changes: Partial<ApplePayInput>): Promise<ValidationError> {
    const err = await saveApplePaySettings(ctx, id, input(changes)).then(
      () => assert.fail('saved'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ValidationError);
    assert.equal(await store.repos.applePay.find(id), undefined, 'nothing saved');
    return err;
  }

  test('a certificate that is not a certificate is refused, nothing saved', async () => {
    const err = await refusal(await provider(), { certificate: 'hello, I am not a certificate' });
    assert.deepEqual(
      err.fields.map((f) => f.field),
      ['applePay.certificate'],
    );
    assert.match(err.message, /is not a certificate/);
  });

  test('a key that does not match the certificate is refused, nothing saved', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const err = await refusal(await provider(), { privateKey: other });
    assert.deepEqual(
      err.fields.map((f) => f.field),
      ['applePay.privateKey'],
    );
    assert.match(err.message, /does not match the merchant identity certificate/);
  });

  test('an empty domain-association file is refused, nothing saved, and the form says why', async () => {
    const id = await provider();
    const err = await refusal(id, { domainAssociation: '  \n ' });
    assert.match(err.message, /domain-association file is empty/);
    const markup = String(
      applePayPanel({ lang: 'en', csrf: 'x' } as never, id, {
        view: await applePayView(ctx, id),
        errors: err.fields,
      }),
    );
    assert.match(markup, /domain-association file is empty/);
    assert.match(markup, /aria-invalid="true"/);
  });

  test('good settings are stored with the secrets sealed; empty secrets keep them on the next save', async () => {
    const id = await provider();
    await saveApplePaySettings(ctx, id, input());
    const row = await store.repos.applePay.find(id);
    assert.ok(row);
    assert.ok(!row.privateKeyEnc.includes('PRIVATE KEY'));
    assert.ok(!row.shaRequestPhraseEnc.includes(APPLE.shaRequestPhrase));
    await saveApplePaySettings(
      ctx,
      id,
      input({ accessCode: '', shaRequestPhrase: '', shaResponsePhrase: '', privateKey: '' }),
    );
    const opened = await loadApplePay(ctx, store.repos, id);
    assert.equal(opened?.shaRequestPhrase, APPLE.shaRequestPhrase);
    assert.equal(opened?.privateKeyPem.trim(), identity.privateKeyPem.trim());
  });

  test('Test credentials passes with the right Apple Pay set', async () => {
    const id = await provider();
    await saveApplePaySettings(ctx, id, input());
    const result = await testProviderCredentials(ctx, id);
    assert.equal(result.verdict, 'ok', result.message);
    assert.match(result.message, /Apple Pay/);
  });

  test('a wrong Apple Pay request phrase shows up by name', async () => {
    const id = await provider();
    await saveApplePaySettings(ctx, id, input({ shaRequestPhrase: 'not-the-apple-phrase' }));
    const result = await testProviderCredentials(ctx, id);
    assert.equal(result.ok, false);
    assert.equal(result.verdict, 'request_signature');
    assert.match(result.message, /Apple Pay SHA Request Phrase/);
    assert.deepEqual(result.fields, ['applePay.shaRequestPhrase']);
  });

  test('a wrong Apple Pay response phrase shows up by name', async () => {
    const id = await provider();
    await saveApplePaySettings(ctx, id, input({ shaResponsePhrase: 'not-the-apple-phrase' }));
    const result = await testProviderCredentials(ctx, id);
    assert.equal(result.verdict, 'response_signature');
    assert.match(result.message, /Apple Pay SHA Response Phrase/);
    assert.ok(result.fields.includes('applePay.shaResponsePhrase'));
  });
});
