/**
 * "Test credentials" (S11): a status check for a random reference that the provider cannot know. The
 * request is signed with the request phrase and names the merchant identifier and access code; the
 * answer must come back signed with the response phrase. A signed "not found" therefore proves all
 * four credentials and the SHA type at once; anything else says which part is wrong.
 */
import { missingCredentials } from '../domain/provider.js';
import { generateReference } from '../domain/reference.js';
import { Conflict, NotFound, ValidationError } from '../errors.js';
import {
  ProviderBadResponseError,
  ProviderCallError,
  ProviderRejectedError,
  ProviderSignatureError,
} from '../providers/errors.js';
import type { PaymentProvider, ProviderAccount } from '../providers/provider.js';
import { providerFor, type ServiceContext } from './context.js';
import { applePayAccount, loadApplePay } from './apple-pay-settings.js';
import { toProviderAccount, toProviderConfig } from './provider-accounts.js';

/** What the test concluded; each verdict names the one thing to fix. */
export type CredentialVerdict =
  | 'ok'
  | 'disabled'
  | 'incomplete'
  | 'invalid'
  | 'unreachable'
  | 'bad_answer'
  | 'merchant_identifier'
  | 'access_code'
  | 'request_signature'
  | 'response_signature'
  | 'rejected';

/** The result shown next to the Test credentials button. */
export interface CredentialTestResult {
  ok: boolean;
  verdict: CredentialVerdict;
  /** English explanation for the operator (the page may translate by verdict). */
  message: string;
  /** The provider's response code when it answered with one (e.g. `00008`). */
  responseCode?: string;
  /** Fields to fix (credential names), when known. */
  fields: string[];
  /** Where the request went: the custom base URL, or the provider's sandbox or production. */
  endpoint: string;
  testedAt: string;
}

/** Options of {@link testProviderCredentials}. */
export interface CredentialTestOptions {
  /** Give up after this long (default 15 s): a test button should not hang for the client's 30 s. */
  timeoutMs?: number;
}

const REASONS: Record<Exclude<CredentialVerdict, 'ok' | 'rejected' | 'invalid' | 'incomplete'>, string> = {
  disabled:
    'The provider is Disabled, so it may not call APS. Switch it to Test or Enabled (and save) first.',
  unreachable: 'APS could not be reached',
  bad_answer: 'APS answered with something that is not a payment API answer',
  merchant_identifier:
    'APS does not know this Merchant Identifier: copy it again from Integration Settings ‣ Security Settings.',
  access_code:
    'APS refused the Access Code: copy it again from Integration Settings ‣ Security Settings (generate one if none exists).',
  request_signature:
    'APS could not verify the request signature (00008 Signature mismatch): the SHA Request Phrase or the SHA Type differs from the APS back office.',
  response_signature:
    'APS answered, but its answer is not signed with this SHA Response Phrase and SHA Type: copy the SHA Response Phrase again and check the SHA Type. (A wrong SHA Request Phrase can only be detected once the response phrase is right.)',
};

const BY_MESSAGE_CODE: Record<string, { verdict: CredentialVerdict; fields: string[] }> = {
  '008': { verdict: 'request_signature', fields: ['shaRequestPhrase', 'shaType'] },
  '009': { verdict: 'merchant_identifier', fields: ['merchantIdentifier'] },
  '010': { verdict: 'access_code', fields: ['accessCode'] },
};

function fromRejection(responseCode: string, providerMessage: string, signed: boolean) {
  const known = BY_MESSAGE_CODE[responseCode.slice(2)];
  if (known) {
    let message = REASONS[known.verdict as keyof typeof REASONS];
    // A signed refusal verified with our response phrase, so that phrase and the SHA type are right.
    if (known.verdict === 'request_signature' && signed) {
      message =
        'APS could not verify the request signature (00008 Signature mismatch): the SHA Request Phrase is wrong. The SHA Response Phrase and SHA Type are right (the answer verified with them).';
      return { verdict: known.verdict, message, fields: ['shaRequestPhrase'] };
    }
    return { verdict: known.verdict, message, fields: known.fields };
  }
  return {
    verdict: 'rejected' as const,
    message: `APS refused the request: ${providerMessage} (${responseCode}).`,
    fields: [],
  };
}

/** Runs the credential test of one provider; never throws for a provider-side problem, only for a missing provider. */
export async function testProviderCredentials(
  ctx: ServiceContext,
  providerId: string,
  options: CredentialTestOptions = {},
): Promise<CredentialTestResult> {
  const record = await ctx.store.repos.providers.findById(providerId);
  if (!record) throw new NotFound('This payment provider does not exist (any more).');
  const config = toProviderConfig(record, ctx.secretBox);
  const testedAt = ctx.clock.now().toISOString();
  const endpoint = config.customBaseUrl ?? (config.state === 'enabled' ? 'APS production' : 'APS sandbox');
  const done = (
    verdict: CredentialVerdict,
    message: string,
    fields: string[] = [],
    responseCode?: string,
  ): CredentialTestResult => {
    const result: CredentialTestResult = {
      ok: verdict === 'ok',
      verdict,
      message,
      fields,
      endpoint,
      testedAt,
    };
    if (responseCode !== undefined) result.responseCode = responseCode;
    ctx.logger.info(
      { providerId, verdict, responseCode: responseCode ?? null },
      'provider credentials tested',
    );
    return result;
  };

  if (config.state === 'disabled') return done('disabled', REASONS.disabled);
  const missing = missingCredentials(config);
  if (missing.length > 0) {
    return done(
      'incomplete',
      `Fill in and save the missing credentials first: ${missing.join(', ')}.`,
      missing,
    );
  }
  const provider = providerFor(ctx, record.code);
  const card = await probe(ctx, provider, toProviderAccount(config), endpoint, options);
  const applePay = await loadApplePay(ctx, ctx.store.repos, providerId);
  if (!applePay) return done(card.verdict, card.message, card.fields, card.responseCode);
  // The Apple Pay set (S19) is tested the same way with its own access code, phrases and SHA type.
  const apple = applePayVerdict(
    await probe(ctx, provider, applePayAccount(config, applePay), endpoint, options),
  );
  if (card.verdict !== 'ok') {
    return done(card.verdict, `${card.message} ${apple.message}`, card.fields, card.responseCode);
  }
  if (apple.verdict !== 'ok') return done(apple.verdict, apple.message, apple.fields, apple.responseCode);
  return done('ok', `${card.message} ${apple.message}`, [], card.responseCode);
}

/** One probe's conclusion, before it is stamped and logged. */
interface Probe {
  verdict: CredentialVerdict;
  message: string;
  fields: string[];
  responseCode?: string;
}

const APPLE_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/SHA Request Phrase/g, 'Apple Pay SHA Request Phrase'],
  [/SHA Response Phrase/g, 'Apple Pay SHA Response Phrase'],
  [/SHA Type/g, 'Apple Pay SHA Type'],
  [/Access Code/g, 'Apple Pay Access Code'],
];

/** The Apple Pay probe in the Apple Pay section's words: every credential named as that section names it. */
function applePayVerdict(result: Probe): Probe {
  if (result.verdict === 'ok') {
    return { ...result, message: 'The Apple Pay Access Code, SHA phrases and SHA Type are right too.' };
  }
  let message = result.message;
  for (const [pattern, name] of APPLE_NAMES) message = message.replace(pattern, name);
  return {
    ...result,
    message: `Apple Pay: ${message}`,
    fields: result.fields.map((field) => (field === 'merchantIdentifier' ? field : `applePay.${field}`)),
  };
}

/** A status check for a reference the provider cannot know, made with `account`, and what it proves. */
async function probe(
  ctx: ServiceContext,
  provider: PaymentProvider,
  account: ProviderAccount,
  endpoint: string,
  options: CredentialTestOptions,
): Promise<Probe> {
  const done = (
    verdict: CredentialVerdict,
    message: string,
    fields: string[] = [],
    responseCode?: string,
  ): Probe =>
    responseCode === undefined ? { verdict, message, fields } : { verdict, message, fields, responseCode };
  const reference = generateReference({ orderReference: 'credtest', clock: ctx.clock });
  try {
    const answer = await provider.checkStatus(
      account,
      { reference },
      { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) },
    );
    const { outcome, mismatches } = answer;
    if (outcome.rawStatus === '00') {
      const rejection = fromRejection(outcome.responseCode, outcome.description || outcome.message, true);
      return done(rejection.verdict, rejection.message, rejection.fields, outcome.responseCode);
    }
    if (mismatches.length > 0) {
      return done(
        'bad_answer',
        `APS answered about another account: ${mismatches.map((m) => m.message).join('; ')}.`,
        [],
        outcome.responseCode,
      );
    }
    const message = `All four credentials and the SHA Type are right: APS answered the test status check (${outcome.responseCode}) with a signature made with the SHA Response Phrase.`;
    return done('ok', message, [], outcome.responseCode);
  } catch (err) {
    if (err instanceof ProviderRejectedError) {
      const rejection = fromRejection(err.responseCode, err.message, false);
      return done(rejection.verdict, rejection.message, rejection.fields, err.responseCode);
    }
    if (err instanceof ProviderSignatureError) {
      return done('response_signature', REASONS.response_signature, ['shaResponsePhrase', 'shaType']);
    }
    if (err instanceof ProviderBadResponseError)
      return done('bad_answer', `${REASONS.bad_answer}: ${err.message}`);
    if (err instanceof ProviderCallError) {
      const detail = err.type === 'provider_call_aborted' ? 'no answer in time' : err.message;
      return done(
        'unreachable',
        `${REASONS.unreachable} at ${endpoint}: ${detail}. Check the endpoint (custom base URL) and the network.`,
      );
    }
    if (err instanceof ValidationError) {
      const fields = err.fields.map((f) => f.field);
      return done(
        'invalid',
        `The credentials cannot be sent as they are: ${err.fields.map((f) => `${f.field} ${f.message}`).join('; ') || err.message}.`,
        fields,
      );
    }
    if (err instanceof Conflict) return done('disabled', REASONS.disabled);
    throw err;
  }
}
