import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CommandIO } from '../../src/cli/command.js';
import { main } from '../../src/cli/main.js';
import { createTestPayport, seedApsProvider, type TestPayport } from '../support/payport.js';

let pp: TestPayport;
before(async () => {
  pp = await createTestPayport();
  await seedApsProvider(pp.services);
});
after(() => pp.close());

function captureIO(): CommandIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdin: Readable.from([]),
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    // The installation's own secret and address, as `payport start` would read them.
    env: { PAYPORT_SECRET: pp.services.secret, PUBLIC_URL: pp.services.publicUrl },
    cwd: mkdtempSync(join(tmpdir(), 'payport-links-')),
    out,
    err,
  };
}

describe('payport links sign', () => {
  test('prints a /payment/pay link that the payment page accepts, with every parameter shown', async () => {
    const io = captureIO();
    const code = await main(
      [
        'links',
        'sign',
        '--amount',
        '250.00',
        '--currency',
        'sar',
        '--reference',
        'INV-2026-0042',
        '--email',
        'layla@example.com',
        '--lang',
        'ar',
      ],
      io,
    );
    assert.equal(code, 0, io.err.join('\n'));
    assert.equal(io.out.length, 1);
    const url = new URL(io.out[0]!);
    assert.equal(`${url.origin}`, new URL(pp.services.publicUrl).origin);
    assert.equal(url.pathname, '/payment/pay');
    assert.equal(url.searchParams.get('currency'), 'SAR');
    assert.match(url.searchParams.get('access_token') ?? '', /^[A-Za-z0-9_-]{43}$/);
    const page = await pp.running.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /INV-2026-0042/);
    assert.match(page.body, /<html lang="ar"/);
  });

  test('a link with one parameter changed is refused by the payment page', async () => {
    const io = captureIO();
    assert.equal(await main(['links', 'sign', '--amount', '10', '--currency', 'SAR'], io), 0);
    const url = new URL(io.out[0]!);
    url.searchParams.set('amount', '1');
    const page = await pp.running.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    assert.equal(page.statusCode, 404);
  });

  test('--country signs the customer country into the link, and the page accepts no other', async () => {
    const io = captureIO();
    assert.equal(
      await main(['links', 'sign', '--amount', '10', '--currency', 'SAR', '--country', 'sa'], io),
      0,
    );
    const url = new URL(io.out[0]!);
    assert.equal(url.searchParams.get('country'), 'SA');
    const page = await pp.running.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    assert.equal(page.statusCode, 200, page.body);
    url.searchParams.set('country', 'AE');
    const changed = await pp.running.app.inject({ method: 'GET', url: `${url.pathname}${url.search}` });
    assert.equal(changed.statusCode, 404);
  });

  test('bad arguments get one line naming the option, exit code 2, and no link', async () => {
    const cases: [string[], RegExp][] = [
      [['links', 'sign', '--currency', 'SAR'], /--amount is required/],
      [['links', 'sign', '--amount', '12.50'], /--currency is required/],
      [['links', 'sign', '--amount', 'twelve', '--currency', 'SAR'], /--amount /],
      [
        ['links', 'sign', '--amount', '12.50', '--currency', 'SAR', '--email', 'not-an-email'],
        /--email is not a valid email address/,
      ],
      [
        ['links', 'sign', '--amount', '1', '--currency', 'SAR', '--landing-url', 'javascript:alert(1)'],
        /--landing-url must be an absolute http/,
      ],
      [['links', 'sign', '--amount', '1', '--currency', 'SAR', '--lang', 'fr'], /--lang must be en or ar/],
      [
        ['links', 'sign', '--amount', '1', '--currency', 'SAR', '--colour', 'red'],
        /Unknown option '--colour'/,
      ],
      [['links', 'make'], /unknown subcommand "make"/],
      [
        ['links', 'sign', '--amount', '1', '--currency', 'SAR', '--country', 'ZZ'],
        /--country is not an ISO 3166-1/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = captureIO();
      assert.equal(await main(argv, io), 2, argv.join(' '));
      assert.deepEqual(io.out, [], argv.join(' '));
      assert.equal(io.err.length, 1, argv.join(' '));
      assert.match(io.err[0]!, message);
      assert.doesNotMatch(io.err[0]!, /\n/);
    }
  });

  test('--help explains every option with an example', async () => {
    const io = captureIO();
    assert.equal(await main(['links', 'sign', '--help'], io), 0);
    for (const option of [
      '--amount',
      '--currency',
      '--reference',
      '--email',
      '--name',
      '--lang',
      '--landing-url',
    ])
      assert.match(io.out.join('\n'), new RegExp(option));
    const top = captureIO();
    assert.equal(await main(['--help'], top), 0);
    assert.match(top.out.join('\n'), /links/);
  });
});
