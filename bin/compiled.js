// Whether payport's compiled JavaScript (dist/, written by `npm run build`) matches the TypeScript
// sources in src/, by content. The compiled form starts faster and uses less memory (no TypeScript
// loader thread); when it is missing or differs from the sources, the entry points run the sources
// through tsx instead, so an edited source file is never shadowed by stale compiled code.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const sourceDir = join(root, 'src');
export const distDir = join(root, 'dist');
export const stampFile = join(distDir, '.source-fingerprint');

/** Every file under `dir` (compiled or copied), without tests. */
export function sourceFiles(dir = sourceDir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(full, out);
    else if (!entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/**
 * A fingerprint of the sources under `dir`: their names and contents (not their times, so a copied or
 * unpacked release is still recognised as built).
 */
export function sourceFingerprint(dir = sourceDir) {
  const hash = createHash('sha256');
  for (const file of sourceFiles(dir).sort()) {
    hash.update(`${relative(dir, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** True when `stamp` records the fingerprint of the sources under `dir` as they are now. */
export function isBuildCurrent(dir = sourceDir, stamp = stampFile) {
  if (process.env.PAYPORT_RUN_SOURCES === '1' || !existsSync(stamp)) return false;
  try {
    return readFileSync(stamp, 'utf8').trim() === sourceFingerprint(dir);
  } catch {
    return false;
  }
}

/** The compiled module for `src/<path>.ts` when dist/ is current, else undefined. */
export function compiledModule(path) {
  return isBuildCurrent() ? new URL(`../dist/${path}.js`, import.meta.url).href : undefined;
}
