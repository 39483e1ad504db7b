/**
 * The logger (pino) with redaction of every secret payport handles (S14): JSON lines for log
 * collectors, readable lines when the output is a terminal (S21).
 */
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';
import { prettyDestination } from './pretty-log.js';

/** Paths pino replaces with "[redacted]" wherever they appear in a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.access_code',
  '*.accessCode',
  '*.signature',
  '*.sha_request_phrase',
  '*.sha_response_phrase',
  '*.shaRequestPhrase',
  '*.shaResponsePhrase',
  '*.password',
  '*.passwordHash',
  '*.apiKey',
  '*.api_key',
  '*.secret',
  '*.card_number',
  '*.card_security_code',
  // A saved card's token is a credential (S18).
  '*.token_name',
  '*.tokenEnc',
  '*.cookie',
  '*.authorization',
];

/**
 * A URL as logged: the path only. Query strings carry the status page's access token and the payment
 * page's customer data (amount, email, reference, signature), none of which belongs in a log (S14).
 */
export function redactQuery(url: unknown): string {
  const text = typeof url === 'string' ? url : '';
  const at = text.indexOf('?');
  return at === -1 ? text : `${text.slice(0, at)}?[redacted]`;
}

interface LoggedRequest {
  raw?: unknown;
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remoteAddress?: string };
}

/** What a request line says about a Fastify request; other objects logged as `req` pass unchanged. */
function serializeRequest(req: LoggedRequest): unknown {
  if (typeof req !== 'object' || req === null || req.raw === undefined) return req;
  return {
    method: req.method,
    url: redactQuery(req.url),
    host: req.hostname,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}

/**
 * How log lines are written: `json` always, or `pretty` for people. Without a choice (`auto`), pretty
 * when standard output is a terminal and JSON otherwise (files, pipes, containers' log drivers);
 * `LOG_FORMAT=json|pretty` forces one.
 */
export function logFormat(
  env: NodeJS.ProcessEnv = process.env,
  isTTY: boolean = process.stdout.isTTY === true,
): 'json' | 'pretty' {
  const chosen = env.LOG_FORMAT?.trim().toLowerCase();
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return isTTY ? 'pretty' : 'json';
}

/** Creates the process logger; `destination` lets tests capture the output (always JSON then). */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  if (destination === undefined && logFormat() === 'pretty') {
    destination = prettyDestination(process.stdout, {
      colour: process.stdout.isTTY === true && !process.env.NO_COLOR,
    });
  }
  return pino(
    {
      level,
      base: { service: 'payport' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest, err: pino.stdSerializers.err },
    },
    destination,
  );
}

export type { Logger };
