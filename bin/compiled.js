// Whether payport's compiled JavaScript (dist/, written by `npm run build`) matches the TypeScript
// sources in src/. The compiled form starts faster and uses less memory (no TypeScript loader thread);
// when it is missing or older than the sources, the entry points run the sources through tsx instead.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const sourceDir = join(root, 'src');
export const distDir = join(root, 'dist');
export const stampFile = join(distDir, '.source-fingerprint');

/** Every file under src/ (compiled or copied), without tests. */
export function sourceFiles(dir = sourceDir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (!entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** A fingerprint of the sources: their names, sizes and modification times. */
export function sourceFingerprint() {
  const lines = sourceFiles().map((file) => {
    const { size, mtimeMs } = statSync(file);
    return `${relative(sourceDir, file)}\0${size}\0${mtimeMs}`;
  });
  return createHash('sha256').update(lines.sort().join('\n')).digest('hex');
}

/** The compiled module for `src/<path>.ts` when dist/ is up to date, else undefined. */
export function compiledModule(path) {
  if (process.env.PAYPORT_RUN_SOURCES === '1' || !existsSync(stampFile)) return undefined;
  try {
    if (readFileSync(stampFile, 'utf8').trim() !== sourceFingerprint()) return undefined;
  } catch {
    return undefined;
  }
  return new URL(`../dist/${path}.js`, import.meta.url).href;
}
