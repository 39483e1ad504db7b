/** Process and database plumbing for the benchmark: child processes, load runs, throwaway databases. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { pinned, SERVER_CPUS } from './wrk.js';

export const root = new URL('..', import.meta.url).pathname;

export { runLoad, type LoadResult } from './wrk.js';

/** Starts a Node.js child process on the server's cores and waits until `ready()` resolves true. */
export async function startChild(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: () => Promise<boolean>,
): Promise<ChildProcess> {
  const [command, argv] = pinned(SERVER_CPUS, process.execPath, args);
  const child = spawn(command, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    if (await ready().catch(() => false)) return child;
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not become ready`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The Node.js flags of payport's command (the `#!` line of bin/payport.js, which `npx payport` and the
 * `payport` command run with): the bench runs the server as users do.
 */
export function payportNodeFlags(): string[] {
  const shebang = readFileSync(join(root, 'bin/payport.js'), 'utf8').split('\n', 1)[0]!;
  const words = shebang.replace(/^#!\s*/, '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

/** Stops a child with SIGTERM and waits for it. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Peak resident memory of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL database next to `baseUrl`; undefined when PostgreSQL cannot be reached. */
export async function createBenchDatabase(
  baseUrl: string,
  template?: string,
): Promise<{ name: string; url: string; drop(): Promise<void> } | undefined> {
  const name = `payport_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  } catch (error) {
    await admin.end().catch(() => {});
    if (template) throw error;
    return undefined;
  }
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Percentile of sorted samples. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Compiles src/ to dist/ when dist/ does not match the sources, so the measured server runs what
 * `npm install` gives users (the compiled JavaScript), not the sources through the TypeScript loader.
 */
export async function ensureBuilt(): Promise<void> {
  const { isBuildCurrent } = (await import(join(root, 'bin/compiled.js'))) as {
    isBuildCurrent(): boolean;
  };
  if (isBuildCurrent()) return;
  console.log('dist/ does not match the sources: npm run build');
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
}
