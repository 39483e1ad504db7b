/**
 * Reads an inbound APS message body — form-encoded or JSON, as APS sends either (reference §4.2) —
 * into flat text fields, exactly as sent: no trimming, no re-encoding, because the signature is
 * computed over these exact values. Anything ambiguous (a repeated key, a nested value) is refused
 * rather than guessed, since a guess could verify a signature over different data than was applied.
 */
import { MalformedMessageError, ProviderBadResponseError, UnsupportedMessageFormatError } from '../errors.js';
import type { ProviderMessage } from '../provider.js';
import { renderSignedValue } from './signature.js';

const FORM = 'application/x-www-form-urlencoded';

/** The media type of a Content-Type header, lower-cased and without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

function isJson(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function decodeUtf8(body: string | Uint8Array): string {
  if (typeof body === 'string') return body;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new MalformedMessageError('invalid_encoding', 'the message body is not valid UTF-8');
  }
}

function decodeFormComponent(raw: string): string {
  // Most APS values carry neither: nothing to decode (and no regular expression to run).
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new MalformedMessageError(
      'invalid_encoding',
      `the form body has a broken %-escape in ${JSON.stringify(raw)}`,
    );
  }
}

/** Parses `a=1&b=2`; a pair without `=` is a field with an empty value, as browsers send it. */
export function parseFormMessage(text: string): ProviderMessage {
  const entries = new Map<string, string>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    const name = decodeFormComponent(at === -1 ? pair : pair.slice(0, at));
    const value = at === -1 ? '' : decodeFormComponent(pair.slice(at + 1));
    if (entries.has(name)) {
      throw new MalformedMessageError(
        'repeated_key',
        `the field ${JSON.stringify(name)} appears more than once`,
        name,
      );
    }
    entries.set(name, value);
  }
  return Object.fromEntries(entries);
}

/** A top-level member of a JSON object: its key and, for a number, the number's exact source text. */
interface JsonMember {
  key: string;
  numberText?: string;
}

function skipString(text: string, quote: number): number {
  let i = quote + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i;
}

/**
 * The members of the top-level JSON object in document order, duplicates included (JSON.parse keeps
 * only the last). Numbers keep their source text: an 18-digit fort_id does not survive a double.
 * Assumes `text` already parsed as a JSON object.
 */
function topLevelMembers(text: string): JsonMember[] {
  const members: JsonMember[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '{' || char === '[') {
      depth++;
      expectKey = depth === 1 && char === '{';
    } else if (char === '}' || char === ']') depth--;
    else if (char === ',' && depth === 1) expectKey = true;
    else if (char === '"') {
      const end = skipString(text, i);
      if (depth === 1 && expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        let v = text.indexOf(':', end) + 1;
        while (/\s/.test(text[v] ?? '')) v++;
        const number = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(v));
        members.push(number ? { key, numberText: number[0] } : { key });
        expectKey = false;
      }
      i = end;
    }
  }
  return members;
}

/** Parses a JSON object of scalar fields; numbers keep their exact text, null becomes an empty value. */
export function parseJsonMessage(text: string): ProviderMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new MalformedMessageError(
      'invalid_json',
      `the JSON body does not parse: ${(err as Error).message}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new MalformedMessageError('not_an_object', 'the JSON body must be one object of fields');
  }
  const numberText = new Map<string, string>();
  const seen = new Set<string>();
  for (const member of topLevelMembers(text)) {
    if (seen.has(member.key)) {
      throw new MalformedMessageError(
        'repeated_key',
        `the field ${JSON.stringify(member.key)} appears more than once`,
        member.key,
      );
    }
    seen.add(member.key);
    if (member.numberText !== undefined) numberText.set(member.key, member.numberText);
  }
  const entries = Object.entries(parsed as Record<string, unknown>).map(([name, value]): [string, string] => {
    if (typeof value === 'string') return [name, value];
    if (typeof value === 'number') return [name, numberText.get(name) ?? String(value)];
    if (value === null) return [name, ''];
    const kind = Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'an object'
        : `a ${typeof value}`;
    throw new MalformedMessageError(
      'nested_value',
      `the field ${JSON.stringify(name)} is ${kind}, not text`,
      name,
    );
  });
  return Object.fromEntries(entries);
}

/** Reads a message body by its Content-Type; throws MalformedMessageError (400) or UnsupportedMessageFormatError (415). */
export function readMessage(body: string | Uint8Array, contentType: string | undefined): ProviderMessage {
  const type = mediaType(contentType);
  if (type !== FORM && !isJson(type)) throw new UnsupportedMessageFormatError(contentType);
  const text = decodeUtf8(body);
  if (text.trim() === '') throw new MalformedMessageError('empty', 'the message body is empty');
  return type === FORM ? parseFormMessage(text) : parseJsonMessage(text);
}

/**
 * A JSON answer of APS' payment API whose `unsignedField` (e.g. `installment_detail`) is not part of
 * its signature: the flat copy of the signed fields (nested ones rendered as the signature renders
 * them, so the copy verifies like the original) and the unsigned value beside it. `label` names the
 * request in the error of an answer that is not one JSON object.
 */
export function readAnswerWithUnsigned(
  body: string,
  label: string,
  unsignedField: string,
): { message: ProviderMessage; unsigned: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ProviderBadResponseError(
      label,
      `the answer is not JSON; it starts with ${JSON.stringify(body.slice(0, 40))}`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProviderBadResponseError(label, 'the answer is not one JSON object');
  }
  const message: ProviderMessage = {};
  let unsigned: unknown = null;
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === unsignedField) unsigned = value;
    else message[name] = renderSignedValue(value);
  }
  return { message, unsigned };
}
