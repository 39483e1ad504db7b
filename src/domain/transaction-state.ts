/**
 * The transaction state machine, kept exactly as Odoo's (SPEC S5): each target state lists the states it
 * may be reached from. A message asking for a move the table does not allow is refused and recorded by the
 * caller — it is normal traffic (late or replayed notifications), so deciding never throws.
 */

/** Every state a transaction can be in. */
export const TRANSACTION_STATES = ['draft', 'pending', 'authorized', 'done', 'cancel', 'error'] as const;
/** One of {@link TRANSACTION_STATES}. */
export type TransactionState = (typeof TRANSACTION_STATES)[number];

/** What a transaction does: the customer's redirect payment or a back-office operation on it. */
export const TRANSACTION_OPERATIONS = ['online_redirect', 'capture', 'void', 'refund'] as const;
/** One of {@link TRANSACTION_OPERATIONS}. */
export type TransactionOperation = (typeof TRANSACTION_OPERATIONS)[number];

/** Operations that create a child transaction of a payment. */
export const CHILD_OPERATIONS = ['capture', 'void', 'refund'] as const;
/** One of {@link CHILD_OPERATIONS}. */
export type ChildOperation = (typeof CHILD_OPERATIONS)[number];

/** For each target state, the states it may be entered from (Odoo's `_set_*` allowed sources). */
export const ALLOWED_SOURCE_STATES: Readonly<Record<TransactionState, readonly TransactionState[]>> =
  Object.freeze({
    draft: Object.freeze([]),
    pending: Object.freeze(['draft']),
    authorized: Object.freeze(['draft', 'pending']),
    done: Object.freeze(['draft', 'pending', 'authorized', 'error']),
    cancel: Object.freeze(['draft', 'pending', 'authorized']),
    error: Object.freeze(['draft', 'pending', 'authorized']),
  } satisfies Record<TransactionState, readonly TransactionState[]>);

/** States nothing can leave. */
export const FINAL_STATES: readonly TransactionState[] = Object.freeze(['done', 'cancel']);

/** The outcome of asking for a state change. */
export type TransitionDecision =
  { kind: 'apply' } | { kind: 'duplicate' } | { kind: 'refused'; reason: string };

/** True when `value` is one of {@link TRANSACTION_STATES}. */
export function isTransactionState(value: unknown): value is TransactionState {
  return typeof value === 'string' && (TRANSACTION_STATES as readonly string[]).includes(value);
}

/** True when `value` is one of {@link TRANSACTION_OPERATIONS}. */
export function isTransactionOperation(value: unknown): value is TransactionOperation {
  return typeof value === 'string' && (TRANSACTION_OPERATIONS as readonly string[]).includes(value);
}

/** True when `value` is one of {@link CHILD_OPERATIONS}. */
export function isChildOperation(value: unknown): value is ChildOperation {
  return typeof value === 'string' && (CHILD_OPERATIONS as readonly string[]).includes(value);
}

/** True for `done` and `cancel`, which nothing can leave. */
export function isFinal(state: TransactionState): boolean {
  return FINAL_STATES.includes(state);
}

/** The states `current` may move to, in {@link TRANSACTION_STATES} order. */
export function allowedTargets(current: TransactionState): TransactionState[] {
  return TRANSACTION_STATES.filter((target) => ALLOWED_SOURCE_STATES[target].includes(current));
}

/**
 * Decides whether a transaction in `current` may move to `target`: `apply`, `duplicate` (already there,
 * a no-op) or `refused` with a reason fit for the notification log. Never throws, even on unknown input.
 */
export function decideTransition(current: TransactionState, target: TransactionState): TransitionDecision {
  if (!isTransactionState(current)) {
    return { kind: 'refused', reason: `unknown current state ${JSON.stringify(current)}` };
  }
  if (!isTransactionState(target)) {
    return { kind: 'refused', reason: `unknown target state ${JSON.stringify(target)}` };
  }
  if (current === target) return { kind: 'duplicate' };
  const sources = ALLOWED_SOURCE_STATES[target];
  if (sources.includes(current)) return { kind: 'apply' };
  const why = isFinal(current)
    ? `${current} is final`
    : sources.length === 0
      ? `nothing can return to ${target}`
      : `${target} can only be reached from ${sources.join(', ')}`;
  return { kind: 'refused', reason: `cannot move from ${current} to ${target}: ${why}` };
}
