/**
 * Child process of test/observability/loaded-packages.test.ts: starts payport as `payport start` does
 * (configuration from the environment), lets it answer one request, and prints, as one JSON line, the
 * npm packages whose modules were resolved while it started and answered — the code a running server
 * keeps in memory. A module resolve hook (node:module `register`) reports every resolved URL.
 */
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const HOOK = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;

const resolved = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => resolved.add(url));
port1.unref();
register(`data:text/javascript,${encodeURIComponent(HOOK)}`, {
  data: { port: port2 },
  transferList: [port2],
});

const { loadConfig } = await import('../../src/config.js');
const { startPayport } = await import('../../src/server.js');
const { createLogger } = await import('../../src/observability/logger.js');
const config = loadConfig({ env: process.env, cwd: process.cwd() });
const running = await startPayport(config, { logger: createLogger('silent') });
const answer = await fetch(`${running.address}/readyz`);
await running.close();
// Let the hook thread's last messages arrive.
await new Promise((resolve) => setTimeout(resolve, 100));
const packages = new Set<string>();
for (const url of resolved) {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (match) packages.add(match[1]!);
}
process.stdout.write(`${JSON.stringify({ status: answer.status, packages: [...packages].sort() })}\n`);
