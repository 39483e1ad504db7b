/**
 * payport runs its compiled form only while it matches the sources: a changed, added or removed source
 * file, or PAYPORT_RUN_SOURCES=1, sends it back to the TypeScript sources; copying the tree does not.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error -- plain JavaScript entry point, no type declarations
import { isBuildCurrent, sourceFingerprint } from '../../bin/compiled.js';

function tree(): { src: string; stamp: string; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'payport-compiled-'));
  const src = join(root, 'src');
  mkdirSync(join(src, 'http', 'assets'), { recursive: true });
  writeFileSync(join(src, 'main.ts'), 'export const answer = 42;\n');
  writeFileSync(join(src, 'http', 'assets', 'payport.css'), 'body { margin: 0 }\n');
  writeFileSync(join(src, 'main.test.ts'), 'tests are not part of the build\n');
  const stamp = join(root, 'dist', '.source-fingerprint');
  mkdirSync(join(root, 'dist'));
  writeFileSync(stamp, `${sourceFingerprint(src)}\n`);
  return { src, stamp, root };
}

test('a build is current for the sources it was made from, and for a copy of them', () => {
  const t = tree();
  assert.equal(isBuildCurrent(t.src, t.stamp), true);
  const copy = mkdtempSync(join(tmpdir(), 'payport-compiled-copy-'));
  cpSync(t.root, copy, { recursive: true, preserveTimestamps: false });
  assert.equal(isBuildCurrent(join(copy, 'src'), join(copy, 'dist', '.source-fingerprint')), true);
});

test('a changed, added or removed source file, or an asset, makes the build stale', () => {
  for (const change of [
    (src: string) => writeFileSync(join(src, 'main.ts'), 'export const answer = 43;\n'),
    (src: string) => writeFileSync(join(src, 'extra.ts'), 'export {};\n'),
    (src: string) => rmSync(join(src, 'http', 'assets', 'payport.css')),
    (src: string) => writeFileSync(join(src, 'http', 'assets', 'payport.css'), 'body { margin: 1px }\n'),
  ]) {
    const t = tree();
    change(t.src);
    assert.equal(isBuildCurrent(t.src, t.stamp), false);
  }
});

test('editing a test file does not make the build stale; a missing stamp or PAYPORT_RUN_SOURCES=1 does', () => {
  const t = tree();
  writeFileSync(join(t.src, 'main.test.ts'), 'changed\n');
  assert.equal(isBuildCurrent(t.src, t.stamp), true);
  process.env.PAYPORT_RUN_SOURCES = '1';
  try {
    assert.equal(isBuildCurrent(t.src, t.stamp), false);
  } finally {
    delete process.env.PAYPORT_RUN_SOURCES;
  }
  rmSync(t.stamp);
  assert.equal(isBuildCurrent(t.src, t.stamp), false);
});
