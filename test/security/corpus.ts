/** The named hostile inputs of the security suites, and the assertions they share. */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { escapeHtml } from '../../src/http/views/html.js';

/** SQL, NoSQL, template, path and control-character injections. */
export const INJECTIONS: readonly string[] = [
  "' OR '1'='1",
  "1'; DROP TABLE transactions;--",
  '" OR 1=1 --',
  '{"$gt":""}',
  '{"$where":"sleep(1000)"}',
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  '../../../../etc/passwd',
  '\u0000nul',
  '%00',
  '\r\nSet-Cookie: injected=1',
  '\u202Egnp.exe',
  'x'.repeat(4096),
];

/** Markup that would run script if a page emitted it unescaped. */
export const XSS_PAYLOADS: readonly string[] = [
  '<script>alert("xss")</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</title><script>alert(2)</script>',
  '<a href="javascript:alert(3)">x</a>',
];

/** Content types payport does not read on form/JSON routes. */
export const WRONG_CONTENT_TYPES: readonly string[] = [
  'application/xml',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'text/html',
];

/** Bytes that are not UTF-8 (a lone continuation byte, an overlong encoding, a truncated sequence). */
export const INVALID_UTF8: readonly Buffer[] = [
  Buffer.from([0x61, 0x3d, 0xff, 0xfe]),
  Buffer.from([0x61, 0x3d, 0xc0, 0xaf]),
  Buffer.from([0x61, 0x3d, 0xe2, 0x82]),
];

/** A body just over the 64 KiB limit. */
export const OVERSIZED_FORM = `a=${'x'.repeat(64 * 1024 + 16)}`;

/** Asserts a refusal: one of `allowed`, never a 5xx. */
export function assertRefused(res: LightMyRequestResponse, allowed: readonly number[], full: string): void {
  const label = full.length > 120 ? `${full.slice(0, 120)}…` : full;
  assert.ok(res.statusCode < 500, `${label}: answered ${res.statusCode} ${res.body.slice(0, 300)}`);
  assert.ok(
    allowed.includes(res.statusCode),
    `${label}: expected one of ${allowed.join('/')}, got ${res.statusCode} ${res.body.slice(0, 300)}`,
  );
}

/** Asserts that `text` appears on the page only as escaped text, never as markup. */
export function assertShownAsText(body: string, text: string, label: string): void {
  const markup = /[<>"']/.test(text);
  if (markup)
    assert.ok(!body.includes(text), `${label}: the page contains ${JSON.stringify(text)} unescaped`);
  assert.ok(
    body.includes(escapeHtml(text)),
    `${label}: the page does not show ${JSON.stringify(text)} as text`,
  );
}

/** Asserts that no payload of {@link XSS_PAYLOADS} appears unescaped. */
export function assertNoInjectedMarkup(body: string, label: string): void {
  for (const payload of XSS_PAYLOADS)
    assert.ok(!body.includes(payload), `${label}: the page contains ${JSON.stringify(payload)} unescaped`);
  assert.doesNotMatch(body, /<script>alert|onerror=alert\(1\)>|<svg onload/, label);
}
