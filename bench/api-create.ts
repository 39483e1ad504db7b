/** `POST /api/v1/transactions` throughput (S16): create a draft and answer its signed redirect form. */
import { createApiKey } from '../src/services/api/api-keys.js';
import type { LoadResult } from './harness.js';
import { medianRun, payportServer, type BenchSizes, type BenchTarget } from './scenarios.js';
import { runLoad } from './wrk.js';

/** The same payment created over and over (payport picks each reference) by a signed-in merchant. */
export const API_BODY = JSON.stringify({
  amount: '125.00',
  currency: 'SAR',
  payment_method: 'card',
  customer: { email: 'customer@example.com', lang: 'en' },
});

/** Median of `sizes.runs` load runs of `POST /api/v1/transactions` against one server on `target`. */
export async function apiCreate(
  target: BenchTarget,
  sizes: BenchSizes,
): Promise<LoadResult & { runs: LoadResult[] }> {
  let key = '';
  const server = await payportServer(target, 10_000, 0, async (store) => {
    key = (await createApiKey({ store }, { name: 'benchmark' })).key;
  });
  try {
    const runs: LoadResult[] = [];
    // The first run warms the server up and is not counted (as for the webhook: scenarios.ts).
    for (let run = -1; run < sizes.runs; run++) {
      const result = await runLoad(`${server.url}/api/v1/transactions`, [API_BODY], {
        seconds: sizes.seconds,
        contentType: 'application/json',
        headers: [`Authorization: Bearer ${key}`],
        serverPid: server.pid,
      });
      if (run >= 0) runs.push(result);
    }
    return { ...medianRun(runs), runs };
  } finally {
    await server.stop();
  }
}
