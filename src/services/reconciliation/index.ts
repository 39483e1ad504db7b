/** Reconciliation with the provider's status check (S8): the worker, one check, and child settlement. */
export {
  reconcileTransaction,
  startReconciliation,
  type ReconciliationOptions,
  type ReconciliationWorker,
} from './worker.js';
export { checkTransactionStatus, paymentOf, type StatusCheckResult } from './check-status.js';
export { applyStatusCheck, type SettleResult } from './settle-operations.js';
