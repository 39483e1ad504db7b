/**
 * `service_command=UPDATE_TOKEN` on paymentApi (reference aps-round2.md §2; PFDOC
 * tokenizationparameters.md): deactivates or reactivates a token (`token_status`), renames it
 * (`new_token_name`), or changes its `expiry_date` / `card_holder_name`. Success `58000` with the
 * token's `token_status`, `card_bin`, masked `card_number`, `expiry_date`, `card_brand` and
 * `creation_date`; an unknown token (or another merchant's) → `59044`; a taken new name → `59114`.
 * The `merchant_reference` is free: WooCommerce sends a fresh one, Magento the original order's.
 */
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { verifySignature, type SignableParams } from '../providers/aps/signature.js';
import type { SimulatorContext } from './context.js';
import { toLanguage } from './messages.js';
import type { PaymentApiAnswer } from './payment-api.js';
import { secretEquals } from './request-validation.js';
import { echoOf, resultFields, type Fields } from './responses.js';
import { validateUpdateTokenFields } from './token-fields.js';
import { TOKEN_MESSAGE, TOKEN_STATUS } from './tokens.js';

/** True for a paymentApi body naming a `service_command` (UPDATE_TOKEN, or one paymentApi refuses). */
export function isTokenService(body: Record<string, unknown> | undefined): boolean {
  return body !== undefined && Object.hasOwn(body, 'service_command') && !Object.hasOwn(body, 'command');
}

/** Answers a `service_command` request on paymentApi: UPDATE_TOKEN; anything else → 00004. */
export function answerTokenService(ctx: SimulatorContext, body: Record<string, unknown>): PaymentApiAnswer {
  const state = ctx.state;
  const echo = echoOf(body);
  const language = toLanguage(echo.language);
  const account =
    echo.merchant_identifier !== undefined ? state.accounts.get(echo.merchant_identifier) : undefined;
  const answer = (status: string, messageCode: string, extra: Fields = {}): PaymentApiAnswer => ({
    fields: { ...echo, ...extra, ...resultFields(status, messageCode, language) },
    account,
    notification: undefined,
  });
  const invalid = (messageCode: string) => answer(STATUS.INVALID_REQUEST, messageCode);
  if (body.service_command === '') return invalid(MESSAGE.MISSING_PARAMETER);
  if (body.service_command !== 'UPDATE_TOKEN') return invalid(MESSAGE.INVALID_COMMAND);
  const problem = validateUpdateTokenFields(body)[0];
  if (problem) return invalid(problem.messageCode);
  if (!account) return invalid(MESSAGE.INVALID_MERCHANT_ID);
  if (!secretEquals(echo.access_code ?? '', account.accessCode)) return invalid(MESSAGE.INVALID_ACCESS_CODE);
  if (!verifySignature(body as SignableParams, account.shaRequestPhrase, account.shaType).valid) {
    return invalid(MESSAGE.SIGNATURE_MISMATCH);
  }
  const token = state.token(account.merchantIdentifier, echo.token_name ?? '');
  if (!token) return answer(TOKEN_STATUS.UPDATE_FAILED, TOKEN_MESSAGE.NOT_FOUND);
  const newName = echo.new_token_name;
  if (
    newName !== undefined &&
    newName !== token.tokenName &&
    state.token(account.merchantIdentifier, newName)
  ) {
    return answer(TOKEN_STATUS.UPDATE_FAILED, TOKEN_MESSAGE.ALREADY_EXISTS);
  }

  if (echo.token_status === 'ACTIVE' || echo.token_status === 'INACTIVE') token.status = echo.token_status;
  if (echo.expiry_date !== undefined) token.expiryDate = echo.expiry_date;
  if (echo.card_holder_name !== undefined) token.holderName = echo.card_holder_name;
  if (newName !== undefined && newName !== token.tokenName) {
    state.deleteToken(account.merchantIdentifier, token.tokenName);
    token.tokenName = newName;
  }
  token.merchantReference = echo.merchant_reference ?? token.merchantReference;
  token.updatedAt = state.now();
  state.saveToken(token);
  state.changed();
  return answer(TOKEN_STATUS.UPDATED, MESSAGE.SUCCESS, {
    token_status: token.status,
    card_number: token.maskedNumber,
    card_bin: token.cardBin,
    expiry_date: token.expiryDate,
    card_brand: token.brand,
    creation_date: token.createdAt,
  });
}
