/**
 * Server-to-server charges of a card token (S18, DESIGN "every money movement is one kind of thing"): the
 * provider's `charge` operation, whose verified answer enters ingestion on channel `api` like any other
 * provider message, so state, history, events, ledger and saved cards change in one place. A request the
 * provider refused outright is an `error` with its message; an unknown outcome leaves the payment open
 * for reconciliation. Nothing is ever retried here (no retry storm on declines).
 */
import { getPaymentMethod } from '../../domain/payment-methods.js';
import { PayportError } from '../../errors.js';
import { ProviderCallError } from '../../providers/errors.js';
import type { CardToken } from '../../providers/provider.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { ingestMessage } from '../ingest-notification.js';
import { changeState } from '../state-changes.js';
import { providerAccountOf } from './provider-of.js';
import { sealCard } from './saved-cards.js';

/** How a token is charged: the customer present (IP, 3-D Secure possible) or merchant-initiated. */
export type ChargeMode =
  | {
      kind: 'customer';
      customerIp: string | null;
      rememberMe: boolean;
      /** The installment plan chosen before the card form (S20). */
      installments?: { issuerCode: string; planCode: string };
    }
  | { kind: 'recurring'; agreementId: string | null };

/** The payment as it stands after the charge, and where the customer must go for 3-D Secure. */
export interface ChargeOutcome {
  transaction: TransactionRecord;
  threeDsUrl?: string;
}

async function reload(ctx: ServiceContext, tx: TransactionRecord): Promise<TransactionRecord> {
  return (await ctx.store.repos.transactions.findById(tx.id)) ?? tx;
}

/** Records a refused charge on the payment as `error` with the provider's (or payport's) message. */
async function refuse(ctx: ServiceContext, tx: TransactionRecord, message: string): Promise<void> {
  await ctx.store.transaction(async (repos) => {
    const locked = await repos.transactions.lockById(tx.id);
    if (!locked) return;
    await changeState(repos, locked, 'error', { message, channel: 'api', at: ctx.clock.now().toISOString() });
  });
}

/**
 * Charges `card` for the draft payment `tx`. With a customer present, the card (sealed) is kept on the
 * payment until it settles, so a card the customer asked to save is saved after 3-D Secure too.
 */
export async function chargeCard(
  ctx: ServiceContext,
  tx: TransactionRecord,
  card: CardToken,
  mode: ChargeMode,
): Promise<ChargeOutcome> {
  const log = ctx.logger.child({ reference: tx.reference, charge: mode.kind });
  let prepared;
  try {
    prepared = await providerAccountOf(ctx, ctx.store.repos, tx.providerId, 'charge a card');
  } catch (err) {
    if (!(err instanceof PayportError)) throw err;
    await refuse(ctx, tx, err.message);
    return { transaction: await reload(ctx, tx) };
  }
  if (mode.kind === 'customer') {
    await ctx.store.repos.transactionCards.setToken(
      tx.id,
      sealCard(ctx, card),
      card.consent || mode.rememberMe,
    );
  }
  let result;
  try {
    result = await prepared.provider.charge(prepared.account, {
      reference: tx.reference,
      amountMinor: tx.amount,
      currency: tx.currency,
      token: card.token,
      customer: { email: tx.customerEmail ?? '', name: tx.customerName, lang: tx.customerLang },
      captureMethod: tx.captureMethod ?? 'automatic',
      methodAllowsAuthorization: getPaymentMethod(tx.paymentMethod).allowsAuthorization,
      ...(mode.kind === 'customer'
        ? {
            customerIp: mode.customerIp,
            publicUrl: ctx.publicUrl,
            rememberMe: card.consent || mode.rememberMe,
            ...(mode.installments && { installments: mode.installments }),
          }
        : { recurring: { agreementId: mode.agreementId } }),
    });
  } catch (err) {
    if (err instanceof ProviderCallError && err.outcomeUnknown) {
      // The charge may have happened: the draft's scheduled status check settles it.
      log.warn({ err: err.message }, 'charge: outcome unknown, left open for reconciliation');
      return { transaction: await reload(ctx, tx) };
    }
    if (!(err instanceof PayportError)) throw err;
    log.warn({ err: err.message }, 'charge refused');
    await refuse(ctx, tx, err.message);
    return { transaction: await reload(ctx, tx) };
  }
  const ingested = await ingestMessage(ctx, {
    providerCode: prepared.providerCode,
    channel: 'api',
    fields: result.message,
  });
  log.info({ outcome: ingested.outcome, providerStatus: result.outcome.responseCode }, 'charge answered');
  const transaction = await reload(ctx, tx);
  const needsCustomer = result.threeDsUrl !== undefined && transaction.state === 'pending';
  return { transaction, ...(needsCustomer && mode.kind === 'customer' && { threeDsUrl: result.threeDsUrl }) };
}
