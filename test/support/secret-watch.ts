/**
 * The whole-suite secret scan (S14). `scripts/run-tests.mjs` preloads this module into every test
 * process. It watches every payport app a test builds (Fastify announces each new instance on the
 * `fastify.initialization` diagnostics channel), every line those apps log (services and workers share
 * the logger) and the output of every child process a test spawns, and fails the running test when a
 * SHA phrase, an access code, an API key, an event-endpoint secret, an app secret, a session cookie
 * or a saved card's token appears where it must not. Card tokens (S18) are learnt from every provider
 * message or request carrying `token_name`; they may show only in the form the browser posts to the
 * provider (a saved card on the hosted page or in the card frame).
 *
 * Secrets are learnt from the suite's fixed credentials and from what passes by: the provider form and
 * the simulator's account API (phrases, access codes), bearer headers and creation answers (API keys,
 * endpoint secrets), cookies (sessions), the redirect form (access codes) and the PAYPORT_SECRET of
 * spawned processes. A secret may show only where payport hands it out: a new API key or endpoint
 * secret in the answer that creates it, the access code in the `access_code` field of the redirect form
 * (`POST /payment/transaction`, and its JSON twin in `POST /api/v1/transactions`; APS' protocol has the
 * browser post it), a session in Set-Cookie, and a key printed by `payport api-keys create`. The
 * simulator is APS' stand-in and echoes APS fields by design, so its answers are not scanned (what is
 * sent to it still teaches secrets).
 *
 * Findings name the kind of secret, where it appeared and an excerpt with the secret replaced by
 * `[SECRET]`; they fail the test that was running (an `afterEach` hook) or, when they come after the
 * last test, the file (exit code 1). `takeFindings()` hands them to a test instead.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ChildProcess, SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';
import { pipeline, Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { afterEach } from 'node:test';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** What a secret is. */
export type SecretKind =
  | 'SHA request phrase'
  | 'SHA response phrase'
  | 'access code'
  | 'API key'
  | 'event-endpoint secret'
  | 'session cookie'
  | 'app secret'
  | 'card token';

/** One secret seen where it must not be (or a failure of the scan itself). Never the secret itself. */
export interface Finding {
  kind: SecretKind | 'scan failure';
  /** `GET /admin/x (answer)`, `… (header location)`, `log` or `child payport start`. */
  where: string;
  /** Up to 60 characters either side, every known secret replaced by `[SECRET]`. */
  excerpt: string;
}

/** How much the scan saw in this process. */
interface WatchCounts {
  answers: number;
  logLines: number;
  childLines: number;
}

interface Secret {
  kind: SecretKind;
  value: string;
  /** The value as it appears raw, HTML-escaped, URL-encoded and inside a JSON string. */
  forms: string[];
}

/** What the scan needs to know about payport, loaded with the first app or child process. */
interface Knowledge {
  escapeHtml(value: string): string;
  unescapeHtml(text: string): string;
  sessionCookie: string;
  /** Pattern of a whole API key, by its prefix. */
  apiKey: RegExp;
  /** Pattern of a whole event-endpoint secret, by its prefix. */
  endpointSecret: RegExp;
  /** `METHOD /route` of the answers that hand out a new secret, and which kind. */
  creationRoutes: Map<string, 'API key' | 'event-endpoint secret'>;
  /** `METHOD /route` of the answers that carry the provider's redirect form, as HTML or as API JSON. */
  redirectRoutes: Map<string, 'html' | 'json'>;
}

/** Shorter values (e.g. test phrases like "p") would match everywhere and prove nothing. */
const MIN_SECRET_LENGTH = 8;
const EXCERPT_RADIUS = 60;
const MAX_WHERE = 200;
/** Routes that only APS' stand-in serves. */
const SIMULATOR_ROUTE = /^\/(_sim|FortAPI)\//;
/** Form and JSON fields that carry provider credentials (the admin form, the simulator's account API). */
const CREDENTIAL_FIELDS: Record<string, SecretKind> = {
  accessCode: 'access code',
  shaRequestPhrase: 'SHA request phrase',
  shaResponsePhrase: 'SHA response phrase',
};
/** A session token as payport issues them (32 random bytes, base64url). */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const ACCESS_CODE_INPUT = /(name="access_code" value=")([^"]*)(")/g;
/** A saved card's token in a form posted to the provider (hosted page or card frame, S18). */
const TOKEN_NAME_INPUT = /(name="token_name" value=")([^"]*)(")/g;
/** The provider's card token wherever a message or request carries it. */
const TOKEN_FIELD = 'token_name';

const registry = new Map<string, Secret>();
const findings: Finding[] = [];
const pendingKeys = new Set<string>();
const counts: WatchCounts = { answers: 0, logLines: 0, childLines: 0 };
let knowledge: Knowledge | undefined;
let loading: Promise<void> | undefined;
let loadError: unknown;
const queue: (() => void)[] = [];

// ---------------------------------------------------------------------------------------------------
// The registry and the scan

function register(kind: SecretKind, raw: unknown): Secret | undefined {
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  if (value.length < MIN_SECRET_LENGTH) return undefined;
  const known = registry.get(value);
  if (known) return known;
  const forms = new Set([
    value,
    knowledge!.escapeHtml(value),
    encodeURIComponent(value),
    new URLSearchParams({ v: value }).toString().slice(2),
    JSON.stringify(value).slice(1, -1),
  ]);
  const secret: Secret = { kind, value, forms: [...forms] };
  registry.set(value, secret);
  return secret;
}

function maskAll(text: string): string {
  let masked = text;
  for (const secret of registry.values())
    for (const form of secret.forms) if (masked.includes(form)) masked = masked.split(form).join('[SECRET]');
  return masked;
}

function report(secret: Secret, where: string, text: string, form: string): void {
  const sentinel = '\u0000';
  const masked = maskAll(text.split(form).join(sentinel));
  const at = masked.indexOf(sentinel);
  const excerpt = masked
    .slice(Math.max(0, at - EXCERPT_RADIUS), at + 1 + EXCERPT_RADIUS)
    .replaceAll(sentinel, '[SECRET]')
    .replace(/\s+/g, ' ')
    .trim();
  const finding: Finding = { kind: secret.kind, where: maskAll(where).slice(0, MAX_WHERE), excerpt };
  // The same secret in the same place is one finding until it is taken (a later test repeating it fails too).
  const key = `${secret.value}\n${finding.where}\n${finding.excerpt}`;
  if (pendingKeys.has(key)) return;
  pendingKeys.add(key);
  findings.push(finding);
}

/**
 * Reports every registered secret in `text` except `allowed` ones, and API keys or endpoint secrets
 * that nobody registered (a whole token outside its creation answer is a leak whatever its origin).
 */
function scan(text: string, where: string, allowed: (secret: Secret) => boolean = () => false): void {
  if (text === '') return;
  for (const secret of registry.values()) {
    if (allowed(secret)) continue;
    const form = secret.forms.find((f) => text.includes(f));
    if (form !== undefined) report(secret, where, text, form);
  }
  const k = knowledge!;
  for (const [kind, pattern] of [
    ['API key', k.apiKey],
    ['event-endpoint secret', k.endpointSecret],
  ] as const) {
    for (const [token] of text.matchAll(pattern)) {
      if (registry.has(token)) continue;
      const secret = register(kind, token);
      if (secret) report(secret, where, text, token);
    }
  }
}

/** Logs and terminal output never carry a session cookie, whoever's. */
function scanForCookies(text: string, where: string): void {
  const k = knowledge!;
  for (const match of text.matchAll(new RegExp(`${k.sessionCookie}=([^;\\s"'&,\\\\]+)`, 'g'))) {
    const secret = register('session cookie', match[1]);
    if (secret) report(secret, where, text, secret.value);
  }
}

// ---------------------------------------------------------------------------------------------------
// Loading what the scan knows; everything waits for it

async function load(): Promise<void> {
  const [html, apiKeys, endpoints, guard, api, payport, harness, publicPages] = await Promise.all([
    import('../../src/http/views/html.js'),
    import('../../src/services/api/api-keys.js'),
    import('../../src/services/api/event-endpoints.js'),
    import('../../src/http/admin/guard.js'),
    import('../../src/http/api/index.js'),
    import('./payport.js'),
    import('../security/harness.js'),
    import('../http/public/helpers.js'),
  ]);
  const token = (prefix: string) => new RegExp(`(?<![A-Za-z0-9_-])${prefix}[A-Za-z0-9_-]{40,}`, 'g');
  knowledge = {
    escapeHtml: html.escapeHtml,
    unescapeHtml: publicPages.unescapeHtml,
    sessionCookie: guard.SESSION_COOKIE,
    apiKey: token(apiKeys.API_KEY_PREFIX),
    endpointSecret: token(endpoints.ENDPOINT_SECRET_PREFIX),
    creationRoutes: new Map([
      ['POST /admin/developers/api-keys', 'API key'],
      ['POST /admin/developers/endpoints', 'event-endpoint secret'],
      [`POST ${api.API_PREFIX}/event-endpoints`, 'event-endpoint secret'],
    ]),
    redirectRoutes: new Map([
      ['POST /payment/transaction', 'html'],
      // The customer routes mounted a second time by the customer-page tests.
      [`POST ${publicPages.BACK_OFFICE_PREFIX}/payment/transaction`, 'html'],
      // S20: the plan choice answers the embedded card form, the Merchant Page's signed form (S18).
      ['POST /payment/installments', 'html'],
      // S12: the API answers the same form for merchants who render their own page.
      [`POST ${api.API_PREFIX}/transactions`, 'json'],
    ]),
  };
  for (const [field, kind] of Object.entries(CREDENTIAL_FIELDS))
    register(kind, (payport.TEST_CREDENTIALS as Record<string, string>)[field]);
  register('app secret', harness.APP_SECRET);
  register('app secret', payport.TEST_SECRET);
}

function ensureLoading(): Promise<void> {
  loading ??= load().then(
    () => {
      for (let next = queue.shift(); next; next = queue.shift()) safely(next);
    },
    (err: unknown) => {
      loadError = err;
    },
  );
  return loading;
}

/** Runs `work` now if the scan is ready, otherwise once it is (in order). */
function whenReady(work: () => void): void {
  if (knowledge && queue.length === 0) return safely(work);
  queue.push(work);
  void ensureLoading();
}

/** A bug in the scan must not change what the app answers; it is reported as a failure instead. */
function safely(work: () => void): void {
  try {
    work();
  } catch (err) {
    findings.push({ kind: 'scan failure', where: 'the secret scan itself', excerpt: String(err) });
  }
}

// ---------------------------------------------------------------------------------------------------
// Fastify apps: requests teach secrets, answers and logs are scanned

interface AppState {
  simulator: boolean;
}

function registerFromRequest(request: FastifyRequest): void {
  const k = knowledge!;
  const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && new RegExp(`^${k.apiKey.source}$`).test(bearer)) register('API key', bearer);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === k.sessionCookie && SESSION_TOKEN.test(value)) register('session cookie', value);
  }
}

/** Card tokens (S18) in a provider message or request: a parsed object, or raw form/JSON bytes. */
function registerTokens(body: unknown): void {
  let fields: unknown = body;
  if (Buffer.isBuffer(body) || typeof body === 'string') {
    const text = body.toString();
    try {
      fields = text.trimStart().startsWith('{')
        ? JSON.parse(text)
        : Object.fromEntries(new URLSearchParams(text));
    } catch {
      return;
    }
  }
  if (typeof fields !== 'object' || fields === null) return;
  register('card token', (fields as Record<string, unknown>)[TOKEN_FIELD]);
}

function registerFromBody(body: unknown): void {
  registerTokens(body);
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return;
  for (const [field, kind] of Object.entries(CREDENTIAL_FIELDS)) {
    const value = (body as Record<string, unknown>)[field];
    for (const item of Array.isArray(value) ? value : [value]) register(kind, item);
  }
}

type Headers = Record<string, unknown>;

function headerValues(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/**
 * The answer without the one access code it may carry: the `access_code` field of the redirect form,
 * which APS' protocol has the customer's browser post (S6). That code is learnt on the way.
 */
function withoutRedirectAccessCode(form: 'html' | 'json' | undefined, body: string): string {
  if (form === 'html') {
    return body
      .replace(ACCESS_CODE_INPUT, (_all, before: string, value: string, after: string) => {
        register('access code', knowledge!.unescapeHtml(value));
        return `${before}${after}`;
      })
      .replace(TOKEN_NAME_INPUT, (_all, before: string, value: string, after: string) => {
        // A saved card's token goes to the provider in the form the browser posts (S18), nowhere else.
        register('card token', knowledge!.unescapeHtml(value));
        return `${before}${after}`;
      });
  }
  if (form === 'json') {
    let answer: { redirect?: { fields?: Record<string, unknown> } };
    try {
      answer = JSON.parse(body) as typeof answer;
    } catch {
      return body;
    }
    const fields = answer.redirect?.fields;
    if (typeof fields?.token_name === 'string') {
      register('card token', fields.token_name);
      fields.token_name = '';
    }
    if (typeof fields?.access_code !== 'string') return JSON.stringify(answer);
    register('access code', fields.access_code);
    fields.access_code = '';
    return JSON.stringify(answer);
  }
  return body;
}

function inspectAnswer(route: string, where: string, headers: Headers, body: string): void {
  const k = knowledge!;
  counts.answers += 1;
  for (const cookie of headerValues(headers['set-cookie'])) {
    const match = new RegExp(`^${k.sessionCookie}=([^;]*)`).exec(cookie);
    if (match) register('session cookie', match[1]);
  }
  const handedOut = new Set<Secret>();
  const creates = k.creationRoutes.get(route);
  if (creates) {
    const pattern = creates === 'API key' ? k.apiKey : k.endpointSecret;
    for (const [token] of body.matchAll(pattern)) {
      if (registry.has(token)) continue;
      const secret = register(creates, token);
      if (secret) handedOut.add(secret);
    }
  }
  const text = withoutRedirectAccessCode(k.redirectRoutes.get(route), body);
  scan(text, `${where} (answer)`, (secret) => handedOut.has(secret));
  for (const [name, value] of Object.entries(headers)) {
    for (const item of headerValues(value)) {
      if (name === 'set-cookie') scan(item, `${where} (Set-Cookie)`, (s) => s.kind === 'session cookie');
      else scan(item, `${where} (header ${name})`);
    }
  }
}

/** Passes a streamed answer through unchanged and scans it once it has all gone by. */
function teed(stream: Readable, done: (text: string) => void): Readable {
  const chunks: Buffer[] = [];
  const tee = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      callback(null, chunk);
    },
    flush(callback) {
      done(Buffer.concat(chunks).toString('utf8'));
      callback();
    },
  });
  pipeline(stream, tee, () => {});
  return tee;
}

function onSend(state: AppState) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (state.simulator) return payload;
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    const where = `${request.method} ${request.url}`;
    const headers: Headers = { ...reply.getHeaders() };
    const inspect = (body: string) => whenReady(() => inspectAnswer(route, where, headers, body));
    if (typeof payload === 'string') inspect(payload);
    else if (Buffer.isBuffer(payload)) inspect(payload.toString('utf8'));
    else if (payload instanceof Readable) return teed(payload, inspect);
    else inspect('');
    return payload;
  };
}

const watchedStreams = new WeakMap<object, AppState[]>();

/** Scans every line written to the app's pino destination, which payport's services log to as well. */
function watchLogger(app: FastifyInstance, state: AppState): void {
  const log = app.log as unknown as Record<string | symbol, unknown>;
  if (typeof log.levels !== 'object') return; // logging is off
  const pino = createRequire(import.meta.url)('pino') as { symbols: { streamSym: symbol } };
  const stream = log[pino.symbols.streamSym] as { write?: (...args: unknown[]) => unknown } | undefined;
  if (!stream || typeof stream.write !== 'function') return;
  const owners = watchedStreams.get(stream);
  if (owners) return void owners.push(state);
  const apps = [state];
  watchedStreams.set(stream, apps);
  const write = stream.write;
  stream.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
    if (apps.some((app) => !app.simulator)) {
      const line = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      whenReady(() => {
        counts.logLines += 1;
        scan(line, 'log');
        scanForCookies(line, 'log');
      });
    }
    return write.call(this, chunk, ...rest);
  };
}

function watchApp(app: FastifyInstance): void {
  const state: AppState = { simulator: false };
  app.addHook('onRoute', (route: RouteOptions) => {
    if (SIMULATOR_ROUTE.test(route.url)) state.simulator = true;
  });
  app.addHook('onRequest', (request, _reply, done) => {
    whenReady(() => registerFromRequest(request));
    done();
  });
  app.addHook('preHandler', (request, _reply, done) => {
    const body = request.body;
    whenReady(() => registerFromBody(body));
    done();
  });
  app.addHook('onSend', onSend(state));
  watchLogger(app, state);
  void ensureLoading();
}

// ---------------------------------------------------------------------------------------------------
// Child processes: their stdout and stderr, line by line

type Spawn = typeof spawn;
type SpawnSync = typeof spawnSync;

function describeCommand(command: unknown, args: readonly unknown[]): string {
  const words = args.map(String);
  const bin = words.findIndex((w) => w.endsWith('bin/payport.js'));
  if (bin >= 0) return `payport ${words.slice(bin + 1).join(' ')}`.trim();
  return [basename(String(command)), ...words].join(' ');
}

function childArguments(rest: unknown[]): { args: unknown[]; options: SpawnOptions | undefined } {
  const [args, options] = Array.isArray(rest[0]) ? [rest[0], rest[1]] : [[], rest[0]];
  return { args: args as unknown[], options: options as SpawnOptions | undefined };
}

/** Watches one child: `api-keys create` prints the key it makes, once; nothing else prints a secret. */
function childWatcher(command: unknown, rest: unknown[]) {
  const { args, options } = childArguments(rest);
  const label = `child ${describeCommand(command, args)}`;
  const words = args.map(String);
  const printsNewKey = words.includes('api-keys') && words.includes('create');
  const printed = new Set<Secret>();
  const appSecret = options?.env?.PAYPORT_SECRET;
  whenReady(() => void register('app secret', appSecret));
  return (line: string) =>
    whenReady(() => {
      counts.childLines += 1;
      if (printsNewKey) {
        for (const [token] of line.matchAll(knowledge!.apiKey)) {
          if (registry.has(token)) continue;
          const secret = register('API key', token);
          if (secret) printed.add(secret);
        }
      }
      scan(line, label, (secret) => printed.has(secret));
      scanForCookies(line, label);
    });
}

/** Splits what a stream receives into lines, whether or not anyone reads it. */
function tapLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const push = stream.push;
  stream.push = function (this: Readable, chunk: unknown, encoding?: BufferEncoding) {
    safely(() => {
      if (chunk === null) {
        const rest = pending + decoder.end();
        pending = '';
        if (rest !== '') onLine(rest);
        return;
      }
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    return push.call(this, chunk, encoding);
  };
}

function watchChildProcesses(): void {
  const childProcess = createRequire(import.meta.url)('node:child_process') as {
    spawn: Spawn;
    spawnSync: SpawnSync;
  };
  const originalSpawn = childProcess.spawn;
  const originalSpawnSync = childProcess.spawnSync;
  childProcess.spawn = function (this: unknown, command: unknown, ...rest: unknown[]) {
    const child = Reflect.apply(originalSpawn, this, [command, ...rest]) as ChildProcess;
    safely(() => {
      const onLine = childWatcher(command, rest);
      tapLines(child.stdout, onLine);
      tapLines(child.stderr, onLine);
    });
    return child;
  } as Spawn;
  childProcess.spawnSync = function (this: unknown, command: unknown, ...rest: unknown[]) {
    const result = Reflect.apply(originalSpawnSync, this, [command, ...rest]) as ReturnType<SpawnSync>;
    safely(() => {
      const onLine = childWatcher(command, rest);
      for (const output of [result.stdout, result.stderr] as unknown[]) {
        if (output === null || output === undefined) continue;
        for (const line of String(output).split('\n')) if (line !== '') onLine(line);
      }
    });
    return result;
  } as SpawnSync;
  syncBuiltinESMExports();
}

// ---------------------------------------------------------------------------------------------------
// Reporting

function formatFinding(finding: Finding): string {
  return `secret scan: ${finding.kind} in ${finding.where}: ${finding.excerpt}`;
}

/** Every finding not yet handed out (waiting for pending scans first), and forgets them. */
export async function takeFindings(): Promise<Finding[]> {
  if (loading) await loading;
  if (loadError !== undefined) throw loadError;
  pendingKeys.clear();
  return findings.splice(0);
}

/** The test runner's own process only starts the files; the files' processes are the ones to watch. */
const isRunnerProcess = process.env.NODE_TEST_CONTEXT === undefined && process.execArgv.includes('--test');

const initialization = diagnostics.channel('fastify.initialization');

if (!isRunnerProcess) {
  initialization.subscribe((message) => watchApp((message as { fastify: FastifyInstance }).fastify));
  watchChildProcesses();

  /** Findings that failed a test or the file (not those a test took on purpose). */
  let failures = 0;

  afterEach(async () => {
    const found = await takeFindings();
    if (found.length === 0) return;
    failures += found.length;
    const lines = found.map(formatFinding);
    process.stderr.write(`${lines.join('\n')}\n`);
    throw new Error(`${found.length} secret(s) where they must not be:\n${lines.join('\n')}`);
  });

  process.on('exit', () => {
    if (loadError !== undefined) {
      process.stderr.write(`secret scan: could not start: ${String(loadError)}\n`);
      process.exitCode = 1;
    }
    if (findings.length > 0) {
      process.stderr.write(`${findings.map(formatFinding).join('\n')}\n`);
      process.exitCode = 1;
    }
    const statsFile = process.env.PAYPORT_SECRET_WATCH_STATS;
    if (statsFile)
      appendFileSync(
        statsFile,
        `${JSON.stringify({ file: process.argv[1], ...counts, findings: failures + findings.length })}\n`,
      );
  });
}
