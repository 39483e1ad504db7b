import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { CommandIO } from '../../src/cli/command.js';

function captureIO(): { io: CommandIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdin: new PassThrough(),
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      env: {},
      cwd: process.cwd(),
    },
    out,
    err,
  };
}

describe('payport simulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payport-sim-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--help describes the options', async () => {
    const { io, out } = captureIO();
    assert.equal(await main(['simulator', '--help'], io), 0);
    assert.match(out.join('\n'), /--state-file FILE/);
  });

  test('a bad port is a one-line usage error with exit code 2', async () => {
    const { io, err } = captureIO();
    assert.equal(await main(['simulator', '--port', 'eighty'], io), 2);
    assert.match(err.join('\n'), /--port must be a number/);
  });

  test('serves the dashboard, prints the credentials, and saves its state file on SIGTERM', async () => {
    const stateFile = join(dir, 'sim.json');
    const child = spawn(
      process.execPath,
      ['bin/payport.js', 'simulator', '--port', '0', '--state-file', stateFile],
      {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let output = '';
      const dashboard = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const match = /Dashboard:\s+(\S+)/.exec(output);
          if (match?.[1] && /SHA type:/.test(output)) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
      });
      assert.match(output, /Merchant identifier: [A-Za-z]{8}/);
      assert.match(output, /Access code:\s+[A-Za-z0-9]{20}/);
      const page = await fetch(dashboard);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /APS sandbox simulator/);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.ok(existsSync(stateFile));
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
