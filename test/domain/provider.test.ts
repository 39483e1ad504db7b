import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyStateChange,
  DEFAULT_PROVIDER_MESSAGES,
  isLiveProvider,
  maskSecret,
  newProviderConfig,
  PROVIDER_SHA_TYPES,
  PROVIDER_STATES,
  providerMessage,
  setPublished,
  type ProviderState,
} from '../../src/domain/provider.js';
import { SHA_TYPES } from '../../src/providers/aps/signature.js';
import { ValidationError } from '../../src/errors.js';

describe('a new provider', () => {
  test('starts disabled, unpublished, without credentials, with card only and default messages', () => {
    const p = newProviderConfig({ id: 'prv_1' });
    assert.equal(p.code, 'aps');
    assert.equal(p.name, 'Amazon Payment Services');
    assert.equal(p.state, 'disabled');
    assert.equal(p.isPublished, false);
    assert.deepEqual(
      [p.merchantIdentifier, p.accessCode, p.shaRequestPhrase, p.shaResponsePhrase, p.customBaseUrl],
      [null, null, null, null, null],
    );
    assert.equal(p.shaType, 'sha256');
    assert.deepEqual(p.paymentMethods, ['card']);
    assert.equal(p.captureManually, false);
    assert.deepEqual([p.currencies, p.countries, p.minAmount, p.maxAmount], [[], [], null, null]);
    assert.deepEqual(p.messages, DEFAULT_PROVIDER_MESSAGES);
  });

  test('takes the values it is given', () => {
    const p = newProviderConfig({ id: 'prv_2', name: 'APS KWD', state: 'test', sequence: 3 });
    assert.deepEqual([p.id, p.name, p.state, p.sequence], ['prv_2', 'APS KWD', 'test', 3]);
  });

  test('gets its own copy of the messages', () => {
    const p = newProviderConfig({ id: 'prv_3' });
    p.messages.done.en = 'Changed';
    assert.notEqual(DEFAULT_PROVIDER_MESSAGES.done.en, 'Changed');
    assert.notEqual(newProviderConfig({ id: 'prv_4' }).messages.done.en, 'Changed');
  });

  test('has an English and an Arabic default message for every situation but pre', () => {
    for (const kind of ['pending', 'authorized', 'done', 'cancel'] as const) {
      assert.ok(DEFAULT_PROVIDER_MESSAGES[kind].en.length > 0, kind);
      assert.match(DEFAULT_PROVIDER_MESSAGES[kind].ar, /[\u0600-\u06FF]/, kind);
    }
    assert.deepEqual(DEFAULT_PROVIDER_MESSAGES.pre, { en: '', ar: '' });
  });

  test('offers the same SHA types as the APS signature module', () => {
    assert.deepEqual([...PROVIDER_SHA_TYPES], [...SHA_TYPES]);
  });
});

describe('applyStateChange', () => {
  // [from, published before, to, published after]
  const cases: Array<[ProviderState, boolean, ProviderState, boolean]> = [
    ['disabled', false, 'test', false],
    ['disabled', false, 'enabled', true],
    ['test', false, 'enabled', true],
    ['test', true, 'enabled', true],
    ['enabled', true, 'test', false],
    ['enabled', false, 'test', false],
    ['enabled', true, 'disabled', false],
    ['test', true, 'disabled', false],
    ['test', true, 'test', true],
    ['test', false, 'test', false],
    ['enabled', false, 'enabled', false],
    ['disabled', false, 'disabled', false],
  ];
  for (const [from, before, to, after] of cases) {
    test(`${from} (${before ? 'published' : 'unpublished'}) → ${to} is ${after ? 'published' : 'unpublished'}`, () => {
      const p = { ...newProviderConfig({ id: 'p' }), state: from, isPublished: before };
      const changed = applyStateChange(p, to);
      assert.equal(changed.state, to);
      assert.equal(changed.isPublished, after);
    });
  }

  test('covers every pair of states', () => {
    assert.deepEqual([...PROVIDER_STATES], ['disabled', 'test', 'enabled']);
  });

  test('does not modify the provider it is given', () => {
    const p = newProviderConfig({ id: 'p' });
    const changed = applyStateChange(p, 'enabled');
    assert.equal(p.state, 'disabled');
    assert.equal(p.isPublished, false);
    assert.notEqual(changed, p);
  });
});

describe('publishing', () => {
  test('a test provider can be published and unpublished by hand', () => {
    const p = newProviderConfig({ id: 'p', state: 'test' });
    assert.equal(setPublished(p, true).isPublished, true);
    assert.equal(setPublished({ ...p, isPublished: true }, false).isPublished, false);
  });

  test('a disabled provider cannot be published, and the error says why', () => {
    const p = newProviderConfig({ id: 'p' });
    assert.throws(
      () => setPublished(p, true),
      (err: unknown) =>
        err instanceof ValidationError &&
        err.fields[0]?.field === 'isPublished' &&
        /disabled provider cannot be published/.test(err.message),
    );
    assert.equal(setPublished(p, false).isPublished, false);
  });

  test('only enabled providers are live', () => {
    assert.equal(isLiveProvider(newProviderConfig({ id: 'p', state: 'enabled' })), true);
    assert.equal(isLiveProvider(newProviderConfig({ id: 'p', state: 'test' })), false);
    assert.equal(isLiveProvider(newProviderConfig({ id: 'p', state: 'disabled' })), false);
  });
});

describe('providerMessage', () => {
  test('returns the message in the language asked for', () => {
    const p = newProviderConfig({ id: 'p' });
    assert.equal(providerMessage(p, 'cancel', 'ar'), DEFAULT_PROVIDER_MESSAGES.cancel.ar);
    assert.equal(providerMessage(p, 'cancel', 'en'), DEFAULT_PROVIDER_MESSAGES.cancel.en);
  });

  test('falls back to English when the Arabic text is empty', () => {
    const p = newProviderConfig({ id: 'p' });
    p.messages.pre = { en: 'Pay securely with APS.', ar: '' };
    assert.equal(providerMessage(p, 'pre', 'ar'), 'Pay securely with APS.');
  });
});

describe('maskSecret', () => {
  test('says "not set" for missing values', () => {
    assert.equal(maskSecret(null), 'not set');
    assert.equal(maskSecret(undefined), 'not set');
    assert.equal(maskSecret(''), 'not set');
  });

  test('shows only the last four characters of a long secret', () => {
    assert.equal(maskSecret('SILgpo7pWbmzuURp2qri'), 'set, ends in …2qri');
    assert.equal(maskSecret('abcdefghijkl'), 'set, ends in …ijkl');
  });

  test('reveals nothing of a short secret', () => {
    assert.equal(maskSecret('PASS'), 'set');
    assert.equal(maskSecret('abcdefghijk'), 'set');
  });

  test('never returns the secret itself', () => {
    const secret = 'very-secret-phrase-123';
    assert.equal(maskSecret(secret).includes(secret.slice(0, -4)), false);
  });

  test('counts characters, not UTF-16 units', () => {
    assert.equal(maskSecret('😀😀😀😀😀😀😀😀😀😀😀x😀😀😀'), 'set, ends in …x😀😀😀');
  });
});
