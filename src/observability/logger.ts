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

/** Creates the process logger; `destination` lets tests capture the output. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'payport' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

export type { Logger };
