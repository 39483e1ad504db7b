#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ with tsc, copies the assets, and records the sources'
// fingerprint so bin/payport.js knows dist/ is current. `--if-available` (used on install) skips
// quietly when TypeScript is not installed (e.g. `npm install --omit=dev`): payport then runs the
// sources through tsx.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { distDir, root, sourceDir, sourceFiles, sourceFingerprint, stampFile } from '../bin/compiled.js';

const ifAvailable = process.argv.includes('--if-available');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  if (ifAvailable) {
    console.log('payport build: TypeScript is not installed; payport will run its sources through tsx.');
    process.exit(0);
  }
  console.error('payport build: TypeScript is not installed (npm install --include=dev).');
  process.exit(1);
}

const fingerprint = sourceFingerprint();
rmSync(distDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) {
  rmSync(distDir, { recursive: true, force: true });
  console.error('payport build: tsc failed; payport will run its sources through tsx.');
  process.exit(ifAvailable ? 0 : 1);
}
for (const file of sourceFiles()) {
  if (file.endsWith('.ts')) continue;
  const target = join(distDir, relative(sourceDir, file));
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
}
writeFileSync(stampFile, `${fingerprint}\n`);
console.log(`payport build: compiled src/ to ${relative(root, distDir)}/`);
