/**
 * The extension point for capture, void, refund and "check status now" on the transaction page (S8, S9).
 * The page shows a button only when the operation exists on `ctx.services.operations` and the
 * transaction's state allows it, so no button is ever dead; the service decides the rest (amount left,
 * provider answers) and its typed errors are shown on the page.
 */
import type { ServiceContext } from '../../services/context.js';
import type { OperationActor, TransactionOperations } from '../../services/operations/types.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { Text } from './i18n.js';

export type { OperationActor, TransactionOperations };

/** One button of the actions area. */
export interface TransactionAction {
  /** URL segment: POST /admin/transactions/:reference/actions/:name */
  name: 'capture' | 'void' | 'refund' | 'check-status';
  operation: keyof TransactionOperations;
  label: Text;
  /** Whether the form asks for an amount (optional = empty means the whole remaining amount). */
  amount: 'none' | 'optional' | 'required';
  /** Dangerous actions ask for confirmation (when JavaScript is on). */
  confirm?: Text;
  available(tx: TransactionRecord): boolean;
}

const isPayment = (tx: TransactionRecord) => tx.operation === 'online_redirect';

/** Every action the page knows, in display order. */
export const TRANSACTION_ACTIONS: readonly TransactionAction[] = [
  {
    name: 'capture',
    operation: 'capture',
    label: { en: 'Capture', ar: 'تحصيل' },
    amount: 'optional',
    available: (tx) => isPayment(tx) && tx.state === 'authorized' && tx.ledger.voided === 0,
  },
  {
    name: 'void',
    operation: 'voidAuthorization',
    label: { en: 'Void authorization', ar: 'إلغاء التفويض' },
    amount: 'none',
    confirm: {
      en: 'Release the authorization (after a partial capture: close it to further captures)? This cannot be undone.',
      ar: 'هل تريد إلغاء التفويض (بعد تحصيل جزئي: إغلاقه أمام أي تحصيل آخر)؟ لا يمكن التراجع عن ذلك.',
    },
    available: (tx) => isPayment(tx) && tx.state === 'authorized',
  },
  {
    name: 'refund',
    operation: 'refund',
    label: { en: 'Refund', ar: 'استرداد' },
    amount: 'required',
    confirm: { en: 'Send this refund to APS?', ar: 'هل تريد إرسال هذا الاسترداد إلى APS؟' },
    available: (tx) =>
      isPayment(tx) &&
      (tx.state === 'done' || tx.state === 'authorized') &&
      tx.ledger.captured > tx.ledger.refunded,
  },
  {
    name: 'check-status',
    operation: 'checkStatus',
    label: { en: 'Check status now', ar: 'التحقق من الحالة الآن' },
    amount: 'none',
    available: (tx) => tx.state === 'draft' || tx.state === 'pending' || tx.state === 'authorized',
  },
];

/** The operations the services provide (none until a module sets `ctx.services.operations`). */
export function operationsOf(services: ServiceContext): TransactionOperations {
  const operations = (services as ServiceContext & { operations?: TransactionOperations }).operations;
  return operations ?? {};
}

/** The actions to show for `tx`: provided by the services and allowed by its state. */
export function availableActions(services: ServiceContext, tx: TransactionRecord): TransactionAction[] {
  const operations = operationsOf(services);
  return TRANSACTION_ACTIONS.filter(
    (action) => typeof operations[action.operation] === 'function' && action.available(tx),
  );
}
