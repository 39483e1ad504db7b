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

const CANCELLED: Decision = Object.freeze({ targetState: 'cancel', needsStatusCheck: false });
const OPEN: Decision = Object.freeze({ targetState: 'pending', needsStatusCheck: true });
const DONE: Decision = Object.freeze({ targetState: 'done', needsStatusCheck: false });
const AUTHORIZED: Decision = Object.freeze({ targetState: 'authorized', needsStatusCheck: false });
const VOIDED: Decision = Object.freeze({
  targetState: 'done',
  parentState: 'cancel',
  needsStatusCheck: false,
});
const FAILED: Decision = Object.freeze({ targetState: 'error', needsStatusCheck: false });

/** The S7 table: status (and message code) → state of the operation's transaction. */
function decide(status: string, messageCode: string | undefined): Decision {
  if (messageCode === MESSAGE.CANCELLED_BY_CUSTOMER) return CANCELLED;
  if (PENDING_STATUSES.has(status) || UNDECIDED_MESSAGES.has(messageCode ?? '')) return OPEN;
  switch (status) {
    case STATUS.PURCHASE_SUCCESS:
    case STATUS.CAPTURE_SUCCESS:
    case STATUS.REFUND_SUCCESS:
      return DONE;
    case STATUS.AUTHORIZATION_SUCCESS:
      return AUTHORIZED;
    case STATUS.VOID_SUCCESS:
      return VOIDED;
    default:
      return FAILED;
  }
}

/** Operator-facing text of a response code, with the code itself when it is a well-formed one. */
function describeCode(code: string): string {
  return splitResponseCode(code) ? `${describeResponseCode(code)} (${code})` : describeResponseCode(code);
}

function textFor(
  providerMessage: string | undefined,
  code: string,
): { message: string; description: string } {
  const description = describeCode(code);
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

/**
 * Sets on `outcome` the facts every outcome carries, whatever it decides; a fact the message does not
 * give stays absent. (Set one by one on the outcome: this runs for every message ingested.)
 */
function addFacts<T extends Partial<ProviderOutcome>>(outcome: T, fields: ProviderMessage): T {
  const installments = installmentPlanOf(fields);
  if (installments) outcome.installments = installments;
  const reference = present(fields.merchant_reference);
  if (reference) outcome.reference = reference;
  const maintenanceReference = present(fields.maintenance_reference);
  if (maintenanceReference) outcome.maintenanceReference = maintenanceReference;
  const providerReference = present(fields.fort_id);
  if (providerReference) outcome.providerReference = providerReference;
  const paymentOption = present(fields.payment_option)?.toLowerCase();
  if (paymentOption) outcome.paymentOption = paymentOption;
  const cardLast4 = /(\d{4})$/.exec(fields.card_number ?? '')?.[1];
  if (cardLast4) outcome.cardLast4 = cardLast4;
  const amountMinor = minorUnits(fields.amount);
  if (amountMinor !== undefined) outcome.amountMinor = amountMinor;
  const currency = present(fields.currency);
  if (currency) outcome.currency = currency;
  const amounts = reportedAmounts(fields);
  if (amounts) outcome.amounts = amounts;
  const card = cardTokenOf(fields);
  if (card) outcome.card = card;
  return outcome;
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
  const base = addFacts({ fromStatusCheck: true, unknownAtProvider: false }, fields);
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
  const parts = splitResponseCode(code);
  const status = fields.status ?? parts?.status ?? '';
  const decision = decide(status, parts?.messageCode);
  const description = describeCode(code);
  const outcome: ProviderOutcome = {
    operation: operationOf(fields, status),
    targetState: decision.targetState,
    needsStatusCheck: decision.needsStatusCheck,
    message: present(fields.response_message) ?? description,
    description,
    unknownAtProvider: false,
    fromStatusCheck: false,
    rawStatus: status,
    responseCode: code,
  };
  if (decision.parentState) outcome.parentState = decision.parentState;
  return addFacts(outcome, fields);
}
