/**
 * The APS paymentApi client (reference §6): CHECK_STATUS, CAPTURE, VOID_AUTHORIZATION and REFUND as
 * signed JSON POSTs. An answer is trusted only after its signature verifies with the response phrase.
 * Every transport failure is a typed ProviderCallError saying "status unknown": the operation may have
 * happened, and only a later status check can tell. `fetch` is injectable, as in stripe-node.
 */
import { ValidationError } from '../../errors.js';
import {
  MalformedMessageError,
  ProviderBadResponseError,
  ProviderCallError,
  ProviderHttpError,
  ProviderRejectedError,
  ProviderSignatureError,
  ProviderTimeoutError,
  ProviderUnreachableError,
} from '../errors.js';
import type {
  AmountOperation,
  OperationOptions,
  OperationResult,
  PaymentTarget,
  ProviderAccount,
  ProviderMessage,
  RefundOperation,
} from '../provider.js';
import { paymentApiUrl } from './endpoints.js';
import { validateRequestFields, type ApsCommand } from './fields.js';
import { checkMessageMatches, isApsRejection, verifyMessage } from './message-checks.js';
import { MESSAGE } from './message-codes.js';
import { parseJsonMessage } from './message-reader.js';
import { interpretOutcome } from './outcome.js';
import { apsLanguage, toValidationError } from './redirect.js';
import { computeSignature } from './signature.js';

/** Default time allowed for one paymentApi call, answer body included. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Seams of the client: the HTTP function and the time limit. */
export interface PaymentApiClientOptions {
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** What to tell the operator when APS refuses a request outright, by message code. */
const REJECTION_HINTS: Readonly<Record<string, string>> = {
  [MESSAGE.SIGNATURE_MISMATCH]: ' — check the SHA Request Phrase and SHA Type against the APS back office',
  [MESSAGE.INVALID_MERCHANT_ID]: ' — check the Merchant Identifier',
  [MESSAGE.INVALID_ACCESS_CODE]: ' — check the Access Code',
};

function withoutEmpty(params: Record<string, string | null | undefined>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (value) fields[name] = value;
  return fields;
}

function positiveAmount(amountMinor: number): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor <= 0) {
    throw new ValidationError('the amount must be a positive whole number of minor units', [
      { field: 'amountMinor', message: `got ${String(amountMinor)}` },
    ]);
  }
  return String(amountMinor);
}

/** A paymentApi client bound to one `fetch` and time limit. */
export class PaymentApiClient {
  private readonly fetchFn: typeof globalThis.fetch;
  private readonly timeoutMs: number;

  /** Creates a client; both seams default to the platform's fetch and 30 s. */
  constructor(options: PaymentApiClientOptions = {}) {
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) {
      throw new RangeError(`timeoutMs must be a positive number, got ${String(options.timeoutMs)}`);
    }
  }

  /** Asks APS for the current state of a payment (CHECK_STATUS). */
  async checkStatus(
    account: ProviderAccount,
    target: PaymentTarget,
    options?: OperationOptions,
  ): Promise<OperationResult> {
    const message = await this.call(
      account,
      'CHECK_STATUS',
      'status check',
      this.targetFields(target),
      options,
    );
    return { message, outcome: interpretOutcome(message), mismatches: checkMessageMatches(message, account) };
  }

  /** Captures all or part of an authorized payment. */
  async capture(
    account: ProviderAccount,
    operation: AmountOperation,
    options?: OperationOptions,
  ): Promise<OperationResult> {
    const params = {
      ...this.targetFields(operation),
      amount: positiveAmount(operation.amountMinor),
      currency: operation.currency,
    };
    const message = await this.call(account, 'CAPTURE', 'capture', params, options);
    return {
      message,
      outcome: interpretOutcome(message),
      mismatches: checkMessageMatches(message, account, operation),
    };
  }

  /** Releases an authorization; sent without amount and currency (SPEC S17). */
  async voidAuthorization(
    account: ProviderAccount,
    target: PaymentTarget,
    options?: OperationOptions,
  ): Promise<OperationResult> {
    const message = await this.call(
      account,
      'VOID_AUTHORIZATION',
      'void',
      this.targetFields(target),
      options,
    );
    return { message, outcome: interpretOutcome(message), mismatches: checkMessageMatches(message, account) };
  }

  /** Refunds all or part of a captured payment; the refund's reference makes a retry idempotent at APS. */
  async refund(
    account: ProviderAccount,
    operation: RefundOperation,
    options?: OperationOptions,
  ): Promise<OperationResult> {
    const params = {
      ...this.targetFields(operation),
      amount: positiveAmount(operation.amountMinor),
      currency: operation.currency,
      maintenance_reference: operation.refundReference,
    };
    const message = await this.call(account, 'REFUND', 'refund', params, options);
    return {
      message,
      outcome: interpretOutcome(message),
      mismatches: checkMessageMatches(message, account, operation),
    };
  }

  private targetFields(target: PaymentTarget): Record<string, string> {
    return withoutEmpty({
      merchant_reference: target.reference,
      fort_id: target.providerReference,
      language: apsLanguage(target.lang),
    });
  }

  /** Signs, validates, sends, reads and verifies one paymentApi call; returns the verified answer. */
  async call(
    account: ProviderAccount,
    command: ApsCommand,
    label: string,
    params: Record<string, string>,
    options: OperationOptions = {},
  ): Promise<ProviderMessage> {
    const request: Record<string, string> = {
      [command === 'CHECK_STATUS' ? 'query_command' : 'command']: command,
      access_code: account.accessCode,
      merchant_identifier: account.merchantIdentifier,
      ...params,
    };
    request.signature = computeSignature(request, account.shaRequestPhrase, account.shaType);
    const problems = validateRequestFields(command, request);
    if (problems.length > 0)
      throw toValidationError(`the ${label} of ${params.merchant_reference ?? '?'}`, problems);
    return this.exchange(account, request, label, options);
  }

  /**
   * Sends an already signed and validated request and returns the verified answer: APS' refusal and a
   * bad signature are typed errors, and an answer about another order is refused.
   */
  async exchange(
    account: ProviderAccount,
    request: Record<string, unknown>,
    label: string,
    options: OperationOptions = {},
  ): Promise<ProviderMessage> {
    const url = paymentApiUrl(account);
    const text = await this.post(url, request, label, options.signal);
    let answer: ProviderMessage;
    try {
      answer = parseJsonMessage(text);
    } catch (err) {
      const start = JSON.stringify(text.trim().slice(0, 40));
      const detail = err instanceof MalformedMessageError ? err.message : 'unreadable';
      throw new ProviderBadResponseError(label, `${detail}; the answer starts with ${start}`);
    }
    const verification = verifyMessage(answer, account.shaResponsePhrase, account.shaType);
    if (!verification.valid) {
      if (isApsRejection(answer)) {
        const code = answer.response_code ?? '00000';
        const hint = REJECTION_HINTS[code.slice(2)] ?? '';
        throw new ProviderRejectedError(label, code, answer.response_message || 'invalid request', hint);
      }
      throw new ProviderSignatureError(label, verification.reason ?? 'mismatch');
    }
    if (
      typeof request.merchant_reference === 'string' &&
      request.merchant_reference &&
      answer.merchant_reference &&
      answer.merchant_reference !== request.merchant_reference
    ) {
      throw new ProviderBadResponseError(
        label,
        `the answer is about ${answer.merchant_reference}, not ${request.merchant_reference}`,
      );
    }
    return answer;
  }

  /** POSTs the JSON request and returns the answer body; the time limit covers the body too. */
  async post(
    url: string,
    request: Record<string, unknown>,
    label: string,
    signal?: AbortSignal,
  ): Promise<string> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await this.fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(request),
        redirect: 'manual',
        signal: controller.signal,
      });
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel().catch(() => undefined);
        throw new ProviderHttpError(label, response.status);
      }
      return await response.text();
    } catch (err) {
      if (err instanceof ProviderCallError) throw err;
      if (timedOut) throw new ProviderTimeoutError(label, this.timeoutMs, err);
      if (signal?.aborted) {
        throw new ProviderCallError(
          'provider_call_aborted',
          `${label}: the call was aborted; status unknown`,
          {
            retryable: true,
            outcomeUnknown: true,
            cause: err,
          },
        );
      }
      throw new ProviderUnreachableError(label, err);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}
