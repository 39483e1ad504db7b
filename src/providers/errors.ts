/**
 * Errors raised by providers. Inbound messages that cannot be read carry an HTTP `statusCode` (400 or
 * 415) that the error handler uses as is. Server-to-server failures are `ProviderError`s whose message
 * says the status is unknown — a timeout is never a failed payment — and that tells the operator what
 * to check, in the manner of stripe-node's errors.
 */
import { Conflict, PayportError, ProviderError } from '../errors.js';

/** Why an inbound message body could not be read. */
export type MalformedReason =
  'empty' | 'invalid_encoding' | 'invalid_json' | 'not_an_object' | 'repeated_key' | 'nested_value';

/** An inbound provider message whose body is not a flat set of text fields (answered 400). */
export class MalformedMessageError extends PayportError {
  readonly statusCode = 400;
  readonly reason: MalformedReason;
  /** The offending field, when there is one. */
  readonly field: string | undefined;
  constructor(reason: MalformedReason, message: string, field?: string) {
    super('malformed_message', message);
    this.reason = reason;
    this.field = field;
  }
}

/** An inbound provider message in a format other than form-encoded or JSON (answered 415). */
export class UnsupportedMessageFormatError extends PayportError {
  readonly statusCode = 415;
  readonly contentType: string | undefined;
  constructor(contentType: string | undefined) {
    super(
      'unsupported_media_type',
      `provider messages must be application/x-www-form-urlencoded or application/json, not ${
        contentType ? JSON.stringify(contentType) : 'a body without Content-Type'
      }`,
    );
    this.contentType = contentType;
  }
}

/** A disabled provider account was asked to talk to its provider. */
export class ProviderDisabledError extends Conflict {
  constructor(action: string) {
    super(`the provider is disabled, so it cannot ${action}; switch it to Test or Enabled first`);
  }
}

/**
 * The provider's answer to a server-to-server call is missing or untrustworthy. `outcomeUnknown` is
 * true when the operation may have happened anyway, so only a later status check can tell.
 */
export class ProviderCallError extends ProviderError {
  readonly outcomeUnknown: boolean;
  constructor(
    type: string,
    message: string,
    options: { retryable: boolean; outcomeUnknown: boolean; cause?: unknown },
  ) {
    super(type, message, options);
    this.outcomeUnknown = options.outcomeUnknown;
  }
}

/** No answer within the configured time. */
export class ProviderTimeoutError extends ProviderCallError {
  constructor(operation: string, timeoutMs: number, cause?: unknown) {
    super(
      'provider_timeout',
      `${operation}: no answer from the provider within ${timeoutMs} ms; status unknown — a status check will settle it`,
      { retryable: true, outcomeUnknown: true, cause },
    );
  }
}

/** The provider could not be reached (DNS, refused connection, TLS, reset). */
export class ProviderUnreachableError extends ProviderCallError {
  constructor(operation: string, cause?: unknown) {
    const detail = cause instanceof Error ? `: ${describeCause(cause)}` : '';
    super('provider_unreachable', `${operation}: could not reach the provider${detail}; status unknown`, {
      retryable: true,
      outcomeUnknown: true,
      cause,
    });
  }
}

/** The provider (or a proxy in front of it) answered with an HTTP error status. */
export class ProviderHttpError extends ProviderCallError {
  readonly httpStatus: number;
  constructor(operation: string, httpStatus: number) {
    const retryable = httpStatus >= 500 || httpStatus === 408 || httpStatus === 429;
    super('provider_http_error', `${operation}: the provider answered HTTP ${httpStatus}; status unknown`, {
      retryable,
      outcomeUnknown: true,
    });
    this.httpStatus = httpStatus;
  }
}

/** The answer was not the JSON object the provider sends (an HTML error page, a truncated body…). */
export class ProviderBadResponseError extends ProviderCallError {
  constructor(operation: string, detail: string) {
    super(
      'provider_bad_response',
      `${operation}: the provider's answer could not be read (${detail}); status unknown`,
      {
        retryable: true,
        outcomeUnknown: true,
      },
    );
  }
}

/** The answer is unsigned or its signature does not verify with the response phrase. */
export class ProviderSignatureError extends ProviderCallError {
  readonly reason: 'missing' | 'mismatch';
  constructor(operation: string, reason: 'missing' | 'mismatch') {
    const what = reason === 'missing' ? 'carries no signature' : 'has a signature that does not match';
    super(
      'provider_bad_signature',
      `${operation}: the provider's answer ${what}, so it was not trusted; status unknown — check the SHA ` +
        'Response Phrase and SHA Type of the provider against the provider back office',
      { retryable: false, outcomeUnknown: true },
    );
    this.reason = reason;
  }
}

/** The provider refused the request itself (it was not processed), e.g. a signature or parameter error. */
export class ProviderRejectedError extends ProviderCallError {
  readonly responseCode: string;
  constructor(operation: string, responseCode: string, providerMessage: string, hint: string) {
    super(
      'provider_rejected_request',
      `${operation}: the provider refused the request: ${providerMessage} (${responseCode})${hint}`,
      {
        retryable: false,
        outcomeUnknown: false,
      },
    );
    this.responseCode = responseCode;
  }
}

function describeCause(cause: Error): string {
  const inner = (cause as { cause?: unknown }).cause;
  const code =
    inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : '';
  return code ? `${cause.message} (${code})` : cause.message;
}
