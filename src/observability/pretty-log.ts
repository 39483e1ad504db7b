/**
 * Human-readable log lines for a terminal (S21): `12:31:05.120 INFO  payment started  reference=PP-…`.
 * It reads the JSON lines pino has already written — redaction has happened by then, so a secret can
 * only ever appear as "[redacted]" here too — and writes one short line per entry, with colours when
 * asked. Anything that is not a pino line is passed through untouched.
 */
import type { Writable } from 'node:stream';

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '90' },
  20: { name: 'DEBUG', colour: '36' },
  30: { name: 'INFO', colour: '32' },
  40: { name: 'WARN', colour: '33' },
  50: { name: 'ERROR', colour: '31' },
  60: { name: 'FATAL', colour: '35' },
};

/** Fields every line has, shown in its own place rather than as `key=value`. */
const FRAME = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'reqId', 'req', 'res', 'err']);

function paint(on: boolean, colour: string, text: string): string {
  return on ? `\u001b[${colour}m${text}\u001b[0m` : text;
}

function clock(time: unknown): string {
  const date = new Date(typeof time === 'string' || typeof time === 'number' ? time : Date.now());
  return Number.isNaN(date.getTime()) ? String(time) : date.toISOString().slice(11, 23);
}

function value(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) || v === '' ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? String(v);
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** One pino JSON line as a readable line (plus the stack of an error), or null when it is not one. */
export function prettyLine(line: string, colour: boolean): string | null {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    const asRecord = record(parsed);
    if (!asRecord || typeof asRecord.level !== 'number') return null;
    entry = asRecord;
  } catch {
    return null;
  }
  const level = LEVELS[entry.level as number] ?? { name: String(entry.level), colour: '0' };
  // Levels padded to one width, so the messages of a screenful line up.
  const head = `${paint(colour, '90', clock(entry.time))} ${paint(colour, level.colour, level.name.padEnd(5))}`;
  const parts = [head, typeof entry.msg === 'string' ? entry.msg : ''];
  const req = record(entry.req);
  if (req) parts.push(paint(colour, '36', `${String(req.method)} ${String(req.url)}`));
  const res = record(entry.res);
  if (res) parts.push(paint(colour, '36', `→ ${String(res.statusCode)}`));
  const extra = Object.entries(entry)
    .filter(([key]) => !FRAME.has(key))
    .map(([key, v]) => `${paint(colour, '90', `${key}=`)}${value(v)}`);
  let text = [...parts.filter((p) => p !== ''), ...extra].join('  ');
  const err = record(entry.err);
  if (err) {
    const stack = typeof err.stack === 'string' ? err.stack : `${String(err.type)}: ${String(err.message)}`;
    text += `\n${stack
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`;
  }
  return text;
}

/** A pino destination writing readable lines to `out` (a terminal). */
export function prettyDestination(
  out: Pick<Writable, 'write'>,
  options: { colour: boolean },
): {
  write(chunk: string): void;
} {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line === '') continue;
        out.write(`${prettyLine(line, options.colour) ?? line}\n`);
      }
    },
  };
}
