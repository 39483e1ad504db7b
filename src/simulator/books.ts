/**
 * An order's books — authorized, captured, refunded, voided — and the one place that changes them
 * after the payment, so that a paymentApi command and the same operation made in the back office
 * book money identically. Also the order as the control API shows it, with what is still left.
 */
import { STATUS } from '../providers/aps/codes.js';
import type { OperationOrigin, OrderOperation, SimTransaction } from './model.js';
import type { SimulatorState } from './state.js';

/** The three maintenance commands that move money on an order. */
export type MaintenanceCommand = 'CAPTURE' | 'VOID_AUTHORIZATION' | 'REFUND';

/** One accepted maintenance operation, about to be booked. */
export interface Booking {
  command: MaintenanceCommand;
  /** Minor units; for a void, what it releases (ignored: the void always releases the rest). */
  amount: number;
  /** Success status of the command (`04`, `06`, `08`) and its full response code. */
  status: string;
  responseCode: string;
  origin: OperationOrigin;
  maintenanceReference?: string;
}

/** Applies an accepted operation to `order`'s books, records it and saves the order. */
export function bookOperation(
  state: SimulatorState,
  order: SimTransaction,
  booking: Booking,
): OrderOperation {
  const amount =
    booking.command === 'VOID_AUTHORIZATION' ? order.authorizedAmount - order.capturedAmount : booking.amount;
  if (booking.command === 'CAPTURE') order.capturedAmount += amount;
  if (booking.command === 'REFUND') order.refundedAmount += amount;
  if (booking.command === 'VOID_AUTHORIZATION') order.voided = true;
  const now = state.now();
  const operation: OrderOperation = {
    at: now,
    command: booking.command,
    status: booking.status,
    responseCode: booking.responseCode,
    amount,
    origin: booking.origin,
    ...(booking.maintenanceReference !== undefined
      ? { maintenanceReference: booking.maintenanceReference }
      : {}),
  };
  order.operations.push(operation);
  order.updatedAt = now;
  state.saveTransaction(order);
  state.changed();
  return operation;
}

/** An order as `GET /_sim/transactions/{ref}` shows it: stored fields plus what APS would still accept. */
export interface TransactionView extends SimTransaction {
  /** What a CAPTURE may still take: authorized − captured on a successful, unvoided authorization. */
  capturableAmount: number;
  /** What a REFUND may still give back: captured − refunded, unless the order is voided. */
  refundableAmount: number;
  operations: Array<OrderOperation & { origin: OperationOrigin }>;
}

/** The payment operation is the hosted page's; older state files recorded no origin for the rest. */
function originOf(operation: OrderOperation): OperationOrigin {
  if (operation.origin) return operation.origin;
  return operation.command === 'PURCHASE' || operation.command === 'AUTHORIZATION' ? 'payment_page' : 'api';
}

/** The control API's view of `order`: every operation with its origin, and the amounts left. */
export function transactionView(order: SimTransaction): TransactionView {
  const usable = !order.voided;
  const authorized = order.command === 'AUTHORIZATION' && order.status === STATUS.AUTHORIZATION_SUCCESS;
  return {
    ...order,
    capturableAmount: usable && authorized ? order.authorizedAmount - order.capturedAmount : 0,
    refundableAmount: usable ? order.capturedAmount - order.refundedAmount : 0,
    operations: order.operations.map((op) => ({ ...op, origin: originOf(op) })),
  };
}
