/**
 * A load generator run as its own process (so it does not share the server's CPU time slices in the same
 * event loop): POSTs each body once over `connections` keep-alive connections and reports throughput
 * and latency percentiles as JSON on stdout.
 * Input (env): LOAD_URL, LOAD_BODIES (file with one body per line), LOAD_CONTENT_TYPE, LOAD_CONNECTIONS.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

const url = new URL(process.env.LOAD_URL!);
const bodies = readFileSync(process.env.LOAD_BODIES!, 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const contentType = process.env.LOAD_CONTENT_TYPE ?? 'application/x-www-form-urlencoded';
const connections = Number(process.env.LOAD_CONNECTIONS ?? 32);
const agent = new Agent({ keepAlive: true, maxSockets: connections });

function send(body: string): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

let next = 0;
const latencies: number[] = [];
const statuses = new Map<number, number>();
async function worker(): Promise<void> {
  while (next < bodies.length) {
    const body = bodies[next++]!;
    const { status, ms } = await send(body);
    latencies.push(ms);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}

const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: connections }, worker));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    seconds,
    throughput: latencies.length / seconds,
    p50: pct(50),
    p99: pct(99),
    statuses: Object.fromEntries(statuses),
  }),
);
agent.destroy();
