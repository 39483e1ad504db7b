import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contrastRatio, readableOn, textColorOn } from '../../src/domain/color.js';
import {
  COUNTRY_CODES,
  countryChoices,
  countryName,
  isCountryCode,
  toCountryCode,
} from '../../src/domain/countries.js';
import { readImageInfo } from '../../src/domain/image.js';
import { jpegHeader, pngImage, webpHeader } from '../support/images.js';

describe('colours on customer pages', () => {
  test('button text is black or white, whichever reaches AA (4.5:1) on the accent', () => {
    for (let i = 0; i < 4096; i += 7) {
      const accent = `#${[i >> 8, (i >> 4) & 15, i & 15].map((n) => (n * 17).toString(16).padStart(2, '0')).join('')}`;
      assert.ok(contrastRatio(textColorOn(accent), accent) >= 4.5, accent);
    }
    assert.equal(textColorOn('#0b5cad'), '#ffffff');
    assert.equal(textColorOn('#ffcc00'), '#000000');
  });

  test('link colours are darkened to 4.5:1 on the page background, and left alone when already dark', () => {
    assert.equal(readableOn('#0b5cad', '#f5f7f9'), '#0b5cad');
    for (const accent of ['#ffcc00', '#ffffff', '#00ff00', '#ff0000', '#777777'])
      assert.ok(contrastRatio(readableOn(accent, '#f5f7f9'), '#f5f7f9') >= 4.5, accent);
  });
});

describe('countries', () => {
  test('the 249 assigned ISO 3166-1 codes, each with an English and an Arabic name', () => {
    assert.equal(new Set(COUNTRY_CODES).size, 249);
    assert.equal(countryName('SA', 'en'), 'Saudi Arabia');
    assert.equal(countryName('AE', 'ar'), 'الإمارات العربية المتحدة');
    assert.equal(countryChoices('en').length, 249);
  });

  test('only upper-case assigned codes are codes; input is trimmed and upper-cased first', () => {
    assert.equal(isCountryCode('SA'), true);
    for (const bad of ['sa', 'ZZ', 'XX', 'SAU', '', 1]) assert.equal(isCountryCode(bad), false);
    assert.equal(toCountryCode(' ae '), 'AE');
    assert.equal(toCountryCode('ZZ'), null);
    assert.equal(toCountryCode('<script>'), null);
  });
});

describe('pictures by their bytes', () => {
  test('reads the format and size of PNG, JPEG and WebP headers', () => {
    assert.deepEqual(readImageInfo(pngImage(3, 2)), { type: 'image/png', width: 3, height: 2 });
    assert.deepEqual(readImageInfo(jpegHeader(640, 480)), { type: 'image/jpeg', width: 640, height: 480 });
    assert.deepEqual(readImageInfo(webpHeader(300, 100)), { type: 'image/webp', width: 300, height: 100 });
  });

  test('refuses SVG, GIF, truncated and empty files', () => {
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('GIF89a\x01\x00\x01\x00'),
      pngImage(3, 2).subarray(0, 20),
      jpegHeader(10, 10).subarray(0, 12),
      Buffer.alloc(0),
    ])
      assert.equal(readImageInfo(bytes), null);
  });
});
