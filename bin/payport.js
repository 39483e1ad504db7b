#!/usr/bin/env node
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
