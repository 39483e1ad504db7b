/**
 * The load generator of S16: `wrk` (Debian's package), a native client far faster than anything it
 * measures here, with one thread pinned to a core of its own (`taskset`) while the server runs on the
 * others — so the bare-server baseline measures the server, not the client. Missing `wrk` is installed
 * with apt-get, as CI installs Chromium.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Result of one load run. */
export interface LoadResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  /** Answers outside 2xx/3xx plus socket errors and timeouts (wrk does not count statuses one by one). */
  errors: number;
  /** More requests than distinct bodies: some bodies were sent twice. */
  wrapped: boolean;
  /** The server's CPU time (all its threads) per request, in ms, when its pid was given. */
  cpuMsPerRequest?: number;
}

/** How one load run is made. */
export interface LoadOptions {
  /** Seconds of load. */
  seconds: number;
  connections?: number;
  contentType?: string;
  /** Extra request headers ("name: value"). */
  headers?: string[];
  /** The server's process id, to measure its CPU time per request (Linux). */
  serverPid?: number;
}

/** CPU time (user + system, every thread) a process has used so far, in ms; undefined off Linux. */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

const lua = new URL('./wrk-post.lua', import.meta.url).pathname;
const cores = cpus().length;
const hasTaskset = spawnSync('taskset', ['--version']).status === 0;

/** The cores the load generator gets (the last one), or undefined when it cannot be pinned. */
export const LOAD_CPUS = hasTaskset && cores >= 2 ? String(cores - 1) : undefined;
/** The cores the measured server gets (all but the load generator's). */
export const SERVER_CPUS = LOAD_CPUS ? (cores === 2 ? '0' : `0-${cores - 2}`) : undefined;

/** `command args` run on `cpus` when pinning is possible. */
export function pinned(cpuList: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpuList ? ['taskset', ['-c', cpuList, command, ...args]] : [command, args];
}

/** Installs wrk with apt-get when it is missing (as root, or with sudo when that needs no password). */
export function ensureWrk(): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const apt = (args: string[]) =>
    execFileSync(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  console.log('wrk is missing: installing it with apt-get');
  try {
    apt(['install', '-y', 'wrk']);
  } catch {
    apt(['update']);
    apt(['install', '-y', 'wrk']);
  }
}

/** POSTs `bodies` (in order, wrapping around) to `url` for `options.seconds` with one pinned wrk thread. */
export async function runLoad(url: string, bodies: string[], options: LoadOptions): Promise<LoadResult> {
  const file = join(mkdtempSync(join(tmpdir(), 'payport-bench-')), 'bodies.txt');
  writeFileSync(file, `${bodies.join('\n')}\n`);
  const args = [
    '-t1',
    `-c${options.connections ?? 32}`,
    `-d${options.seconds}s`,
    '--timeout',
    '10s',
    '-s',
    lua,
    url,
    '--',
    file,
    options.contentType ?? 'application/x-www-form-urlencoded',
    ...(options.headers ?? []),
  ];
  const [command, argv] = pinned(LOAD_CPUS, 'wrk', args);
  const cpuBefore = cpuMs(options.serverPid);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (code !== 0 || !line) throw new Error(`wrk failed (${code}): ${out}`);
  const cpuAfter = cpuMs(options.serverPid);
  const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as Record<string, number>;
  const requests = raw.requests!;
  const seconds = raw.micros! / 1e6;
  return {
    requests,
    seconds,
    throughput: requests / seconds,
    p50: raw.p50! / 1000,
    p99: raw.p99! / 1000,
    errors: raw.connect! + raw.read! + raw.write! + raw.status! + raw.timeout!,
    wrapped: requests > bodies.length,
    ...(cpuBefore !== undefined &&
      cpuAfter !== undefined &&
      requests > 0 && { cpuMsPerRequest: (cpuAfter - cpuBefore) / requests }),
  };
}
