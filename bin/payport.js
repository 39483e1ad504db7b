#!/usr/bin/env -S node --max-semi-space-size=4
// The flag keeps V8's young generation at 2 × 4 MB instead of its default 2 × 16 MB: under the webhook
// load it measured the same throughput with a lower p99 and about 20 MB less resident memory
// (docs/performance.md). `npm start` passes the same flag; `node bin/payport.js` runs without it.
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
