/**
 * Opened provider credentials are kept by sealed value (services/provider-accounts.ts): what is kept can
 * never answer for a value it was not opened from, nor for another secret.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { openCredential, sealCredential } from '../../src/services/provider-accounts.js';

const box = createSecretBox('opened-credentials-test-secret-0123456789abc', 'credentials');

test('a credential opens to its value again and again, and a new sealing of another value to that one', () => {
  const sealed = sealCredential(box, 'prov-1', 'shaResponsePhrase', 'first-phrase')!;
  assert.equal(openCredential(box, 'prov-1', 'shaResponsePhrase', sealed), 'first-phrase');
  assert.equal(openCredential(box, 'prov-1', 'shaResponsePhrase', sealed), 'first-phrase');
  const changed = sealCredential(box, 'prov-1', 'shaResponsePhrase', 'second-phrase')!;
  assert.equal(openCredential(box, 'prov-1', 'shaResponsePhrase', changed), 'second-phrase');
});

test('a value opened once still refuses another provider, another field, another secret or a change', () => {
  const sealed = sealCredential(box, 'prov-2', 'accessCode', 'access-code-1234')!;
  assert.equal(openCredential(box, 'prov-2', 'accessCode', sealed), 'access-code-1234');
  assert.throws(() => openCredential(box, 'prov-3', 'accessCode', sealed));
  assert.throws(() => openCredential(box, 'prov-2', 'shaRequestPhrase', sealed));
  const other = createSecretBox('another-secret-entirely-0123456789abcdefgh', 'credentials');
  assert.throws(() => openCredential(other, 'prov-2', 'accessCode', sealed));
  const last = sealed.at(-1) === 'A' ? 'B' : 'A';
  assert.throws(() => openCredential(box, 'prov-2', 'accessCode', `${sealed.slice(0, -1)}${last}`));
});
