/**
 * payport's typed errors. Each has a stable `type` (used as the problem+json type and in logs) and a
 * message written for the person who has to act on it. They are mapped to HTTP answers in one place
 * (`src/http/plugins/errors.ts`).
 */

/** Base class of every error payport raises on purpose. */
export class PayportError extends Error {
  /** Stable machine-readable category, e.g. `validation_error`. */
  readonly type: string;
  constructor(type: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.type = type;
    this.name = new.target.name;
  }
}

/** One invalid input field and why it is invalid. */
export interface FieldError {
  field: string;
  message: string;
}

/** Input that breaks a rule; `fields` names each offending field when known. */
export class ValidationError extends PayportError {
  readonly fields: FieldError[];
  constructor(message: string, fields: FieldError[] = []) {
    super('validation_error', message);
    this.fields = fields;
  }
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFound extends PayportError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request conflicts with the current state (e.g. a reused idempotency key). */
export class Conflict extends PayportError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The payment provider refused or could not be reached; `retryable` says whether to try again. */
export class ProviderError extends PayportError {
  readonly retryable: boolean;
  constructor(type: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(type, message, { cause: options.cause });
    this.retryable = options.retryable;
  }
}

/** A dependency (usually the database) is unavailable; the caller should retry later. */
export class Unavailable extends PayportError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

/** Configuration that cannot be used; `setting` names the offending setting. */
export class ConfigError extends PayportError {
  readonly setting: string;
  constructor(setting: string, message: string) {
    super('config_error', `${setting}: ${message}`);
    this.setting = setting;
  }
}

/** Bad command-line usage (unknown flag, missing argument). */
export class UsageError extends PayportError {
  constructor(message: string) {
    super('usage_error', message);
  }
}
