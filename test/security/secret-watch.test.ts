/**
 * The whole-suite secret scan (test/support/secret-watch.ts, preloaded by scripts/run-tests.mjs): a secret
 * echoed by a payport app — in an answer, a header or the log — or printed by a child process is found
 * and reported without the secret itself; a one-time display on the answer that creates the secret is
 * not; the simulator (which echoes APS fields by design) is not scanned; and a finding fails the test
 * that was running.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { paymentPayUrl } from '../../src/http/public/index.js';
import { API_SCOPES, createApiKey } from '../../src/services/api/api-keys.js';
import { addUser } from '../../src/services/auth/users.js';
import { createSimulator } from '../../src/simulator/index.js';
import { AdminClient } from '../http/admin/helpers.js';
import { redirectFormOf, submitCheckout } from '../http/public/helpers.js';
import {
  createTestPayport,
  seedApsProvider,
  TEST_CREDENTIALS,
  type TestPayport,
} from '../support/payport.js';
import { takeFindings, type Finding } from '../support/secret-watch.js';

const root = new URL('../..', import.meta.url).pathname;
const PASSWORD = 'watch-suite password 0123';
const JSON_TYPE = { 'content-type': 'application/json' };

/** Kind and place of each finding, after checking that none of them shows a secret. */
function placesOf(found: Finding[], ...secrets: string[]): [string, string][] {
  for (const finding of found) {
    assert.match(finding.excerpt, /\[SECRET\]/);
    const text = JSON.stringify(finding);
    for (const secret of secrets) assert.equal(text.includes(secret), false, `${text} shows a secret`);
  }
  return found.map((f) => [f.kind, f.where]);
}

describe('the whole-suite secret scan', () => {
  let p: TestPayport;
  let app: FastifyInstance;
  let admin: AdminClient;
  let apiKey: string;

  /** An app route that puts `value` where it must not go. */
  const echo = (value: string, to: 'answer' | 'header' | 'log' = 'answer') =>
    app.inject({
      method: 'POST',
      url: '/test/echo',
      headers: JSON_TYPE,
      payload: JSON.stringify({ value, to }),
    });

  before(async () => {
    p = await createTestPayport();
    app = p.running.app;
    app.post('/test/echo', async (request, reply) => {
      const { value, to } = request.body as { value: string; to: string };
      if (to === 'header') reply.header('x-echo', value);
      if (to === 'log') request.log.info({ echoed: value }, 'echo');
      return { echoed: to === 'answer' ? value : 'elsewhere' };
    });
    await seedApsProvider(p.services);
    await addUser(p.running.store, { email: 'admin@example.com', role: 'admin', password: PASSWORD });
    admin = new AdminClient(app);
    assert.equal((await admin.signIn('admin@example.com', PASSWORD)).status, 303);
    apiKey = (await createApiKey(p.services, { name: 'watch suite', scopes: [...API_SCOPES] })).key;
    assert.deepEqual(await takeFindings(), [], 'setting up leaks nothing');
  });
  after(() => p.close());

  test('a test credential in an answer, a header or a log line is found, and the finding does not show it', async () => {
    const phrase = TEST_CREDENTIALS.shaRequestPhrase;
    for (const to of ['answer', 'header', 'log'] as const)
      assert.equal((await echo(phrase, to)).statusCode, 200);
    assert.deepEqual(placesOf(await takeFindings(), phrase), [
      ['SHA request phrase', 'POST /test/echo (answer)'],
      ['SHA request phrase', 'POST /test/echo (header x-echo)'],
      ['SHA request phrase', 'log'],
    ]);
  });

  test('API keys and session cookies are learnt from the requests that use them and found when echoed', async () => {
    const listed = await app.inject({
      method: 'GET',
      url: '/api/v1/transactions',
      headers: { authorization: `Bearer ${apiKey}` },
    });
    assert.equal(listed.statusCode, 200);
    assert.equal((await admin.get('/admin/transactions')).status, 200);
    assert.deepEqual(await takeFindings(), [], 'using them is no leak');

    const session = admin.cookies.get('payport_session')!;
    await echo(apiKey);
    await echo(session, 'log');
    assert.deepEqual(placesOf(await takeFindings(), apiKey, session), [
      ['API key', 'POST /test/echo (answer)'],
      ['session cookie', 'log'],
    ]);
  });

  test('a new API key or endpoint secret may show in the answer that creates it, and nowhere else', async () => {
    await admin.get('/admin/developers');
    const created = await admin.post('/admin/developers/api-keys', { name: 'Shown once' });
    const shownKey = /ppk_[A-Za-z0-9_-]+/.exec(created.raw)?.[0];
    assert.ok(shownKey, 'the back office shows the new key');
    const endpoint = await app.inject({
      method: 'POST',
      url: '/api/v1/event-endpoints',
      headers: { ...JSON_TYPE, authorization: `Bearer ${apiKey}` },
      payload: JSON.stringify({ url: 'https://merchant.example/events' }),
    });
    assert.equal(endpoint.statusCode, 201, endpoint.body);
    const { secret } = endpoint.json() as { secret: string };
    assert.deepEqual(await takeFindings(), [], 'one-time displays are allowed');

    // A whole key is recognised by its shape even if no request ever used it.
    const unused = (await createApiKey(p.services, { name: 'never used' })).key;
    for (const value of [shownKey, secret, unused]) await echo(value);
    assert.deepEqual(placesOf(await takeFindings(), shownKey, secret, unused), [
      ['API key', 'POST /test/echo (answer)'],
      ['event-endpoint secret', 'POST /test/echo (answer)'],
      ['API key', 'POST /test/echo (answer)'],
    ]);
  });

  test('the redirect form may carry the access code, as APS requires; no other answer may', async () => {
    const payUrl = new URL(
      paymentPayUrl(p.services, {
        amount: '10.00',
        currency: 'SAR',
        reference: 'W-1',
        email: 'b@example.com',
      }),
    );
    const page = await app.inject({ method: 'GET', url: `${payUrl.pathname}${payUrl.search}` });
    assert.equal(page.statusCode, 200);
    const redirect = await submitCheckout(app, page.body);
    assert.equal(redirect.statusCode, 200, redirect.body.slice(0, 300));
    assert.equal(redirectFormOf(redirect.body).fields.access_code, TEST_CREDENTIALS.accessCode);
    assert.deepEqual(await takeFindings(), []);

    await echo(TEST_CREDENTIALS.accessCode, 'header');
    assert.deepEqual(placesOf(await takeFindings(), TEST_CREDENTIALS.accessCode), [
      ['access code', 'POST /test/echo (header x-echo)'],
    ]);
  });

  test("the simulator's answers are not scanned, but the credentials sent to it are learnt", async () => {
    const account = {
      merchantIdentifier: 'WatchMerchant01',
      accessCode: 'WatchSimAccess000001',
      shaRequestPhrase: 'watch-sim-request-phrase',
      shaResponsePhrase: 'watch-sim-response-phrase',
    };
    const sim = createSimulator({ logger: false });
    try {
      const put = await sim.app.inject({
        method: 'PUT',
        url: `/_sim/accounts/${account.merchantIdentifier}`,
        headers: JSON_TYPE,
        payload: JSON.stringify({ ...account, shaType: 'sha256' }),
      });
      assert.ok(put.statusCode < 300, put.body);
      const listed = await sim.app.inject({ method: 'GET', url: '/_sim/accounts' });
      assert.ok(listed.body.includes(account.shaResponsePhrase), 'the simulator shows its credentials');
      assert.deepEqual(await takeFindings(), []);
    } finally {
      await sim.close();
    }
    await echo(account.shaResponsePhrase);
    assert.deepEqual(placesOf(await takeFindings(), account.shaResponsePhrase), [
      ['SHA response phrase', 'POST /test/echo (answer)'],
    ]);
  });

  test('a card token is learnt from the provider message that carries it and found when echoed or logged', async () => {
    const token = 'b5e1c0ffee2a4d6f8a9b0c1d2e3f4a5b';
    const message = new URLSearchParams({
      merchant_reference: 'WATCH-TOKEN-1',
      token_name: token,
      status: '18',
    });
    await app.inject({
      method: 'POST',
      url: '/payment/aps/card',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: message.toString(),
    });
    assert.deepEqual(
      await takeFindings(),
      [],
      'the message itself is not a leak, and nothing echoes the token',
    );
    await echo(token);
    await echo(token, 'log');
    assert.deepEqual(placesOf(await takeFindings(), token), [
      ['card token', 'POST /test/echo (answer)'],
      ['card token', 'log'],
    ]);
  });

  test('child processes: a secret they print is found; `payport api-keys create` may print its new key', async () => {
    const phrase = TEST_CREDENTIALS.shaResponsePhrase;
    const printed = spawnSync(process.execPath, ['-e', 'console.log(process.argv[1])', phrase], {
      encoding: 'utf8',
    });
    assert.equal(printed.status, 0);
    assert.deepEqual(placesOf(await takeFindings(), phrase), [
      ['SHA response phrase', 'child node -e console.log(process.argv[1]) [SECRET]'],
    ]);

    const dataDir = mkdtempSync(join(tmpdir(), 'payport-watch-cli-'));
    try {
      const created = spawnSync(
        process.execPath,
        [join(root, 'bin/payport.js'), 'api-keys', 'create', '--name', 'From the CLI'],
        {
          cwd: dataDir,
          encoding: 'utf8',
          env: { ...process.env, PAYPORT_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
        },
      );
      assert.equal(created.status, 0, created.stderr);
      const key = /ppk_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0];
      assert.ok(key, 'the command prints the key');
      assert.deepEqual(await takeFindings(), [], 'printing it once is allowed');
      await echo(key);
      assert.deepEqual(placesOf(await takeFindings(), key), [['API key', 'POST /test/echo (answer)']]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

test('a finding fails the test during which it happened, or the file when it comes after the last test', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payport-watch-run-'));
  try {
    const file = join(dir, 'leaky.test.mts');
    const support = pathToFileURL(join(root, 'test/support/payport.ts')).href;
    writeFileSync(
      file,
      [
        `import { after, test } from 'node:test';`,
        `import { createTestPayport, TEST_CREDENTIALS } from ${JSON.stringify(support)};`,
        `const p = await createTestPayport();`,
        `p.running.app.get('/leak', async () => ({ phrase: TEST_CREDENTIALS.shaRequestPhrase }));`,
        `after(async () => {`,
        `  p.running.context.logger.info({ note: TEST_CREDENTIALS.accessCode }, 'closing');`,
        `  await p.close();`,
        `});`,
        `test('clean before', async () => void (await p.running.app.inject('/healthz')));`,
        `test('leaky', async () => void (await p.running.app.inject('/leak')));`,
        `test('clean after', () => {});`,
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_TEST_CONTEXT;
    delete env.PAYPORT_SECRET_WATCH_STATS;
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/support/secret-watch.ts',
        '--test',
        '--test-reporter=tap',
        file,
      ],
      { cwd: root, encoding: 'utf8', env },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    assert.equal(run.status, 1, output);
    assert.match(output, /^ok \d+ - clean before$/m);
    assert.match(output, /^not ok \d+ - leaky$/m);
    assert.match(output, /^ok \d+ - clean after$/m);
    assert.match(
      output,
      /secret scan: SHA request phrase in GET \/leak \(answer\): \{"phrase":"\[SECRET\]"\}/,
    );
    assert.match(output, /secret scan: access code in log: .*"note":"\[SECRET\]"/);
    assert.equal(output.includes(TEST_CREDENTIALS.shaRequestPhrase), false);
    assert.equal(output.includes(TEST_CREDENTIALS.accessCode), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
