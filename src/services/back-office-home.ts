/**
 * What the back-office home shows (S21): the go-live checklist (provider configured → credentials tested
 * → APS URLs pasted, proven by the first genuine notification → a test payment paid → live enabled),
 * today's figures in the merchant's time zone (paid, refunded, failed, by currency, Test and Live apart)
 * and the recent problems (discrepancies, failing event endpoints, refused provider messages).
 */
import { missingCredentials } from '../domain/provider.js';
import { startOfLocalDay } from '../domain/time-zone.js';
import type { ProviderRecord } from '../store/repositories/index.js';
import {
  failingEndpoints,
  firstGenuineNotification,
  firstPaidTestPayment,
  recentDiscrepancies,
  recentProblemNotifications,
  type DiscrepancyRow,
  type FailingEndpointRow,
  type ProblemNotificationRow,
} from '../store/repositories/home-queries.js';
import type { ServiceContext } from './context.js';
import { loadMerchantSettings } from './merchant-settings.js';

/** The steps of the go-live checklist, in order. */
export const GO_LIVE_STEPS = ['configured', 'tested', 'urls', 'test_payment', 'live'] as const;
/** One step of the go-live checklist. */
export type GoLiveStep = (typeof GO_LIVE_STEPS)[number];

/** A checklist step: done or not, and the provider it concerns (to link to). */
export interface ChecklistItem {
  step: GoLiveStep;
  done: boolean;
  providerId: string | null;
}

/** Today's money in one currency and mode; refunds are a positive figure, shown negative. */
export interface DayFigure {
  currency: string;
  isLive: boolean;
  paid: number;
  paidCount: number;
  refunded: number;
  refundCount: number;
  failedCount: number;
}

/** Everything on the home page. */
export interface BackOfficeHome {
  checklist: ChecklistItem[];
  timeZone: string;
  dayStart: string;
  figures: DayFigure[];
  discrepancies: DiscrepancyRow[];
  endpoints: FailingEndpointRow[];
  notifications: ProblemNotificationRow[];
}

const CREDENTIALS_TESTED = 'credentials_tested:';
const PROBLEM_DAYS = 7;

/** Records that the provider's credentials passed Test credentials (the checklist's second step). */
export async function recordCredentialsTested(
  ctx: Pick<ServiceContext, 'store' | 'clock'>,
  providerId: string,
): Promise<void> {
  await ctx.store.repos.settings.set(`${CREDENTIALS_TESTED}${providerId}`, ctx.clock.now().toISOString());
}

function configured(p: ProviderRecord): boolean {
  if (p.state === 'disabled') return false;
  const stub = {
    merchantIdentifier: p.merchantIdentifier,
    accessCode: p.accessCodeEnc,
    shaRequestPhrase: p.shaRequestPhraseEnc,
    shaResponsePhrase: p.shaResponsePhraseEnc,
  };
  return missingCredentials(stub as Parameters<typeof missingCredentials>[0]).length === 0;
}

async function checklist(ctx: ServiceContext, providers: ProviderRecord[]): Promise<ChecklistItem[]> {
  const db = ctx.store.db;
  const ready = providers.filter(configured);
  const tested: ProviderRecord[] = [];
  for (const p of ready)
    if (await ctx.store.repos.settings.get(`${CREDENTIALS_TESTED}${p.id}`)) tested.push(p);
  const [notification, testPayment] = await Promise.all([
    firstGenuineNotification(db),
    firstPaidTestPayment(db),
  ]);
  const live = providers.find((p) => p.state === 'enabled' && p.isPublished && configured(p));
  const first = providers[0]?.id ?? null;
  const focus = ready[0]?.id ?? first;
  const untested = ready.find((p) => !tested.includes(p))?.id ?? focus;
  return [
    { step: 'configured', done: ready.length > 0, providerId: focus },
    { step: 'tested', done: tested.length > 0, providerId: tested[0]?.id ?? untested },
    { step: 'urls', done: notification !== undefined, providerId: focus },
    { step: 'test_payment', done: testPayment !== undefined, providerId: focus },
    { step: 'live', done: live !== undefined, providerId: live?.id ?? focus },
  ];
}

async function todaysFigures(ctx: ServiceContext, since: Date): Promise<DayFigure[]> {
  const tx = ctx.store.repos.transactions;
  const modes = [true, false];
  const [money, refunds, failures] = await Promise.all([
    tx.moneyTotals({ createdFrom: since }),
    Promise.all(
      modes.map((isLive) => tx.totals({ operation: 'refund', state: 'done', createdFrom: since, isLive })),
    ),
    Promise.all(
      modes.map((isLive) =>
        tx.totals({ operation: 'online_redirect', state: 'error', createdFrom: since, isLive }),
      ),
    ),
  ]);
  const figures = new Map<string, DayFigure>();
  const entry = (currency: string, isLive: boolean): DayFigure => {
    const key = `${isLive ? 'live' : 'test'}:${currency}`;
    let figure = figures.get(key);
    if (!figure) {
      figure = { currency, isLive, paid: 0, paidCount: 0, refunded: 0, refundCount: 0, failedCount: 0 };
      figures.set(key, figure);
    }
    return figure;
  };
  for (const m of money) {
    const f = entry(m.currency, m.isLive);
    f.paid += m.captured;
    f.paidCount += m.payments;
  }
  modes.forEach((isLive, i) => {
    for (const r of refunds[i] ?? []) {
      const f = entry(r.currency, isLive);
      f.refunded += r.amount;
      f.refundCount += r.count;
    }
    for (const r of failures[i] ?? []) entry(r.currency, isLive).failedCount += r.count;
  });
  return [...figures.values()].sort(
    (a, b) => Number(b.isLive) - Number(a.isLive) || a.currency.localeCompare(b.currency),
  );
}

/** Gathers the home page's checklist, figures and problems. */
export async function loadBackOfficeHome(ctx: ServiceContext): Promise<BackOfficeHome> {
  const now = ctx.clock.now();
  const { timeZone } = await loadMerchantSettings(ctx);
  const dayStart = startOfLocalDay(now, timeZone);
  const since = new Date(now.getTime() - PROBLEM_DAYS * 24 * 3600_000).toISOString();
  const db = ctx.store.db;
  const providers = await ctx.store.repos.providers.list();
  const [items, figures, discrepancies, endpoints, notifications] = await Promise.all([
    checklist(ctx, providers),
    todaysFigures(ctx, dayStart),
    recentDiscrepancies(db, 5),
    failingEndpoints(db, 5),
    recentProblemNotifications(db, since, 5),
  ]);
  return {
    checklist: items,
    timeZone,
    dayStart: dayStart.toISOString(),
    figures,
    discrepancies,
    endpoints,
    notifications,
  };
}
