/**
 * A small `multipart/form-data` reader for the one back-office form that sends a file (the logo, S21):
 * the whole body is buffered under a limit, then split on its boundary. Text fields become strings and
 * files `{ filename, type, data }`, so the CSRF guard reads `_csrf` as from any other form.
 */
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../errors.js';

/** A file sent in a form. */
export interface UploadedFile {
  filename: string;
  /** The type the browser declared (never trusted for what the bytes are). */
  type: string;
  data: Buffer;
}

/** A parsed form: text fields as strings, files as {@link UploadedFile}. */
export type MultipartBody = Record<string, string | UploadedFile>;

const MAX_PARTS = 10;

function malformed(): ValidationError {
  return new ValidationError('the form could not be read; please send it again', [
    { field: 'form', message: 'malformed multipart body' },
  ]);
}

function parameter(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, 'i').exec(header);
  return match?.[1];
}

/** Parses a buffered `multipart/form-data` body; a ValidationError when it is not well formed. */
export function parseMultipart(body: Buffer, contentType: string): MultipartBody {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  const token = boundary?.[1] ?? boundary?.[2];
  if (!token) throw malformed();
  const delimiter = Buffer.from(`--${token}`);
  const next = Buffer.from(`\r\n--${token}`);
  const result: MultipartBody = Object.create(null) as MultipartBody;
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformed();
  for (let parts = 0; ; parts += 1) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return result;
    if (parts >= MAX_PARTS || body.subarray(at, at + 2).toString() !== '\r\n') throw malformed();
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw malformed();
    const headers = body.toString('utf8', at + 2, headerEnd);
    const end = body.indexOf(next, headerEnd + 4);
    if (end < 0) throw malformed();
    const data = body.subarray(headerEnd + 4, end);
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const name = parameter(disposition, 'name');
    if (!name || name === '__proto__') throw malformed();
    const filename = parameter(disposition, 'filename');
    if (filename !== undefined) {
      const type = /^content-type:\s*(.*)$/im.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
      result[name] = { filename, type, data: Buffer.from(data) };
    } else {
      result[name] = data.toString('utf8');
    }
    at = end + 2;
  }
}

/** Lets the routes of `scope` take `multipart/form-data` bodies of up to `limit` bytes. */
export function acceptMultipart(scope: FastifyInstance, limit: number): void {
  scope.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: limit },
    (request, body, done) => {
      try {
        done(null, parseMultipart(body as Buffer, String(request.headers['content-type'] ?? '')));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
}
