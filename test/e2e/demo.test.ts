/**
 * End to end over HTTP with no cookies: `payport start --demo` as a real process, the first-run block,
 * the printed payment link paid with a test card on the simulator's hosted page, APS' return and
 * feedback both reaching payport, and a graceful restart that keeps everything.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const next = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once('error', () => resolve(false))
        .listen(port + 1, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (next && port < 65000) return port;
  }
}

interface Started {
  child: ChildProcess;
  output: string;
}

async function startDemo(dataDir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, [join(root, 'bin/payport.js'), 'start', '--demo'], {
    cwd: dataDir,
    env: {
      ...process.env,
      PORT: String(port),
      PAYPORT_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PAYPORT_ADMIN_PASSWORD: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!/Simulator: /.test(output)) {
    if (child.exitCode !== null) throw new Error(`payport exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`no first-run block within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    get output() {
      return output;
    },
  };
}

async function stop(started: Started): Promise<number | null> {
  if (started.child.exitCode !== null) return started.child.exitCode;
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  return exited;
}

function inputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '';
    if (!name || /type="radio"/.test(tag)) continue;
    fields[name] = value
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  }
  return fields;
}

function formAction(html: string, base: string): string {
  const action = /<form\b[^>]*\baction="([^"]*)"/.exec(html)?.[1];
  assert.ok(action, 'the page has a form with an action');
  return new URL(action.replace(/&amp;/g, '&'), base).toString();
}

async function post(url: string, fields: Record<string, string>, origin?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
      ...(origin && { origin }),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('payport start --demo, end to end over HTTP without cookies', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-e2e-'));
  let port = 0;
  let first: Started;

  before(async () => {
    port = await freePortPair();
    first = await startDemo(dataDir, port);
  });
  after(async () => {
    if (first) await stop(first);
  });

  test('prints the first-run block, one item per line', () => {
    const lines = first.output.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Admin:'));
    assert.ok(at >= 0, first.output);
    assert.equal(lines[at], `Admin:        http://localhost:${port}/admin`);
    assert.equal(lines[at + 1], 'User:         admin');
    assert.match(lines[at + 2]!, /^Password: {5}\S{12,}$/);
    assert.match(lines[at + 3]!, new RegExp(`^Payment link: http://localhost:${port}/pay/[\\w-]+$`));
    assert.equal(lines[at + 4], `Simulator:    http://localhost:${port + 1}/dashboard`);
  });

  test('serves /healthz and /readyz', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
    assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
  });

  test('the printed payment link is paid with a test card and ends done', async () => {
    const link = /Payment link: (\S+)/.exec(first.output)![1]!;
    const page = await fetch(link);
    assert.equal(page.status, 200);
    const html = await page.text();
    const method =
      /name="payment_method"[^>]*value="([^"]+)"/.exec(html)?.[1] ??
      /value="([^"]+)"[^>]*name="payment_method"/.exec(html)?.[1];
    assert.ok(method, 'the page offers a payment method');
    const created = await post(formAction(html, link), {
      ...inputs(html),
      payment_method: method.replace(/&amp;/g, '&'),
      email: 'customer@example.com',
    });
    assert.equal(created.status, 200);
    const redirect = await created.text();
    assert.match(redirect, /data-autosubmit/);
    const apsUrl = formAction(redirect, link);
    assert.ok(apsUrl.startsWith(`http://localhost:${port + 1}/FortAPI/paymentPage`), apsUrl);
    // The hosted page answers the POST with a redirect to the session's card form, as a browser follows.
    const opened = await post(apsUrl, inputs(redirect), `http://localhost:${port}`);
    assert.equal(opened.status, 303, await opened.clone().text());
    const hosted = await fetch(new URL(opened.headers.get('location')!, apsUrl));
    const hostedHtml = await hosted.text();
    assert.equal(hosted.status, 200, hostedHtml.slice(0, 500));
    const paid = await post(
      formAction(hostedHtml, apsUrl),
      {
        ...inputs(hostedHtml),
        card_number: '4005550000000001',
        expiry_date: '3005',
        card_security_code: '123',
        card_holder_name: 'Test Customer',
      },
      `http://localhost:${port + 1}`,
    );
    const back = await paid.text();
    assert.equal(paid.status, 200);
    const returnUrl = formAction(back, apsUrl);
    assert.equal(returnUrl, `http://localhost:${port}/payment/aps/return`);
    const landed = await post(returnUrl, inputs(back), `http://localhost:${port + 1}`);
    assert.equal(landed.status, 303);
    const status = new URL(landed.headers.get('location')!, returnUrl);
    const poll = await fetch(`${status.origin}/payment/status/poll${status.search}`);
    const body = (await poll.json()) as { state: string; reference: string };
    assert.equal(body.state, 'done');
    // The simulator's Direct Transaction Feedback reaches the webhook too (a duplicate for payport).
    let delivered = false;
    for (let i = 0; i < 50 && !delivered; i++) {
      const answer = (await (await fetch(`http://127.0.0.1:${port + 1}/_sim/deliveries`)).json()) as unknown;
      const list = (
        Array.isArray(answer) ? answer : (answer as { deliveries: unknown[] }).deliveries
      ) as Array<{
        url: string;
        state: string;
        merchantReference: string;
      }>;
      delivered = list.some(
        (d) =>
          d.merchantReference === body.reference &&
          d.url.endsWith('/payment/aps/webhook') &&
          d.state === 'delivered',
      );
      if (!delivered) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(delivered, 'the Direct Transaction Feedback was acknowledged by payport');
  });

  test('SIGTERM stops it cleanly, and a restart keeps the data and prints "(unchanged)"', async () => {
    assert.equal(await stop(first), 0);
    const second = await startDemo(dataDir, port);
    try {
      assert.match(second.output, /^Password: {5}\(unchanged\)$/m);
      assert.match(second.output, /^Payment link: http:\/\/localhost:\d+\/pay\/[\w-]+$/m);
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
    } finally {
      assert.equal(await stop(second), 0);
    }
  });
});
