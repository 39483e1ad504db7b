/**
 * Installments with the embedded card entry (S20 with S18; reference aps-round2.md §6, "Custom/embedded"):
 * before the provider's card form, payport asks the provider for the plans on offer for the payment's
 * amount, the customer chooses one (or the full amount) on payport's page, and the choice is kept with
 * the draft payment — never in the browser. When the card form answers with a token, the card's BIN must
 * belong to the chosen plan's bank and the amount must still be within the plan's range; only then is
 * the token charged with the plan. Each choice is checked against a fresh list from the provider.
 */
import type { Language } from '../../domain/locale.js';
import { PayportError } from '../../errors.js';
import type { CardToken, InstallmentIssuer, OfferedPlan } from '../../providers/provider.js';
import type { InstallmentChoiceRecord, TransactionRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../context.js';
import { toProviderConfig } from '../provider-accounts.js';
import { providerAccountOf } from './provider-of.js';

/** The value of the "full amount" choice. */
export const FULL_AMOUNT = 'full';
/** The value of a plan choice: `ISSUER:PLAN`. */
const PLAN_CHOICE = /^([A-Za-z0-9]{1,8}):([A-Za-z0-9]{1,8})$/;

/** The plans a customer can choose for a payment, or why none can be shown. */
export type PlanOffer =
  { kind: 'plans'; issuers: InstallmentIssuer[] } | { kind: 'unavailable'; message: string | null };

/** Why a choice was refused. */
export type ChoiceProblem = 'planRequired' | 'planUnknown' | 'planOutOfRange';

/** What became of a customer's choice. */
export type ChoiceResult =
  | { kind: 'chosen'; choice: InstallmentChoiceRecord }
  | { kind: 'refused'; problem: ChoiceProblem; offer: PlanOffer }
  | { kind: 'unavailable'; message: string | null }
  | { kind: 'closed' };

/** The verdict on a tokenized card for the chosen plan. */
export type CardPlanCheck =
  | { ok: true; installments?: { issuerCode: string; planCode: string } }
  | { ok: false; problem: 'planRequired' | 'cardBank' | 'planOutOfRange'; issuerName: string | null };

/** The choice value of a plan. */
export function planChoiceValue(issuer: InstallmentIssuer, plan: OfferedPlan): string {
  return `${issuer.issuerCode}:${plan.planCode}`;
}

/** True when `plan` takes `amountMinor` of `currency` (its currency, minimum and maximum). */
export function planTakes(
  plan: Pick<OfferedPlan, 'currency' | 'minimumMinor' | 'maximumMinor'>,
  amountMinor: number,
  currency: string,
): boolean {
  if (plan.currency !== currency) return false;
  if (plan.minimumMinor !== null && amountMinor < plan.minimumMinor) return false;
  if (plan.maximumMinor !== null && amountMinor > plan.maximumMinor) return false;
  return true;
}

/** True when the card's BIN starts with one of the issuer's BINs (as the WooCommerce plugin matches). */
export function binMatches(cardBin: string | undefined, bins: readonly string[]): boolean {
  if (!cardBin) return false;
  return bins.some((bin) => bin.length > 0 && cardBin.startsWith(bin));
}

/** True when a draft payment of this method goes through payport's plan choice and the card frame. */
export async function usesEmbeddedInstallments(ctx: ServiceContext, tx: TransactionRecord): Promise<boolean> {
  if (tx.paymentMethod !== 'installments') return false;
  const record = await ctx.store.repos.providers.findById(tx.providerId);
  return record !== undefined && toProviderConfig(record, ctx.secretBox).cardEntry === 'embedded';
}

/** Every issuer and plan the provider lists for the payment's amount, unfiltered. */
async function listedPlans(ctx: ServiceContext, tx: TransactionRecord): Promise<PlanOffer> {
  const log = ctx.logger.child({ reference: tx.reference });
  try {
    const { provider, account } = await providerAccountOf(
      ctx,
      ctx.store.repos,
      tx.providerId,
      'list installment plans',
    );
    if (!provider.installmentPlans) return { kind: 'unavailable', message: null };
    const answer = await provider.installmentPlans(account, {
      amountMinor: tx.amount,
      currency: tx.currency,
      lang: tx.customerLang,
    });
    if (!answer.ok) {
      log.warn({ responseCode: answer.responseCode }, 'installment plans refused by the provider');
      return { kind: 'unavailable', message: answer.message };
    }
    return { kind: 'plans', issuers: answer.issuers };
  } catch (err) {
    if (!(err instanceof PayportError)) throw err;
    log.warn({ err: err.message }, 'installment plans could not be listed');
    return { kind: 'unavailable', message: null };
  }
}

/** Only the plans that take this payment: its currency and an amount within their range. */
function eligible(offer: PlanOffer, tx: TransactionRecord): PlanOffer {
  if (offer.kind !== 'plans') return offer;
  const issuers = offer.issuers
    .map((issuer) => ({ ...issuer, plans: issuer.plans.filter((p) => planTakes(p, tx.amount, tx.currency)) }))
    .filter((issuer) => issuer.plans.length > 0);
  return { kind: 'plans', issuers };
}

/** The plans to show for a draft payment (those that take its amount). */
export async function installmentOffer(ctx: ServiceContext, tx: TransactionRecord): Promise<PlanOffer> {
  return eligible(await listedPlans(ctx, tx), tx);
}

/**
 * Records the customer's choice for a draft payment: the full amount, or a plan of the provider's
 * current list that takes the payment's amount. Nothing is recorded for a refused choice.
 */
export async function chooseInstallmentPlan(
  ctx: ServiceContext,
  tx: TransactionRecord,
  value: string | undefined,
): Promise<ChoiceResult> {
  if (tx.state !== 'draft' || tx.paymentMethod !== 'installments') return { kind: 'closed' };
  const repos = ctx.store.repos;
  if (value === FULL_AMOUNT) {
    const choice = await repos.installmentChoices.save({
      transactionId: tx.id,
      issuerCode: null,
      issuerName: null,
      planCode: null,
      numberOfInstallments: null,
      amountPerMonth: null,
      bins: [],
      minimumAmount: null,
      maximumAmount: null,
      amount: tx.amount,
      currency: tx.currency,
    });
    return { kind: 'chosen', choice };
  }
  const listed = await listedPlans(ctx, tx);
  if (listed.kind === 'unavailable') return listed;
  const offer = eligible(listed, tx);
  const match = PLAN_CHOICE.exec(value ?? '');
  if (!match) return { kind: 'refused', problem: 'planRequired', offer };
  const issuer = listed.issuers.find((i) => i.issuerCode === match[1]);
  const plan = issuer?.plans.find((p) => p.planCode === match[2]);
  if (!issuer || !plan) return { kind: 'refused', problem: 'planUnknown', offer };
  if (!planTakes(plan, tx.amount, tx.currency)) return { kind: 'refused', problem: 'planOutOfRange', offer };
  const lang: Language = tx.customerLang === 'ar' ? 'ar' : 'en';
  const choice = await repos.installmentChoices.save({
    transactionId: tx.id,
    issuerCode: issuer.issuerCode,
    issuerName: issuer.name[lang],
    planCode: plan.planCode,
    numberOfInstallments: plan.numberOfInstallments,
    amountPerMonth: plan.amountPerMonthMinor,
    bins: issuer.bins,
    minimumAmount: plan.minimumMinor,
    maximumAmount: plan.maximumMinor,
    amount: tx.amount,
    currency: tx.currency,
  });
  ctx.logger.info(
    { reference: tx.reference, issuer: issuer.issuerCode, plan: plan.planCode },
    'installment plan chosen',
  );
  return { kind: 'chosen', choice };
}

/**
 * Checks a tokenized card against the payment's chosen plan: a plan must have been chosen, the amount
 * must be the one it was chosen for and within the plan's range, and the card's BIN must be one of the
 * plan's bank. The full amount needs no plan.
 */
export async function checkCardForPlan(
  ctx: ServiceContext,
  tx: TransactionRecord,
  card: CardToken,
): Promise<CardPlanCheck> {
  const choice = await ctx.store.repos.installmentChoices.find(tx.id);
  if (!choice) return { ok: false, problem: 'planRequired', issuerName: null };
  if (choice.planCode === null || choice.issuerCode === null) return { ok: true };
  const inRange = planTakes(
    { currency: choice.currency, minimumMinor: choice.minimumAmount, maximumMinor: choice.maximumAmount },
    tx.amount,
    tx.currency,
  );
  if (!inRange || choice.amount !== tx.amount) {
    return { ok: false, problem: 'planOutOfRange', issuerName: choice.issuerName };
  }
  if (!binMatches(card.bin, choice.bins)) {
    return { ok: false, problem: 'cardBank', issuerName: choice.issuerName };
  }
  return { ok: true, installments: { issuerCode: choice.issuerCode, planCode: choice.planCode } };
}
