import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { createLogger, logFormat } from '../../src/observability/logger.js';
import { prettyDestination, prettyLine } from '../../src/observability/pretty-log.js';

const root = new URL('../..', import.meta.url).pathname;

/** A pino logger writing JSON into `lines`, then turned into pretty lines like a terminal gets them. */
function prettyOutput(log: (logger: ReturnType<typeof createLogger>) => void): string {
  const out: string[] = [];
  const pretty = prettyDestination({ write: (s: string) => out.push(s) > 0 } as never, { colour: false });
  const json = new Writable({
    write(chunk: Buffer, _enc, done) {
      pretty.write(chunk.toString('utf8'));
      done();
    },
  });
  log(createLogger('info', json));
  return out.join('');
}

describe('readable log lines on a terminal', () => {
  test('one line per entry: time, level, message, then the fields as key=value', () => {
    const text = prettyOutput((logger) =>
      logger.info({ reference: 'PP-1', method: 'card' }, 'payment started'),
    );
    assert.match(text, /^\d\d:\d\d:\d\d\.\d{3} INFO {3}payment started {2}reference=PP-1 {2}method=card\n$/);
  });

  test('secrets stay redacted, as in the JSON lines', () => {
    const text = prettyOutput((logger) =>
      logger.warn({ account: { shaRequestPhrase: 'very-secret-phrase', accessCode: 'AC-123' } }, 'bad'),
    );
    assert.doesNotMatch(text, /very-secret-phrase|AC-123/);
    assert.match(text, /\[redacted\]/);
  });

  test('requests read as method and URL, an error with its stack below the line', () => {
    const text = prettyLine(
      JSON.stringify({
        level: 50,
        time: '2026-12-02T06:00:00.000Z',
        msg: 'request failed',
        req: { method: 'GET', url: '/payment/pay' },
        res: { statusCode: 500 },
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' },
      }),
      false,
    );
    assert.equal(
      text,
      '06:00:00.000 ERROR  request failed  GET /payment/pay  → 500\n    Error: boom\n        at x (y.ts:1:1)',
    );
  });

  test('colours only when asked; a line that is not pino JSON passes through', () => {
    const line = JSON.stringify({ level: 40, time: 0, msg: 'careful' });
    const escape = String.fromCharCode(27);
    assert.ok((prettyLine(line, true) ?? '').includes(`${escape}[33mWARN`));
    assert.ok(!(prettyLine(line, false) ?? '').includes(escape));
    assert.equal(prettyLine('not json', false), null);
  });

  test('pretty on a terminal, JSON otherwise, LOG_FORMAT forcing either', () => {
    assert.equal(logFormat({}, true), 'pretty');
    assert.equal(logFormat({}, false), 'json');
    assert.equal(logFormat({ LOG_FORMAT: 'json' }, true), 'json');
    assert.equal(logFormat({ LOG_FORMAT: 'pretty' }, false), 'pretty');
  });

  test(
    '`payport start` writes readable lines on a terminal and JSON into a pipe',
    { skip: !existsSync('/usr/bin/script') && 'no script(1)' },
    async () => {
      const run = (tty: boolean) =>
        new Promise<string>((resolve, reject) => {
          const dataDir = mkdtempSync(join(tmpdir(), 'payport-log-'));
          const command = `${process.execPath} ${join(root, 'bin/payport.js')} start --port 0 --host 127.0.0.1`;
          const env = { ...process.env, PAYPORT_DATA_DIR: dataDir, LOG_FORMAT: '', NO_COLOR: '1' };
          const child = tty
            ? spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], { env, detached: true })
            : spawn(
                process.execPath,
                [join(root, 'bin/payport.js'), 'start', '--port', '0', '--host', '127.0.0.1'],
                { env, detached: true },
              );
          let out = '';
          const timer = setTimeout(() => finish(new Error(`no "listening" line in:\n${out}`)), 60_000);
          const finish = (err?: Error) => {
            clearTimeout(timer);
            try {
              process.kill(-child.pid!, 'SIGTERM');
            } catch {
              // already gone
            }
            if (err) reject(err);
            else resolve(out);
          };
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            if (/payport is listening/.test(out)) finish();
          });
          child.on('error', (err) => finish(err));
        });
      const onTerminal = await run(true);
      assert.match(onTerminal, /\d\d:\d\d:\d\d\.\d{3} INFO {3}payport is listening/);
      assert.doesNotMatch(onTerminal, /"level":30/);
      const inPipe = await run(false);
      assert.match(inPipe, /\{"level":30,.*"msg":"payport is listening"\}/);
    },
  );
});
