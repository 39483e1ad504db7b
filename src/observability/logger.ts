/** The JSON logger (pino) with redaction of every secret payport handles (S14). */
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config.js';

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

/** Creates the process logger; `destination` lets tests capture the output. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
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
