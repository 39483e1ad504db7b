import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import {
  loadCustomerBranding,
  loadMerchantLogo,
  MAX_LOGO_BYTES,
  removeMerchantLogo,
  saveMerchantLogo,
} from '../../src/services/merchant-logo.js';
import { saveMerchantSettings } from '../../src/services/merchant-settings.js';
import { forEachDatabase } from '../support/databases.js';
import { pngImage } from '../support/images.js';

forEachDatabase('the merchant logo', (db) => {
  test('stores a logo of nearly the largest size byte for byte, and removes it', async () => {
    const ctx = { store: db.store };
    const small = pngImage(64, 32);
    // Random-looking bytes after the picture make the file large without being a different format.
    const large = Buffer.concat([small, Buffer.alloc(MAX_LOGO_BYTES - small.length - 1, 7)]);
    const meta = await saveMerchantLogo(ctx, large);
    assert.deepEqual(
      { type: meta.type, width: meta.width, height: meta.height },
      {
        type: 'image/png',
        width: 64,
        height: 32,
      },
    );
    const stored = await loadMerchantLogo(ctx);
    assert.ok(stored);
    assert.ok(stored.bytes.equals(large));
    await saveMerchantSettings(ctx, { timeZone: 'UTC', name: 'Shop', accentColor: '#0B6E4F' });
    assert.deepEqual(await loadCustomerBranding(ctx), { name: 'Shop', accentColor: '#0b6e4f', logo: meta });
    await removeMerchantLogo(ctx);
    assert.equal(await loadMerchantLogo(ctx), null);
  });

  test('a refused logo leaves the stored one untouched', async () => {
    const ctx = { store: db.store };
    const first = await saveMerchantLogo(ctx, pngImage(10, 10));
    await assert.rejects(saveMerchantLogo(ctx, Buffer.from('<svg/>')), ValidationError);
    assert.equal((await loadMerchantLogo(ctx))?.meta.etag, first.etag);
  });
});
