/**
 * The shape of capture, void, refund and "check status now" as the back office and the merchant API
 * call them (S8, S9). Each takes the payment's reference; amounts are integer minor units of the
 * payment's currency.
 */
import type { ServiceContext } from '../context.js';

/** Who asked, for the history and the logs. */
export interface OperationActor {
  userId: string;
  /** The name shown in the history and on the child (a user's email, an API key's name). */
  name?: string;
}

/**
 * Operations a service module may provide on `ServiceContext.operations` (each optional). They take the
 * payment's reference; amounts are integer minor units of the payment's currency.
 */
export interface TransactionOperations {
  capture?(
    ctx: ServiceContext,
    reference: string,
    input: { amountMinor?: number; actor: OperationActor },
  ): Promise<unknown>;
  voidAuthorization?(
    ctx: ServiceContext,
    reference: string,
    input: { actor: OperationActor },
  ): Promise<unknown>;
  refund?(
    ctx: ServiceContext,
    reference: string,
    input: { amountMinor: number; actor: OperationActor },
  ): Promise<unknown>;
  checkStatus?(ctx: ServiceContext, reference: string, input: { actor: OperationActor }): Promise<unknown>;
}
