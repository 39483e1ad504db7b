/**
 * The embedded card entry (S18): the provider's Merchant Page in an iframe of payport's payment page.
 * payport signs the card form; the provider's page takes the card and answers with a token (status
 * `18`), which is verified with the response phrase like every provider message and recorded in the
 * notification log (masked). A verified token is then charged server-to-server; an answer that does not
 * verify changes nothing. Card data never reaches payport: only the token does.
 */
import { newId } from '../../crypto/random.js';
import type { ProviderMessage, RedirectForm } from '../../providers/provider.js';
import type { TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { originalContext } from '../reprocess-notification.js';
import { changeState } from '../state-changes.js';
import { chargeCard } from './card-charges.js';
import { checkCardForPlan, type CardPlanCheck } from './installment-choice.js';
import { providerAccountOf } from './provider-of.js';
import { savedCardToken } from './saved-cards.js';

/** The signed card form of a draft payment, showing its saved card when it pays with one. */
export async function cardFormFor(ctx: ServiceContext, tx: TransactionRecord): Promise<RedirectForm> {
  const repos = ctx.store.repos;
  const { provider, account } = await providerAccountOf(ctx, repos, tx.providerId, 'show the card form');
  const side = await repos.transactionCards.find(tx.id);
  const saved = side?.paymentMethodId
    ? await repos.savedPaymentMethods.findById(side.paymentMethodId)
    : undefined;
  return provider.buildCardForm({
    account,
    transaction: {
      reference: tx.reference,
      amountMinor: tx.amount,
      currency: tx.currency,
      paymentMethod: tx.paymentMethod,
      customer: { email: tx.customerEmail ?? '', name: tx.customerName, lang: tx.customerLang },
    },
    publicUrl: ctx.publicUrl,
    ...(saved?.status === 'active' && { savedToken: savedCardToken(ctx, saved) }),
  });
}

/** What became of a card form answer. */
export type CardFormResult =
  | { kind: 'unknown' }
  | { kind: 'unverified'; transaction?: TransactionRecord }
  | { kind: 'settled'; transaction: TransactionRecord; threeDsUrl?: string }
  /** Installments (S20): the card does not fit the chosen plan; nothing was charged, the draft stays. */
  | {
      kind: 'plan_refused';
      transaction: TransactionRecord;
      problem: Extract<CardPlanCheck, { ok: false }>['problem'];
      issuerName: string | null;
    };

/**
 * Handles the provider's answer to the card form: records it, then — only when it verifies and its
 * payment is still a draft — charges the token (or records the provider's refusal as `error`).
 */
export async function receiveCardFormAnswer(
  ctx: ServiceContext,
  providerCode: string,
  fields: ProviderMessage,
  meta: { sourceIp: string | null; contentType: string | null },
): Promise<CardFormResult> {
  const repos = ctx.store.repos;
  const provider = ctx.providers[providerCode];
  if (!provider) return { kind: 'unknown' };
  const identity = provider.identifyMessage(fields);
  const tx = identity.reference ? await repos.transactions.findByReference(identity.reference) : undefined;
  const id = newId(ctx.clock);
  const record = (outcome: string, detail: string, transaction?: TransactionRecord) =>
    repos.notifications.insert({
      id,
      channel: 'return',
      sourceIp: meta.sourceIp,
      contentType: meta.contentType,
      payload: JSON.stringify(provider.maskMessage(fields)),
      providerCode,
      reference: identity.reference ?? null,
      transactionId: transaction?.id ?? null,
      outcome,
      detail,
      originalSealed: ctx.secretBox.seal(JSON.stringify(fields), originalContext(id)),
    });
  if (!tx || tx.operation !== 'online_redirect') {
    await record('unknown_reference', `no payment for reference ${identity.reference ?? '(none)'}`);
    return { kind: 'unknown' };
  }
  let prepared;
  try {
    prepared = await providerAccountOf(ctx, repos, tx.providerId, 'read the card form answer');
  } catch (err) {
    await record('bad_signature', `cannot verify: ${(err as Error).message}`, tx);
    return { kind: 'unverified', transaction: tx };
  }
  const answer = prepared.provider.readCardFormAnswer(fields, prepared.account);
  if (answer.kind === 'unverified' || answer.reference !== tx.reference) {
    await record(
      'bad_signature',
      `card form answer: signature ${answer.kind === 'unverified' ? answer.reason : 'mismatch'}; nothing changed`,
      tx,
    );
    return { kind: 'unverified', transaction: tx };
  }
  if (tx.state !== 'draft') {
    // A repeated answer (reload, back button): the payment was charged once already.
    await record('duplicate', `card form answer for a payment already ${tx.state}`, tx);
    return { kind: 'settled', transaction: tx };
  }
  if (answer.kind === 'failed') {
    await record('applied', `card form refused: ${answer.responseCode} ${answer.message}`, tx);
    const failed = await ctx.store.transaction(async (tr) => {
      const locked = await tr.transactions.lockById(tx.id);
      if (!locked) return tx;
      const change = await changeState(tr, locked, 'error', {
        message: answer.message,
        channel: 'return',
        notificationId: id,
        at: ctx.clock.now().toISOString(),
      });
      return change.transaction;
    });
    return { kind: 'settled', transaction: failed };
  }
  const cardName = `${answer.card.brand ?? 'card'} ${answer.card.last4 ?? ''}`;
  // Installments: the card must belong to the chosen plan's bank before anything is charged.
  const plan = tx.paymentMethod === 'installments' ? await checkCardForPlan(ctx, tx, answer.card) : undefined;
  if (plan && !plan.ok) {
    await record('no_change', `card tokenized (${cardName}); not charged: ${plan.problem}`, tx);
    return { kind: 'plan_refused', transaction: tx, problem: plan.problem, issuerName: plan.issuerName };
  }
  await record('no_change', `card tokenized (${cardName}); charging`, tx);
  const side = await repos.transactionCards.find(tx.id);
  const charged = await chargeCard(ctx, tx, answer.card, {
    kind: 'customer',
    customerIp: meta.sourceIp,
    rememberMe: side?.saveRequested === true,
    ...(plan?.installments && { installments: plan.installments }),
  });
  return {
    kind: 'settled',
    transaction: charged.transaction,
    ...(charged.threeDsUrl && { threeDsUrl: charged.threeDsUrl }),
  };
}
