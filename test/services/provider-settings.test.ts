import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { createServiceContext, type ServiceContext } from '../../src/services/context.js';
import { toProviderConfig } from '../../src/services/provider-accounts.js';
import { applyProviderInput, readProviderForm } from '../../src/services/provider-settings-form.js';
import {
  apsBackOfficeSettings,
  createApsProviderSettings,
  formValuesOf,
  loadProviderSettings,
  saveProviderSettings,
  setProviderPublication,
  type ProviderSettingsInput,
  type ProviderSettingsView,
} from '../../src/services/provider-settings.js';
import { newProviderConfig } from '../../src/domain/provider.js';
import { ValidationError } from '../../src/errors.js';
import { forEachDatabase } from '../support/databases.js';

const ACCESS_CODE = 'SILgpo7pWbmzuURp2qri';
const REQUEST_PHRASE = 'request-phrase-8f2k1';
const RESPONSE_PHRASE = 'response-phrase-9a7q3';

function seedInput(
  view: ProviderSettingsView,
  changes: Partial<ProviderSettingsInput> = {},
): ProviderSettingsInput {
  return {
    ...formValuesOf(view),
    state: 'enabled',
    merchantIdentifier: 'MxvOupuG',
    accessCode: ACCESS_CODE,
    shaRequestPhrase: REQUEST_PHRASE,
    shaResponsePhrase: RESPONSE_PHRASE,
    ...changes,
  };
}

test('the APS back-office settings are built from PUBLIC_URL as the seed says', () => {
  assert.deepEqual(apsBackOfficeSettings('https://shop.example.com/'), {
    originUrl: 'https://shop.example.com/',
    redirectionUrl: 'https://shop.example.com/payment/aps/return',
    directFeedbackUrl: 'https://shop.example.com/payment/aps/webhook',
    notificationUrl: 'https://shop.example.com/payment/aps/webhook',
  });
});

test('reading the form keeps repeated checkboxes as a list and unchecked boxes as false', () => {
  const input = readProviderForm({
    paymentMethods: ['card', 'mada'],
    state: 'test',
    'messages.done.ar': 'شكرا',
  });
  assert.deepEqual(input.paymentMethods, ['card', 'mada']);
  assert.equal(input.isPublished, false);
  assert.equal(input.captureManually, false);
  assert.equal(input.messages.done.ar, 'شكرا');
  assert.deepEqual(readProviderForm({ paymentMethods: 'card' }).paymentMethods, ['card']);
});

test('switching state sets the default publication unless the toggle was moved in the same save', () => {
  const stored = newProviderConfig({ id: 'p1' });
  const base = { ...formValuesOf(stored) };
  assert.equal(applyProviderInput(stored, { ...base, state: 'enabled' }).config.isPublished, true);
  assert.equal(applyProviderInput(stored, { ...base, state: 'test' }).config.isPublished, false);
  const enabled = { ...stored, state: 'enabled' as const, isPublished: true };
  assert.equal(
    applyProviderInput(enabled, { ...formValuesOf(enabled), state: 'test', isPublished: true }).config
      .isPublished,
    false,
  );
  assert.equal(
    applyProviderInput(enabled, { ...formValuesOf(enabled), state: 'disabled' }).config.isPublished,
    false,
  );
  const test = { ...stored, state: 'test' as const, isPublished: false };
  assert.equal(
    applyProviderInput(test, { ...formValuesOf(test), isPublished: true }).config.isPublished,
    true,
  );
});

test('amount limits are read as decimals of their currency', () => {
  const stored = newProviderConfig({ id: 'p2' });
  const { config, errors } = applyProviderInput(stored, {
    ...formValuesOf(stored),
    minAmount: '10',
    maxAmount: '1500.500',
    amountCurrency: 'kwd',
  });
  assert.deepEqual(errors, []);
  assert.equal(config.minAmount, 10000);
  assert.equal(config.maxAmount, 1500500);
  assert.equal(config.amountCurrency, 'KWD');
  const bad = applyProviderInput(stored, {
    ...formValuesOf(stored),
    minAmount: '10.123',
    amountCurrency: 'SAR',
  });
  assert.equal(bad.errors[0]?.field, 'minAmount');
  const noCurrency = applyProviderInput(stored, { ...formValuesOf(stored), maxAmount: '10' });
  assert.equal(noCurrency.errors[0]?.field, 'amountCurrency');
});

forEachDatabase('provider settings', (db) => {
  let ctx: ServiceContext;
  const setup = () => {
    ctx ??= createServiceContext({
      store: db.store,
      clock: db.clock,
      logger: createLogger('silent'),
      metrics: createMetrics(),
      publicUrl: 'https://shop.example.com',
      secret: 'provider-settings-test-secret-0123456789abcdef',
    });
    return ctx;
  };

  test('a new APS provider is disabled, unpublished, card only, and a second one gets a numbered name', async () => {
    const first = await createApsProviderSettings(setup(), 'Amazon Payment Services');
    const second = await createApsProviderSettings(setup(), 'Amazon Payment Services');
    assert.equal(first.state, 'disabled');
    assert.equal(first.isPublished, false);
    assert.deepEqual(first.paymentMethods, ['card']);
    assert.notEqual(second.name, first.name);
    assert.deepEqual(first.missingCredentials, [
      'merchantIdentifier',
      'accessCode',
      'shaRequestPhrase',
      'shaResponsePhrase',
    ]);
  });

  test('saving the seed configuration enables and publishes the provider with sealed credentials', async () => {
    const created = await createApsProviderSettings(setup(), 'Seed');
    const result = await saveProviderSettings(setup(), created.id, seedInput(created));
    assert.equal(result.ok, true);
    const record = await db.store.repos.providers.findById(created.id);
    assert.equal(record?.state, 'enabled');
    assert.equal(record?.isPublished, true);
    assert.ok(record?.accessCodeEnc && !record.accessCodeEnc.includes(ACCESS_CODE));
    const opened = toProviderConfig(record!, setup().secretBox);
    assert.equal(opened.accessCode, ACCESS_CODE);
    assert.equal(opened.shaRequestPhrase, REQUEST_PHRASE);
    assert.equal(opened.shaResponsePhrase, RESPONSE_PHRASE);
  });

  test('what leaves the service never holds a secret: only "set" and the last four characters when long enough', async () => {
    const created = await createApsProviderSettings(setup(), 'Hints');
    await saveProviderSettings(setup(), created.id, seedInput(created));
    const view = await loadProviderSettings(setup(), created.id);
    const text = JSON.stringify(view);
    for (const secret of [ACCESS_CODE, REQUEST_PHRASE, RESPONSE_PHRASE])
      assert.equal(text.includes(secret), false);
    assert.deepEqual(view.secrets.accessCode, { set: true, lastFour: '2qri' });
    assert.deepEqual(view.secrets.shaRequestPhrase, { set: true, lastFour: '8f2k1'.slice(-4) });
  });

  test('an empty secret keeps the stored value, a typed one replaces it', async () => {
    const created = await createApsProviderSettings(setup(), 'Keep');
    await saveProviderSettings(setup(), created.id, seedInput(created));
    const stored = await loadProviderSettings(setup(), created.id);
    await saveProviderSettings(setup(), created.id, {
      ...formValuesOf(stored),
      shaResponsePhrase: 'a-brand-new-response-phrase',
    });
    const opened = toProviderConfig(
      (await db.store.repos.providers.findById(created.id))!,
      setup().secretBox,
    );
    assert.equal(opened.accessCode, ACCESS_CODE);
    assert.equal(opened.shaRequestPhrase, REQUEST_PHRASE);
    assert.equal(opened.shaResponsePhrase, 'a-brand-new-response-phrase');
  });

  test('Test or Enabled without the four credentials is refused, naming each missing field, and nothing is saved', async () => {
    const created = await createApsProviderSettings(setup(), 'Missing');
    const result = await saveProviderSettings(setup(), created.id, {
      ...formValuesOf(created),
      state: 'test',
      merchantIdentifier: 'MxvOupuG',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.map((e) => e.field).sort(), [
      'accessCode',
      'shaRequestPhrase',
      'shaResponsePhrase',
    ]);
    assert.equal((await db.store.repos.providers.findById(created.id))?.state, 'disabled');
  });

  test('a disabled provider cannot be published, from the form or the toggle, with the reason', async () => {
    const created = await createApsProviderSettings(setup(), 'NoPublish');
    const result = await saveProviderSettings(setup(), created.id, {
      ...formValuesOf(created),
      isPublished: true,
    });
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.match(
        result.errors.find((e) => e.field === 'isPublished')?.message ?? '',
        /disabled provider cannot be published/,
      );
    await assert.rejects(
      setProviderPublication(setup(), created.id, true),
      (err: unknown) => err instanceof ValidationError && err.fields[0]?.field === 'isPublished',
    );
  });

  test('manual capture with a purchase-only method is refused on captureManually', async () => {
    const created = await createApsProviderSettings(setup(), 'Capture');
    const result = await saveProviderSettings(setup(), created.id, {
      ...formValuesOf(created),
      paymentMethods: ['card', 'mada'],
      captureManually: true,
    });
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.errors[0]?.field, 'captureManually');
  });

  test('the save log names the changed fields, never their values', async () => {
    const lines: string[] = [];
    const logged = {
      ...setup(),
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    };
    const created = await createApsProviderSettings(logged, 'Logged');
    await saveProviderSettings(logged, created.id, seedInput(created), { userId: 'u1' });
    const output = lines.join('');
    assert.match(output, /"changed":\[[^\]]*"accessCode"/);
    for (const secret of [ACCESS_CODE, REQUEST_PHRASE, RESPONSE_PHRASE])
      assert.equal(output.includes(secret), false);
  });
});
