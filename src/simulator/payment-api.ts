/**
 * `POST /FortAPI/paymentApi` commands (reference §6): CHECK_STATUS, CAPTURE, VOID_AUTHORIZATION and
 * REFUND against the order's amount ledger. Requests are validated like the hosted page's (shared
 * parameter tables, credentials, signature); answers echo the request and add the result.
 */
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { validateRequestFields } from '../providers/aps/fields.js';
import { verifySignature, type SignableParams } from '../providers/aps/signature.js';
import { bookOperation, type MaintenanceCommand } from './books.js';
import { toLanguage } from './messages.js';
import type { MerchantAccount, SimTransaction } from './model.js';
import { secretEquals } from './request-validation.js';
import { echoOf, lastOperationFields, resultFields, type Fields } from './responses.js';
import type { SimulatorState } from './state.js';

/** The unsigned answer to one paymentApi request. */
export interface PaymentApiAnswer {
  fields: Fields;
  /** The account that signs the answer: whenever the request names a known merchant. */
  account: MerchantAccount | undefined;
  /** Set when the command changed the order: the merchant also gets these fields as a Notification. */
  notification: Fields | undefined;
}

/** Success and failure status of each maintenance command. */
export const MAINTENANCE = {
  CAPTURE: { success: STATUS.CAPTURE_SUCCESS, failure: STATUS.CAPTURE_FAILED },
  VOID_AUTHORIZATION: { success: STATUS.VOID_SUCCESS, failure: STATUS.VOID_FAILED },
  REFUND: { success: STATUS.REFUND_SUCCESS, failure: STATUS.REFUND_FAILED },
} as const satisfies Record<MaintenanceCommand, { success: string; failure: string }>;

/** Statuses of a payment that has not settled yet (a Notification will follow). */
const UNSETTLED: readonly string[] = [STATUS.PENDING, STATUS.ON_HOLD, STATUS.UNCERTAIN];

function findOrder(
  state: SimulatorState,
  account: MerchantAccount,
  echo: Fields,
): SimTransaction | undefined {
  const { merchant_reference: reference, fort_id: fortId } = echo;
  const found =
    reference !== undefined
      ? state.transaction(account.merchantIdentifier, reference)
      : state
          .allTransactions()
          .find((t) => t.merchantIdentifier === account.merchantIdentifier && t.fortId === fortId);
  return found && (fortId === undefined || found.fortId === fortId) ? found : undefined;
}

/** Answers one parsed paymentApi request body; `body` is undefined when it was not a JSON object. */
export function answerPaymentApi(
  state: SimulatorState,
  body: Record<string, unknown> | undefined,
  accountOf: (merchantIdentifier: string, accessCode: string | undefined) => MerchantAccount | undefined = (
    id,
  ) => state.accounts.get(id),
): PaymentApiAnswer {
  const params = body ?? {};
  const echo = echoOf(params);
  const language = toLanguage(echo.language);
  const account =
    echo.merchant_identifier !== undefined
      ? accountOf(echo.merchant_identifier, echo.access_code)
      : undefined;
  const answer = (status: string, messageCode: string, extra: Fields = {}): PaymentApiAnswer => ({
    fields: { ...echo, ...extra, ...resultFields(status, messageCode, language) },
    account,
    notification: undefined,
  });
  if (body === undefined) return answer(STATUS.INVALID_REQUEST, MESSAGE.INVALID_REQUEST_FORMAT);

  const command = Object.hasOwn(params, 'query_command') ? 'CHECK_STATUS' : params.command;
  if (command === undefined || command === '')
    return answer(STATUS.INVALID_REQUEST, MESSAGE.MISSING_PARAMETER);
  if (command !== 'CHECK_STATUS' && !(typeof command === 'string' && Object.hasOwn(MAINTENANCE, command))) {
    return answer(STATUS.INVALID_REQUEST, MESSAGE.INVALID_COMMAND);
  }
  const problem = validateRequestFields(command, params)[0];
  if (problem) return answer(STATUS.INVALID_REQUEST, problem.messageCode);
  if (!account) return answer(STATUS.INVALID_REQUEST, MESSAGE.INVALID_MERCHANT_ID);
  if (!secretEquals(echo.access_code ?? '', account.accessCode)) {
    return answer(STATUS.INVALID_REQUEST, MESSAGE.INVALID_ACCESS_CODE);
  }
  if (!verifySignature(params as SignableParams, account.shaRequestPhrase, account.shaType).valid) {
    return answer(STATUS.INVALID_REQUEST, MESSAGE.SIGNATURE_MISMATCH);
  }

  const order = findOrder(state, account, echo);
  if (command === 'CHECK_STATUS') {
    // Decision (docs/simulator.md): an unknown order is a successful query with message 036 → 12036.
    if (!order) return answer(STATUS.CHECK_STATUS_SUCCESS, MESSAGE.ORDER_NOT_FOUND);
    return answer(STATUS.CHECK_STATUS_SUCCESS, MESSAGE.SUCCESS, {
      fort_id: order.fortId,
      ...lastOperationFields(order, language),
    });
  }
  const maintenance = command as MaintenanceCommand;
  const codes = MAINTENANCE[maintenance];
  if (!order) return answer(codes.failure, MESSAGE.ORDER_NOT_FOUND);
  const withFortId = { fort_id: order.fortId };

  const replay =
    maintenance === 'REFUND' && echo.maintenance_reference !== undefined
      ? order.refundAnswers[echo.maintenance_reference]
      : undefined;
  if (replay) {
    // Decision (docs/simulator.md): the reference names one refund. The same refund again is answered
    // with its first answer and refunds nothing more; another amount under it is a different refund
    // and is refused (07066, "merchant reference already exists") instead of passing for the first.
    const same = Number(replay.amount) === Number(echo.amount) && replay.currency === echo.currency;
    if (!same) return answer(codes.failure, MESSAGE.REFERENCE_EXISTS, withFortId);
    return { fields: { ...replay }, account, notification: undefined };
  }

  const refusal = refusalOf(maintenance, order, echo);
  if (refusal) return answer(codes.failure, refusal, withFortId);

  const result = answer(codes.success, MESSAGE.SUCCESS, withFortId);
  if (maintenance === 'REFUND' && echo.maintenance_reference !== undefined) {
    order.refundAnswers[echo.maintenance_reference] = result.fields;
  }
  bookOperation(state, order, {
    command: maintenance,
    amount: Number(echo.amount ?? '0'),
    status: codes.success,
    responseCode: result.fields.response_code ?? '',
    origin: 'api',
    ...(echo.maintenance_reference !== undefined ? { maintenanceReference: echo.maintenance_reference } : {}),
  });
  return { ...result, notification: result.fields };
}

/** Why a maintenance command cannot run on `order` (a message code), or undefined when it can. */
export function refusalOf(
  command: MaintenanceCommand,
  order: SimTransaction,
  echo: Fields,
): string | undefined {
  if (UNSETTLED.includes(order.status)) return '662';
  const succeeded = order.status === STATUS.PURCHASE_SUCCESS || order.status === STATUS.AUTHORIZATION_SUCCESS;
  if (!succeeded || order.voided) return MESSAGE.OPERATION_NOT_ALLOWED;
  if (echo.currency !== undefined && echo.currency !== order.currency) return MESSAGE.INVALID_CURRENCY;
  const amount = Number(echo.amount ?? '0');
  switch (command) {
    case 'CAPTURE':
      if (order.command !== 'AUTHORIZATION') return MESSAGE.OPERATION_NOT_ALLOWED;
      return amount > order.authorizedAmount - order.capturedAmount ? MESSAGE.EXCEEDS_AUTHORIZED : undefined;
    case 'VOID_AUTHORIZATION':
      if (order.command !== 'AUTHORIZATION' || order.capturedAmount > 0) return MESSAGE.OPERATION_NOT_ALLOWED;
      return echo.amount !== undefined && amount !== order.authorizedAmount
        ? MESSAGE.INVALID_AMOUNT
        : undefined;
    case 'REFUND':
      return amount > order.capturedAmount - order.refundedAmount ? MESSAGE.EXCEEDS_CAPTURED : undefined;
  }
}
