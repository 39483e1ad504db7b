#!/usr/bin/env -S node --max-semi-space-size=4 --single-threaded-gc --heap-growing-percent=20
// The flags keep V8's young generation at 2 × 4 MB instead of its default 2 × 16 MB (under the webhook
// load: the same throughput, a lower p99, about 20 MB less resident memory), run its garbage
// collector on the main thread instead of helper threads (on one core — a small VM, a container
// limited to one CPU — the helpers only wait for the main thread's core while the heap grows: 15–40 MB
// less resident memory, the same throughput), and let the old generation grow by a fifth of what
// survived the last full collection before the next one, instead of a factor V8 picks between 1.1 and
// 4 (under the webhook load on PostgreSQL: peak resident memory 112–114 MB instead of 128–166 MB, the
// same throughput; docs/performance.md). `npm start` passes the same flags; `node bin/payport.js`
// runs without them.
// payport's command-line entry point: runs the compiled CLI when dist/ matches the sources (see
// compiled.js), otherwise loads the TypeScript sources through tsx.
import { compiledModule } from './compiled.js';

let entry = compiledModule('cli/main');
if (!entry) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/cli/main.ts', import.meta.url).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
