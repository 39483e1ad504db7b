/**
 * The simulator's installment issuers and their plans (SPEC S20): two test banks, each owning the BINs
 * of some sandbox cards, each with plans that have a minimum amount. A plan chosen with a card of
 * another bank is declined `087` (card BIN does not match the issuer), an amount outside a plan's range
 * `084`, as APS answers (reference round 2 §6). The same issuers and plans answer
 * `GET_INSTALLMENTS_PLANS` (installment-plans-api.ts) and the token charges with `installments=HOSTED`.
 */

/** One plan of a test issuer. */
export interface TestPlan {
  planCode: string;
  months: number;
  /** Smallest amount in minor units (two-decimal currencies: SAR, AED, EGP). */
  minimumMinor: number;
  /** Largest amount in minor units. */
  maximumMinor: number;
  /** Fees as APS lists them (`fees_type`, `fees_amount` in percent or major units). */
  feesType: 'Percentage' | 'Fixed';
  feesAmount: number;
}

/** A test issuer: the bank that runs the installments. */
export interface TestIssuer {
  issuerCode: string;
  name: { en: string; ar: string };
  /** Card number prefixes of this bank's cards. */
  bins: readonly string[];
  plans: readonly TestPlan[];
}

/** Every test issuer, with its plans. */
export const TEST_ISSUERS: readonly TestIssuer[] = [
  {
    issuerCode: 'SIMB01',
    name: { en: 'Simulated Bank One (Visa)', ar: 'البنك التجريبي الأول (فيزا)' },
    bins: ['400555', '455701', '411111'],
    plans: [
      {
        planCode: 'SB1P03',
        months: 3,
        minimumMinor: 50000,
        maximumMinor: 5000000,
        feesType: 'Percentage',
        feesAmount: 0,
      },
      {
        planCode: 'SB1P06',
        months: 6,
        minimumMinor: 50000,
        maximumMinor: 5000000,
        feesType: 'Percentage',
        feesAmount: 2.5,
      },
      {
        planCode: 'SB1P12',
        months: 12,
        minimumMinor: 200000,
        maximumMinor: 10000000,
        feesType: 'Percentage',
        feesAmount: 5,
      },
    ],
  },
  {
    issuerCode: 'SIMB02',
    name: { en: 'Simulated Bank Two (Mastercard)', ar: 'البنك التجريبي الثاني (ماستركارد)' },
    bins: ['512345', '531358'],
    plans: [
      {
        planCode: 'SB2P04',
        months: 4,
        minimumMinor: 50000,
        maximumMinor: 3000000,
        feesType: 'Fixed',
        feesAmount: 25,
      },
      {
        planCode: 'SB2P09',
        months: 9,
        minimumMinor: 100000,
        maximumMinor: 3000000,
        feesType: 'Fixed',
        feesAmount: 45,
      },
    ],
  },
];

/** Currencies the simulated installments run in (as at APS: Saudi, Emirati, Egyptian banks). */
export const INSTALLMENT_CURRENCIES: readonly string[] = ['SAR', 'AED', 'EGP'];

/** The plan with this code and its issuer, if any. */
export function findPlan(planCode: string): { issuer: TestIssuer; plan: TestPlan } | undefined {
  for (const issuer of TEST_ISSUERS) {
    const plan = issuer.plans.find((p) => p.planCode === planCode);
    if (plan) return { issuer, plan };
  }
  return undefined;
}

/** What happens to a card paid with a plan: accepted, or declined with a message code. */
export type PlanDecision =
  { ok: true; issuer: TestIssuer; plan: TestPlan } | { ok: false; messageCode: string };

/** Checks the chosen plan against the card's BIN, the currency and the amount. */
export function decidePlan(
  planCode: string,
  cardDigits: string,
  amountMinor: number,
  currency: string,
): PlanDecision {
  const found = findPlan(planCode);
  if (!found) return { ok: false, messageCode: '094' };
  if (!INSTALLMENT_CURRENCIES.includes(currency)) return { ok: false, messageCode: '086' };
  if (!found.issuer.bins.some((bin) => cardDigits.startsWith(bin))) return { ok: false, messageCode: '087' };
  if (!planTakesAmount(found.plan, amountMinor)) return { ok: false, messageCode: '084' };
  return { ok: true, ...found };
}

/** True when the plan accepts the amount (its minimum and maximum). */
export function planTakesAmount(plan: TestPlan, amountMinor: number): boolean {
  return amountMinor >= plan.minimumMinor && amountMinor <= plan.maximumMinor;
}

/** The test issuer whose BINs the card starts with. */
export function issuerOfCard(cardDigits: string): TestIssuer | undefined {
  return TEST_ISSUERS.find((issuer) => issuer.bins.some((bin) => cardDigits.startsWith(bin)));
}

/** The monthly amount of a plan for an amount, in minor units: the amount plus fees, over the months. */
export function amountPerMonthMinor(plan: TestPlan, amountMinor: number): number {
  const fees = plan.feesType === 'Percentage' ? (amountMinor * plan.feesAmount) / 100 : plan.feesAmount * 100;
  return Math.round((amountMinor + fees) / plan.months);
}
