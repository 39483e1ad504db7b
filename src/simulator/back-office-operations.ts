/**
 * Operations a merchant makes by hand in APS' own back office — capture, refund, void — on an order
 * the simulator holds: `POST /_sim/transactions/{merchant_reference}/operations` for tests and the
 * "Back-office operations" form of the dashboard's transaction page. They follow paymentApi's rules
 * and books (the same refusals, the same `bookOperation`), and the merchant learns of them only by a
 * signed Notification like paymentApi's, without any `maintenance_reference`: APS' back office knows
 * nothing of the merchant's own references, which is what makes these operations "out of band".
 */
import type { FastifyInstance } from 'fastify';
import { MESSAGE, STATUS } from '../providers/aps/codes.js';
import { ValidationError, type FieldError } from '../errors.js';
import { backOfficeBanner } from './back-office-views.js';
import { bookOperation, transactionView, type MaintenanceCommand } from './books.js';
import type { SimulatorContext } from './context.js';
import { findOrderByReference } from './control-api.js';
import { transactionPage } from './dashboard-routes.js';
import { responseMessage } from './messages.js';
import type { OrderOperation, SimTransaction } from './model.js';
import { formatAmount } from './money.js';
import { MAINTENANCE, refusalOf } from './payment-api.js';
import { resultFields, type Fields } from './responses.js';

/** A validated back-office operation. */
export interface BackOfficeRequest {
  command: MaintenanceCommand;
  /** Minor units; required for CAPTURE and REFUND, optional for a void (then it must be the whole). */
  amount: number | undefined;
  merchantIdentifier: string | undefined;
}

/** The outcome: booked and notified, or refused by the books (nothing changed). */
export type BackOfficeOutcome =
  | { booked: true; operation: OrderOperation }
  | { booked: false; responseCode: string; responseMessage: string; error: string; fields: FieldError[] };

const COMMANDS: readonly string[] = ['CAPTURE', 'REFUND', 'VOID_AUTHORIZATION'];
const AMOUNT = /^[1-9]\d{0,9}$/;

/** Validates `{command, amount?, merchant_identifier?}`; a bad field throws a ValidationError naming it. */
export function parseBackOfficeRequest(input: unknown): BackOfficeRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ValidationError('the body must be a JSON object with command and amount', [
      { field: 'command', message: 'is required' },
    ]);
  }
  const body = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const field of Object.keys(body)) {
    if (!['command', 'amount', 'merchant_identifier'].includes(field)) {
      errors.push({ field, message: 'is not a back-office operation field' });
    }
  }
  const command = body.command;
  if (typeof command !== 'string' || !COMMANDS.includes(command)) {
    errors.push({ field: 'command', message: `must be one of ${COMMANDS.join(', ')}` });
  }
  const raw = typeof body.amount === 'number' ? String(body.amount) : body.amount;
  let amount: number | undefined;
  if (raw === undefined) {
    if (command === 'CAPTURE' || command === 'REFUND') {
      errors.push({ field: 'amount', message: `is required for ${command} (minor units)` });
    }
  } else if (typeof raw === 'string' && AMOUNT.test(raw)) amount = Number(raw);
  else
    errors.push({ field: 'amount', message: 'must be a whole number of minor units from 1 to 9999999999' });
  const merchantIdentifier = body.merchant_identifier;
  if (
    merchantIdentifier !== undefined &&
    (typeof merchantIdentifier !== 'string' || merchantIdentifier === '')
  ) {
    errors.push({ field: 'merchant_identifier', message: 'must be a non-empty string' });
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `invalid back-office operation: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  return {
    command: command as MaintenanceCommand,
    amount,
    merchantIdentifier: merchantIdentifier as string | undefined,
  };
}

/** Names the field a refusal is about, with what is left when it is about money. */
function refusalFields(messageCode: string, order: SimTransaction): FieldError[] {
  const left = (minor: number) => formatAmount(minor, order.currency);
  switch (messageCode) {
    case MESSAGE.EXCEEDS_AUTHORIZED:
      return [
        {
          field: 'amount',
          message: `exceeds what is left to capture: ${order.authorizedAmount - order.capturedAmount} (${left(order.authorizedAmount - order.capturedAmount)})`,
        },
      ];
    case MESSAGE.EXCEEDS_CAPTURED:
      return [
        {
          field: 'amount',
          message: `exceeds what is left to refund: ${order.capturedAmount - order.refundedAmount} (${left(order.capturedAmount - order.refundedAmount)})`,
        },
      ];
    case MESSAGE.INVALID_AMOUNT:
      return [
        { field: 'amount', message: `a void releases the whole authorization: ${order.authorizedAmount}` },
      ];
    default:
      return [{ field: 'command', message: 'is not allowed on this order now' }];
  }
}

/** Why the order's state refuses the operation, in words. */
function reasonOf(messageCode: string, command: MaintenanceCommand, order: SimTransaction): string {
  if (messageCode === '662') return `the payment has not settled yet (status ${order.status})`;
  if (messageCode !== MESSAGE.OPERATION_NOT_ALLOWED) return responseMessage(messageCode, 'en');
  if (order.voided) return 'the authorization is voided';
  if (order.status !== STATUS.AUTHORIZATION_SUCCESS && order.status !== STATUS.PURCHASE_SUCCESS)
    return `the payment did not succeed (${order.responseCode})`;
  if (command === 'CAPTURE') return 'only an AUTHORIZATION can be captured';
  return 'only an AUTHORIZATION with nothing captured can be voided';
}

/** Applies `request` to `order` like paymentApi would, and notifies the merchant when it is booked. */
export async function performBackOfficeOperation(
  ctx: SimulatorContext,
  order: SimTransaction,
  request: BackOfficeRequest,
): Promise<BackOfficeOutcome> {
  const codes = MAINTENANCE[request.command];
  const echo: Fields = request.amount === undefined ? {} : { amount: String(request.amount) };
  const refusal = refusalOf(request.command, order, echo);
  if (refusal !== undefined) {
    return {
      booked: false,
      responseCode: `${codes.failure}${refusal}`,
      responseMessage: responseMessage(refusal, 'en'),
      error: `${request.command} refused: ${reasonOf(refusal, request.command, order)}`,
      fields: refusalFields(refusal, order),
    };
  }
  const result = resultFields(codes.success, MESSAGE.SUCCESS, order.language);
  const operation = bookOperation(ctx.state, order, {
    command: request.command,
    amount: request.amount ?? 0,
    status: codes.success,
    responseCode: result.response_code ?? '',
    origin: 'back_office',
  });
  const account = ctx.state.accounts.get(order.merchantIdentifier);
  if (account) {
    // The fields of paymentApi's Notification for the same command, minus maintenance_reference.
    const notification: Fields = {
      command: request.command,
      access_code: account.accessCode,
      merchant_identifier: order.merchantIdentifier,
      merchant_reference: order.merchantReference,
      amount: String(operation.amount ?? 0),
      currency: order.currency,
      language: order.language,
      fort_id: order.fortId,
      ...result,
    };
    const sending = ctx.feedback.send(account, 'notification', notification);
    // Answer once the merchant had its first chance to take it (deterministic for tests), except
    // when a feedback delay is injected: that would hold the answer for as long.
    if (ctx.state.faults.feedbackDelayMs === 0) await sending;
  }
  return { booked: true, operation };
}

/** Registers the control API route and the dashboard form's route. */
export function registerBackOfficeOperations(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post<{ Params: { merchantReference: string }; Querystring: { merchant_identifier?: string } }>(
    '/_sim/transactions/:merchantReference/operations',
    async (request, reply) => {
      const parsed = parseBackOfficeRequest(request.body);
      const merchant = parsed.merchantIdentifier ?? request.query.merchant_identifier;
      const order = findOrderByReference(ctx, request.params.merchantReference, merchant);
      const outcome = await performBackOfficeOperation(ctx, order, parsed);
      if (!outcome.booked) {
        const { error, responseCode, responseMessage: message, fields } = outcome;
        return reply
          .code(409)
          .send({ error, response_code: responseCode, response_message: message, fields });
      }
      return reply.code(201).send({ operation: outcome.operation, transaction: transactionView(order) });
    },
  );

  app.post<{ Params: { id: string; reference: string }; Body: Record<string, string | undefined> }>(
    '/dashboard/transactions/:id/:reference/operations',
    async (request, reply) => {
      const order = findOrderByReference(ctx, request.params.reference, request.params.id);
      const form = request.body ?? {};
      // An empty amount box means "no amount" (a void), not a malformed amount.
      const input = { command: form.command, ...(form.amount ? { amount: form.amount.trim() } : {}) };
      let outcome: BackOfficeOutcome;
      try {
        outcome = await performBackOfficeOperation(ctx, order, parseBackOfficeRequest(input));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return transactionPage(ctx, request, reply, order, backOfficeBanner(err.message, err.fields), 400);
      }
      if (!outcome.booked) {
        const banner = backOfficeBanner(`${outcome.error} (${outcome.responseCode})`, outcome.fields);
        return transactionPage(ctx, request, reply, order, banner, 409);
      }
      const path = `/dashboard/transactions/${encodeURIComponent(order.merchantIdentifier)}/${encodeURIComponent(order.merchantReference)}`;
      return reply.redirect(path, 303);
    },
  );
}
