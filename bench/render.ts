/** Payment-page and redirect-form render latency, in-process. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { newProviderConfig } from '../src/domain/provider.js';
import { paymentPayUrl } from '../src/http/public/index.js';
import { createLogger } from '../src/observability/logger.js';
import { startPayport } from '../src/server.js';
import { toProviderPatch } from '../src/services/provider-accounts.js';
import { BENCH_SECRET } from './fixtures.js';
import { percentile } from './harness.js';

/** p50/p99 of GET /payment/pay and of POST /payment/transaction (which answers the redirect form). */
export async function renderLatency(
  iterations: number,
): Promise<{ name: string; p50: number; p99: number }[]> {
  const running = await startPayport(
    {
      port: 0,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      databaseUrl: undefined,
      dataDir: mkdtempSync(join(tmpdir(), 'payport-bench-render-')),
      secret: BENCH_SECRET,
      adminPassword: undefined,
      trustProxy: false,
      logLevel: 'silent',
    },
    {
      listen: false,
      logger: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
      http: { rateLimits: false },
    },
  );
  try {
    const services = running.context.services;
    const record = await services.store.repos.providers.insert({ code: 'aps', name: 'APS' });
    const config = newProviderConfig({
      id: record.id,
      name: 'APS',
      state: 'test',
      isPublished: true,
      merchantIdentifier: 'BenchMerchant',
      accessCode: 'BenchAccessCode12345',
      shaRequestPhrase: 'bench-request-phrase',
      shaResponsePhrase: 'bench-response-phrase',
      shaType: 'sha256',
      paymentMethods: ['card', 'mada'],
    });
    await services.store.repos.providers.update(record.id, toProviderPatch(config, services.secretBox));
    const url = new URL(
      paymentPayUrl(services, {
        amount: '125.00',
        currency: 'SAR',
        reference: 'INV-1',
        email: 'customer@example.com',
      }),
    );
    const path = `${url.pathname}${url.search}`;
    const page: number[] = [];
    const redirect: number[] = [];
    for (let i = 0; i < iterations; i++) {
      let t0 = process.hrtime.bigint();
      const res = await running.app.inject({ method: 'GET', url: path });
      page.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.statusCode !== 200) throw new Error(`payment page answered ${res.statusCode}`);
      const form: Record<string, string> = {};
      for (const m of res.body.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
        const name = /name="([^"]+)"/.exec(m[0])?.[1];
        const value = /value="([^"]*)"/.exec(m[0])?.[1];
        if (name && value !== undefined) form[name] = value.replace(/&amp;/g, '&');
      }
      const method =
        /name="payment_method"[^>]*value="([^"]+)"/.exec(res.body)?.[1] ??
        /value="([^"]+)"[^>]*name="payment_method"/.exec(res.body)?.[1];
      t0 = process.hrtime.bigint();
      const posted = await running.app.inject({
        method: 'POST',
        url: '/payment/transaction',
        payload: new URLSearchParams({
          ...form,
          payment_method: (method ?? '').replace(/&amp;/g, '&'),
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      redirect.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (posted.statusCode !== 200)
        throw new Error(`redirect form answered ${posted.statusCode}: ${posted.body.slice(0, 300)}`);
    }
    page.sort((a, b) => a - b);
    redirect.sort((a, b) => a - b);
    return [
      { name: 'payment page (GET /payment/pay)', p50: percentile(page, 50), p99: percentile(page, 99) },
      {
        name: 'redirect form (POST /payment/transaction: draft transaction + signed form)',
        p50: percentile(redirect, 50),
        p99: percentile(redirect, 99),
      },
    ];
  } finally {
    await running.close();
  }
}
