/**
 * SPEC S7 step 5 as a pure function: what an APS message means for payport's transactions. Only
 * `14` completes a payment; pending-like statuses ask for a later status check; a failed status
 * check is never read as a failed payment (S8).
 */
import type {
  MessageIdentity,
  ProviderMessage,
  ProviderOperation,
  ProviderOutcome,
  ReportedAmounts,
  TargetState,
} from '../provider.js';
import { installmentPlanOf } from './bnpl-fields.js';
import { describeResponseCode, splitResponseCode } from './codes.js';
import { MESSAGE } from './message-codes.js';
import { STATUS } from './status-codes.js';
import { cardTokenOf } from './card-tokens.js';

const MAINTENANCE_OPERATION: Readonly<Record<string, ProviderOperation>> = {
  CAPTURE: 'capture',
  REFUND: 'refund',
  VOID_AUTHORIZATION: 'void',
};

const STATUS_OPERATION: Readonly<Record<string, ProviderOperation>> = {
  [STATUS.CAPTURE_SUCCESS]: 'capture',
  [STATUS.CAPTURE_FAILED]: 'capture',
  [STATUS.REFUND_SUCCESS]: 'refund',
  [STATUS.REFUND_FAILED]: 'refund',
  [STATUS.VOID_SUCCESS]: 'void',
  [STATUS.VOID_FAILED]: 'void',
};

/**
 * Statuses that are not failures (S9): pending, on hold, uncertain (`15777`–`15781` among them) and in
 * review. The payment waits for a status check or a later Notification; it never becomes `error` until
 * the provider says so.
 */
const PENDING_STATUSES: ReadonlySet<string> = new Set([
  STATUS.PENDING,
  STATUS.ON_HOLD,
  STATUS.UNCERTAIN,
  STATUS.IN_REVIEW,
]);
/** Message codes that say "not decided yet" under any status: technical problem (`xx006`), in review. */
const UNDECIDED_MESSAGES: ReadonlySet<string> = new Set([MESSAGE.TECHNICAL_PROBLEM, MESSAGE.IN_REVIEW]);

function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function minorUnits(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  return Number(value);
}

function operationOf(fields: ProviderMessage, status: string): ProviderOperation {
  return MAINTENANCE_OPERATION[fields.command ?? ''] ?? STATUS_OPERATION[status] ?? 'payment';
}

/** What identifies the transaction a message is about; readable before the message is verified. */
export function identifyMessage(fields: ProviderMessage): MessageIdentity {
  const reference = present(fields.merchant_reference);
  const maintenanceReference = present(fields.maintenance_reference);
  const providerReference = present(fields.fort_id);
  return {
    operation: operationOf(fields, fields.status ?? ''),
    ...(reference && { reference }),
    ...(maintenanceReference && { maintenanceReference }),
    ...(providerReference && { providerReference }),
  };
}

interface Decision {
  targetState: TargetState | null;
  parentState?: TargetState;
  needsStatusCheck: boolean;
}

/** The S7 table: status (and message code) → state of the operation's transaction. */
function decide(status: string, messageCode: string | undefined): Decision {
  if (messageCode === MESSAGE.CANCELLED_BY_CUSTOMER)
    return { targetState: 'cancel', needsStatusCheck: false };
  if (PENDING_STATUSES.has(status) || UNDECIDED_MESSAGES.has(messageCode ?? '')) {
    return { targetState: 'pending', needsStatusCheck: true };
  }
  switch (status) {
    case STATUS.PURCHASE_SUCCESS:
    case STATUS.CAPTURE_SUCCESS:
    case STATUS.REFUND_SUCCESS:
      return { targetState: 'done', needsStatusCheck: false };
    case STATUS.AUTHORIZATION_SUCCESS:
      return { targetState: 'authorized', needsStatusCheck: false };
    case STATUS.VOID_SUCCESS:
      return { targetState: 'done', parentState: 'cancel', needsStatusCheck: false };
    default:
      return { targetState: 'error', needsStatusCheck: false };
  }
}

function textFor(
  providerMessage: string | undefined,
  code: string,
): { message: string; description: string } {
  const description = splitResponseCode(code)
    ? `${describeResponseCode(code)} (${code})`
    : describeResponseCode(code);
  return { message: present(providerMessage) ?? description, description };
}

function reportedAmounts(fields: ProviderMessage): ReportedAmounts | undefined {
  const amounts: ReportedAmounts = {};
  const authorized = minorUnits(fields.authorized_amount);
  const captured = minorUnits(fields.captured_amount);
  const refunded = minorUnits(fields.refunded_amount);
  if (authorized !== undefined) amounts.authorizedMinor = authorized;
  if (captured !== undefined) amounts.capturedMinor = captured;
  if (refunded !== undefined) amounts.refundedMinor = refunded;
  return Object.keys(amounts).length > 0 ? amounts : undefined;
}

/** Facts every outcome carries, whatever it decides. */
function extract(fields: ProviderMessage): Partial<ProviderOutcome> {
  const cardLast4 = /(\d{4})$/.exec(fields.card_number ?? '')?.[1];
  const paymentOption = present(fields.payment_option)?.toLowerCase();
  const amountMinor = minorUnits(fields.amount);
  const currency = present(fields.currency);
  const amounts = reportedAmounts(fields);
  const identity = identifyMessage(fields);
  const card = cardTokenOf(fields);
  const installments = installmentPlanOf(fields);
  return {
    ...(installments && { installments }),
    ...(identity.reference && { reference: identity.reference }),
    ...(identity.maintenanceReference && { maintenanceReference: identity.maintenanceReference }),
    ...(identity.providerReference && { providerReference: identity.providerReference }),
    ...(paymentOption && { paymentOption }),
    ...(cardLast4 && { cardLast4 }),
    ...(amountMinor !== undefined && { amountMinor }),
    ...(currency && { currency }),
    ...(amounts && { amounts }),
    ...(card && { card }),
  };
}

function isStatusCheckAnswer(fields: ProviderMessage): boolean {
  return (
    fields.query_command === 'CHECK_STATUS' ||
    fields.status === STATUS.CHECK_STATUS_SUCCESS ||
    fields.status === STATUS.CHECK_STATUS_FAILED
  );
}

/** A status check answer: the outcome is the order's last operation, not the check itself. */
function interpretStatusCheck(fields: ProviderMessage): ProviderOutcome {
  const status = fields.status ?? '';
  const code = fields.response_code ?? '';
  const base = { ...extract(fields), fromStatusCheck: true, unknownAtProvider: false };
  const open = (message: string, description: string): ProviderOutcome => ({
    ...base,
    operation: 'payment',
    targetState: null,
    needsStatusCheck: true,
    message,
    description,
    rawStatus: status,
    responseCode: code,
  });
  if (splitResponseCode(code)?.messageCode === MESSAGE.ORDER_NOT_FOUND) {
    const { description } = textFor(undefined, code);
    return {
      ...open('APS has no transaction with this reference', description),
      needsStatusCheck: false,
      unknownAtProvider: true,
    };
  }
  if (status !== STATUS.CHECK_STATUS_SUCCESS) {
    const { description } = textFor(undefined, code);
    return open(
      `status check failed (${present(fields.response_message) ?? description}); status unknown`,
      description,
    );
  }
  const txStatus = fields.transaction_status ?? '';
  const txCode = fields.transaction_code ?? '';
  if (
    !/^\d{2}$/.test(txStatus) ||
    txStatus === STATUS.CHECK_STATUS_SUCCESS ||
    txStatus === STATUS.CHECK_STATUS_FAILED
  ) {
    return open(
      'APS reported no status for the transaction; status unknown',
      textFor(undefined, code).description,
    );
  }
  const txMessageCode = splitResponseCode(txCode)?.messageCode;
  if (txMessageCode === MESSAGE.ORDER_NOT_FOUND) {
    return {
      ...open('APS has no transaction with this reference', textFor(undefined, txCode).description),
      needsStatusCheck: false,
      unknownAtProvider: true,
    };
  }
  return {
    ...base,
    operation: STATUS_OPERATION[txStatus] ?? 'payment',
    ...decide(txStatus, txMessageCode),
    ...textFor(fields.transaction_message, txCode),
    rawStatus: txStatus,
    responseCode: txCode,
  };
}

/** Maps one APS message to a normalised outcome in payport's words (SPEC S7 step 5). */
export function interpretOutcome(fields: ProviderMessage): ProviderOutcome {
  if (isStatusCheckAnswer(fields)) return interpretStatusCheck(fields);
  const code = fields.response_code ?? '';
  const status = fields.status ?? splitResponseCode(code)?.status ?? '';
  const messageCode = splitResponseCode(code)?.messageCode;
  return {
    ...extract(fields),
    operation: operationOf(fields, status),
    ...decide(status, messageCode),
    ...textFor(fields.response_message, code),
    unknownAtProvider: false,
    fromStatusCheck: false,
    rawStatus: status,
    responseCode: code,
  };
}
