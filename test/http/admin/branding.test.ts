import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { paymentPayUrl } from '../../../src/services/signed-pay-links.js';
import { seedApsProvider } from '../../support/payport.js';
import { jpegHeader, pngImage, webpHeader } from '../../support/images.js';
import { startAdmin, type AdminClient, type AdminHarness } from './helpers.js';

let h: AdminHarness;
let admin: AdminClient;

before(async () => {
  h = await startAdmin();
  await seedApsProvider(h.ctx.services);
  await h.addUser('admin@example.com', 'admin');
  await h.addUser('operator@example.com', 'operator');
  admin = h.client();
  await admin.signIn('admin@example.com', 'correct horse battery staple');
});
after(() => h.close());

/** Posts the logo form as a browser does (multipart), with the client's cookies and CSRF token. */
async function uploadLogo(
  client: AdminClient,
  file: { data: Buffer; filename: string; type: string } | null,
  options: { lang?: 'en' | 'ar'; csrf?: string } = {},
) {
  const boundary = '----payportTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${options.csrf ?? client.csrf}\r\n`,
    ),
  ];
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="logo"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return h.app.inject({
    method: 'POST',
    url: `/admin/settings/logo${options.lang ? `?lang=${options.lang}` : ''}`,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

function customerPage(lang: 'en' | 'ar' = 'en') {
  const url = paymentPayUrl(h.ctx.services, { amount: '10.00', currency: 'SAR', lang });
  return h.app.inject({ method: 'GET', url: url.slice(h.ctx.services.publicUrl.length) });
}

describe('customer pages without branding', () => {
  test('keep payport’s look: no header strip, no theme, and /brand/logo is not found', async () => {
    const page = await customerPage();
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /brand-bar|\/brand\/theme\.css/);
    const logo = await h.app.inject({ method: 'GET', url: '/brand/logo' });
    assert.equal(logo.statusCode, 404);
  });
});

describe('the logo upload on /admin/settings (S21)', () => {
  test('refuses SVG, other files, empty and oversized uploads with the reason, in English and Arabic', async () => {
    await admin.get('/admin/settings?lang=en');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const cases: [{ data: Buffer; filename: string; type: string } | null, RegExp][] = [
      [
        { data: svg, filename: 'logo.svg', type: 'image/svg+xml' },
        /only PNG, JPEG or WebP pictures are accepted/,
      ],
      [
        { data: svg, filename: 'logo.png', type: 'image/png' },
        /only PNG, JPEG or WebP pictures are accepted/,
      ],
      [{ data: Buffer.from('GIF89a'), filename: 'a.gif', type: 'image/gif' }, /only PNG, JPEG or WebP/],
      [null, /choose a PNG, JPEG or WebP file/],
      [
        { data: Buffer.alloc(0), filename: '', type: 'application/octet-stream' },
        /choose a PNG, JPEG or WebP file/,
      ],
      [
        {
          data: Buffer.concat([pngImage(2, 2), Buffer.alloc(300 * 1024)]),
          filename: 'big.png',
          type: 'image/png',
        },
        /a logo may be at most 256 KB/,
      ],
      [{ data: pngImage(5000, 1), filename: 'wide.png', type: 'image/png' }, /at most 4096 pixels/],
    ];
    for (const [file, message] of cases) {
      const res = await uploadLogo(admin, file);
      assert.equal(res.statusCode, 422, `${file?.filename}: ${res.body.slice(0, 200)}`);
      assert.match(res.body, /class="error-summary"/);
      assert.match(res.body, /href="#f-logo" data-field="logo"/);
      assert.match(res.body, message);
      assert.match(res.body, /id="f-logo"[^>]*aria-invalid="true"/);
    }
    const arabic = await uploadLogo(
      admin,
      { data: svg, filename: 'x.svg', type: 'image/svg+xml' },
      { lang: 'ar' },
    );
    assert.equal(arabic.statusCode, 422);
    assert.match(arabic.body, /لم يُحفظ شيء/);
    assert.match(arabic.body, /تُقبل صور PNG أو JPEG أو WebP فقط/);
    assert.equal(
      (await h.app.inject({ method: 'GET', url: '/brand/logo' })).statusCode,
      404,
      'nothing saved',
    );
  });

  test('a file far over the limit is cut off and the page still says why, in Arabic on an Arabic page', async () => {
    await admin.get('/admin/settings?lang=ar');
    const huge = Buffer.concat([pngImage(2, 2), Buffer.alloc(2 * 1024 * 1024)]);
    const res = await uploadLogo(admin, { data: huge, filename: 'huge.png', type: 'image/png' });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /<html lang="ar" dir="rtl"/);
    assert.match(res.body, /يجب ألا يتجاوز حجم الشعار 256 كيلوبايت/);
    assert.equal((await h.app.inject({ method: 'GET', url: '/brand/logo' })).statusCode, 404);
    await admin.get('/admin/settings?lang=en');
  });

  test('refuses a form without the CSRF token, and an operator, saving nothing', async () => {
    const forged = await uploadLogo(
      admin,
      { data: pngImage(4, 4), filename: 'a.png', type: 'image/png' },
      { csrf: 'x' },
    );
    assert.equal(forged.statusCode, 403);
    const operator = h.client();
    await operator.signIn('operator@example.com', 'correct horse battery staple');
    const refused = await uploadLogo(operator, {
      data: pngImage(4, 4),
      filename: 'a.png',
      type: 'image/png',
    });
    assert.equal(refused.statusCode, 403);
    assert.equal((await h.app.inject({ method: 'GET', url: '/brand/logo' })).statusCode, 404);
  });

  test('accepts a PNG, serves it with its type, ETag, caching and nosniff, and answers 304 to its ETag', async () => {
    const png = pngImage(120, 40);
    const res = await uploadLogo(admin, { data: png, filename: 'logo.png', type: 'image/png' });
    assert.equal(res.statusCode, 303, res.body);
    assert.equal(res.headers.location, '/admin/settings?saved=1');
    const logo = await h.app.inject({ method: 'GET', url: '/brand/logo' });
    assert.equal(logo.statusCode, 200);
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.equal(logo.headers['x-content-type-options'], 'nosniff');
    assert.match(String(logo.headers['cache-control']), /public, max-age=\d+/);
    assert.deepEqual(logo.rawPayload, png);
    const etag = String(logo.headers.etag);
    const again = await h.app.inject({
      method: 'GET',
      url: '/brand/logo',
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.statusCode, 304);
    const settings = await admin.get('/admin/settings');
    assert.match(settings.body, /<img src="\/brand\/logo\?v=[^"]+" alt="Logo" width="120" height="40"/);
  });

  test('accepts JPEG and WebP by their bytes, whatever the declared type', async () => {
    await admin.get('/admin/settings');
    for (const [data, type] of [
      [jpegHeader(64, 32), 'image/jpeg'],
      [webpHeader(64, 32), 'image/webp'],
    ] as const) {
      const res = await uploadLogo(admin, { data, filename: 'logo.bin', type: 'application/octet-stream' });
      assert.equal(res.statusCode, 303);
      const logo = await h.app.inject({ method: 'GET', url: '/brand/logo' });
      assert.equal(logo.headers['content-type'], type);
    }
  });
});

describe('customer pages with the merchant’s name, logo and accent colour', () => {
  before(async () => {
    await admin.get('/admin/settings');
    await uploadLogo(admin, { data: pngImage(120, 40), filename: 'logo.png', type: 'image/png' });
    await admin.get('/admin/settings');
    const saved = await admin.post('/admin/settings', {
      timeZone: 'UTC',
      name: 'Layla’s Books',
      accentColor: '#ffcc00',
    });
    assert.equal(saved.status, 303);
  });

  test('the payment page shows the logo (alt = name), the name and the accent stylesheet, in both languages', async () => {
    for (const lang of ['en', 'ar'] as const) {
      const page = await customerPage(lang);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<header class="brand-bar">/);
      assert.match(
        page.body,
        /<img\s+class="brand-logo"\s+src="\/brand\/logo\?v=[A-Za-z0-9_-]+"\s+alt="Layla’s Books"/,
      );
      assert.match(page.body, /<link rel="stylesheet" href="\/brand\/theme.css\?accent=ffcc00" \/>/);
    }
  });

  test('the public not-found page and the status page are branded too', async () => {
    const missing = await h.app.inject({
      method: 'GET',
      url: '/no/such/page',
      headers: { 'accept-language': 'ar' },
    });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /<html lang="ar" dir="rtl"/);
    assert.match(missing.body, /brand-bar/);
    const unknownLink = await h.app.inject({ method: 'GET', url: '/pay/nope' });
    assert.equal(unknownLink.statusCode, 404);
    assert.match(unknownLink.body, /alt="Layla’s Books"/);
    const status = await h.app.inject({ method: 'GET', url: '/payment/status?ref=X&token=y' });
    assert.match(status.body, /brand-bar/);
  });

  test('the theme gives the accent colour with readable button text and links (WCAG AA)', async () => {
    const css = await h.app.inject({ method: 'GET', url: '/brand/theme.css?accent=ffcc00' });
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    assert.match(css.body, /--accent: #ffcc00; --accent-ink: #000000; --accent-link: #806600;/);
    const dark = await h.app.inject({ method: 'GET', url: '/brand/theme.css?accent=0b6e4f' });
    assert.match(dark.body, /--accent-ink: #ffffff; --accent-link: #0b6e4f;/);
    for (const bad of ['red', 'ff00', '%3C%2Fstyle%3E', '']) {
      assert.equal(
        (await h.app.inject({ method: 'GET', url: `/brand/theme.css?accent=${bad}` })).statusCode,
        404,
      );
    }
  });

  test('the back office keeps payport’s own look', async () => {
    const page = await admin.get('/admin/settings');
    assert.doesNotMatch(page.body, /brand-bar|theme\.css/);
  });

  test('Remove logo takes it off the pages; the name stays', async () => {
    await admin.get('/admin/settings');
    const removed = await admin.post('/admin/settings/logo/remove');
    assert.equal(removed.status, 303);
    assert.equal((await h.app.inject({ method: 'GET', url: '/brand/logo' })).statusCode, 404);
    const page = await customerPage();
    assert.doesNotMatch(page.body, /brand-logo/);
    assert.match(page.body, /<span class="brand-name">Layla’s Books<\/span>/);
  });
});
