import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isLanguage, LANGUAGES, toLanguage } from '../../src/domain/locale.js';

describe('languages', () => {
  test('are English and Arabic', () => assert.deepEqual([...LANGUAGES], ['en', 'ar']));

  test('any Arabic locale becomes ar', () => {
    for (const locale of ['ar', 'AR', 'ar-SA', 'ar_KW', ' ar-ae '])
      assert.equal(toLanguage(locale), 'ar', locale);
  });

  test('every other locale, or none, becomes en', () => {
    for (const locale of ['en', 'en-US', 'fr', 'fr-FR', 'arm', 'are', '', null, undefined]) {
      assert.equal(toLanguage(locale), 'en', String(locale));
    }
  });

  test('isLanguage accepts exactly en and ar', () => {
    assert.ok(isLanguage('en'));
    assert.ok(isLanguage('ar'));
    for (const value of ['EN', 'ar-SA', 'fr', '', null]) assert.equal(isLanguage(value), false);
  });
});
