/**
 * APS status and message codes (reference §5): lookup and composition of the five-digit
 * `response_code` (= two-digit status + three-digit message code) and its operator-facing text.
 * The tables live in `status-codes.ts` and `message-codes.ts`; this module is the one to import.
 */
import { MESSAGE_TEXT } from './message-codes.js';
import { STATUS_TEXT } from './status-codes.js';

export { MESSAGE, MESSAGE_TEXT, type ApsMessageCode } from './message-codes.js';
export { STATUS, STATUS_TEXT, type ApsStatus } from './status-codes.js';

const STATUS_PATTERN = /^\d{2}$/;
const MESSAGE_PATTERN = /^\d{3}$/;
const RESPONSE_CODE_PATTERN = /^\d{5}$/;

/** English meaning of a two-digit APS status, or undefined when it is not documented. */
export function statusText(status: string): string | undefined {
  return Object.hasOwn(STATUS_TEXT, status) ? STATUS_TEXT[status] : undefined;
}

/** English text of a three-digit APS message code, or undefined when it is not documented. */
export function messageText(messageCode3: string): string | undefined {
  return Object.hasOwn(MESSAGE_TEXT, messageCode3) ? MESSAGE_TEXT[messageCode3] : undefined;
}

/** Composes the five-digit `response_code` from a status and a message code, e.g. ('14','000') → '14000'. */
export function responseCode(status: string, messageCode3: string): string {
  if (!STATUS_PATTERN.test(status)) {
    throw new RangeError(`APS status must be two digits, got ${JSON.stringify(status)}`);
  }
  if (!MESSAGE_PATTERN.test(messageCode3)) {
    throw new RangeError(`APS message code must be three digits, got ${JSON.stringify(messageCode3)}`);
  }
  return `${status}${messageCode3}`;
}

/** Splits a five-digit `response_code` into its status and message code; undefined when malformed. */
export function splitResponseCode(code5: string): { status: string; messageCode: string } | undefined {
  if (!RESPONSE_CODE_PATTERN.test(code5)) return undefined;
  return { status: code5.slice(0, 2), messageCode: code5.slice(2) };
}

/**
 * Operator-facing text for a five-digit `response_code`, e.g. '13666' → 'Purchase Failure: Transaction
 * declined'. Unknown parts are named by their digits so that the code is never silently lost.
 */
export function describeResponseCode(code5: string): string {
  const parts = splitResponseCode(code5);
  if (parts === undefined) return `Unrecognised APS response code ${JSON.stringify(code5)}`;
  const status = statusText(parts.status) ?? `Unknown status ${parts.status}`;
  const message = messageText(parts.messageCode) ?? `unknown message code ${parts.messageCode}`;
  return `${status}: ${message}`;
}
