/**
 * Demo mode (`payport start --demo`, S2): the APS simulator on port+1, a Test-state APS provider whose
 * endpoints point at it (seeded once per data directory), its credentials mirrored into the simulator's
 * merchant account with payport's return and webhook URLs (as the seed tells merchants to do in APS),
 * the first admin user, and an open payment link — printed as the first-run block.
 */
import { join } from 'node:path';
import { randomString } from './crypto/random.js';
import { newProviderConfig, type ProviderConfig } from './domain/provider.js';
import type { Logger } from './observability/logger.js';
import { addUser } from './services/auth/users.js';
import type { ServiceContext } from './services/context.js';
import { createPaymentLink, paymentLinkStatus, paymentLinkUrl } from './services/payment-links.js';
import { toProviderConfig, toProviderPatch } from './services/provider-accounts.js';
import type { Simulator } from './simulator/index.js';

const SEEDED_KEY = 'demo.provider_id';
const LINK_KEY = 'demo.payment_link_id';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The installment and buy-now-pay-later methods the demo provider offers (S20). */
const DEMO_BNPL_METHODS = ['installments', 'tabby', 'valu'] as const;
/** Installments on SAR amounts of at least 500.00 (S20). */
const DEMO_INSTALLMENTS_MINIMUMS: Record<string, number> = { SAR: 50000 };

/** What the first-run block shows. */
export interface DemoInfo {
  adminUrl: string;
  user: string;
  /** The password when it was just created; undefined afterwards. */
  password: string | undefined;
  paymentLink: string;
  simulatorUrl: string;
}

/** A running demo: the simulator and what to print. */
export interface RunningDemo {
  simulator: Simulator;
  info: DemoInfo;
  close(): Promise<void>;
}

/** The simulator's base URL as browsers reach it: payport's public host, port + 1. */
export function simulatorBaseUrl(publicUrl: string, port: number): string {
  const url = new URL(publicUrl);
  return `${url.protocol}//${url.hostname}:${port + 1}`;
}

/** Starts the simulator and seeds the demo data (idempotent per data directory). */
export async function startDemo(
  services: ServiceContext,
  options: { port: number; host: string; dataDir: string; adminPassword: string | undefined; logger: Logger },
): Promise<RunningDemo> {
  const simulatorUrl = simulatorBaseUrl(services.publicUrl, options.port);
  // Loaded only in demo mode: the simulator and the demo's certificate maker (selfsigned and its X.509
  // modules) are not part of a production server's memory.
  const { createSimulator, ensureAccount } = await import('./simulator/index.js');
  const { seedDemoApplePay } = await import('./demo-apple-pay.js');
  const simulator = createSimulator({
    clock: services.clock,
    stateFile: join(options.dataDir, 'simulator-state.json'),
    publicUrl: simulatorUrl,
  });
  try {
    const provider = await seedDemoProvider(services, simulatorUrl);
    const applePay = await seedDemoApplePay(services, provider);
    ensureAccount(simulator.state, {
      applePay: {
        accessCode: applePay.accessCode,
        shaRequestPhrase: applePay.shaRequestPhrase,
        shaResponsePhrase: applePay.shaResponsePhrase,
        shaType: applePay.shaType,
      },
      merchantIdentifier: provider.merchantIdentifier!,
      accessCode: provider.accessCode!,
      shaRequestPhrase: provider.shaRequestPhrase!,
      shaResponsePhrase: provider.shaResponsePhrase!,
      shaType: provider.shaType,
      originUrl: `${services.publicUrl}/`,
      redirectionUrl: `${services.publicUrl}/payment/aps/return`,
      directFeedbackUrl: `${services.publicUrl}/payment/aps/webhook`,
      notificationUrl: `${services.publicUrl}/payment/aps/webhook`,
    });
    await simulator.app.listen({ port: options.port + 1, host: options.host });
    const password = await ensureFirstAdmin(services, options.adminPassword);
    const link = await openDemoLink(services);
    return {
      simulator,
      info: {
        adminUrl: `${services.publicUrl}/admin`,
        user: 'admin',
        password,
        paymentLink: link,
        simulatorUrl: `${simulatorUrl}/dashboard`,
      },
      close: () => simulator.close(),
    };
  } catch (err) {
    await simulator.close();
    throw err;
  }
}

/** The demo provider: created the first time, then reused (its base URL follows the current port). */
async function seedDemoProvider(services: ServiceContext, simulatorUrl: string): Promise<ProviderConfig> {
  const repos = services.store.repos;
  const existingId = await repos.settings.get(SEEDED_KEY);
  const existing = existingId ? await repos.providers.findById(existingId) : undefined;
  if (existing) {
    if (existing.customBaseUrl !== simulatorUrl)
      await repos.providers.update(existing.id, { customBaseUrl: simulatorUrl });
    // A data directory seeded before installments and BNPL existed gets them once.
    if (!existing.paymentMethods.includes('installments')) {
      existing.paymentMethods = [...existing.paymentMethods, ...DEMO_BNPL_METHODS];
      existing.installmentsMinimums = { ...DEMO_INSTALLMENTS_MINIMUMS };
      await repos.providers.update(existing.id, {
        paymentMethods: existing.paymentMethods,
        installmentsMinimums: existing.installmentsMinimums,
      });
    }
    return toProviderConfig({ ...existing, customBaseUrl: simulatorUrl }, services.secretBox);
  }
  const record = await repos.providers.insert({ code: 'aps', name: 'Amazon Payment Services (demo)' });
  const config = newProviderConfig({
    id: record.id,
    name: 'Amazon Payment Services (demo)',
    state: 'test',
    isPublished: true,
    merchantIdentifier: `demo${randomString(ALNUM, 10)}`,
    accessCode: randomString(ALNUM, 20),
    shaRequestPhrase: randomString(ALNUM, 24),
    shaResponsePhrase: randomString(ALNUM, 24),
    shaType: 'sha256',
    customBaseUrl: simulatorUrl,
    paymentMethods: ['card', 'mada', 'knet', 'naps', 'omannet', 'meeza', 'benefit', 'stcpay'],
  });
  // Installments from 500.00 SAR and Tabby (S20), so both run offline from the first start; valU too.
  config.paymentMethods.push(...DEMO_BNPL_METHODS);
  config.installmentsMinimums = { ...DEMO_INSTALLMENTS_MINIMUMS };
  await repos.providers.update(record.id, toProviderPatch(config, services.secretBox));
  await repos.settings.set(SEEDED_KEY, record.id);
  return config;
}

/** Creates the first admin user when there is none; returns its password only when just created. */
export async function ensureFirstAdmin(
  services: ServiceContext,
  password: string | undefined,
): Promise<string | undefined> {
  if ((await services.store.repos.users.count()) > 0) return undefined;
  const created = await addUser(services.store, { email: 'admin', role: 'admin', password });
  return created.password;
}

/** An open demo payment link (a new one when the previous one was paid or expired). */
async function openDemoLink(services: ServiceContext): Promise<string> {
  const repos = services.store.repos;
  const id = await repos.settings.get(LINK_KEY);
  const link = id ? await repos.paymentLinks.findById(id) : undefined;
  if (link && paymentLinkStatus(link, services.clock.now()) === 'open') return paymentLinkUrl(services, link);
  const created = await createPaymentLink(services, {
    amount: '100.00',
    currency: 'SAR',
    orderReference: 'DEMO-0001',
    description: 'payport demo order',
    createdBy: 'demo',
  });
  await repos.settings.set(LINK_KEY, created.id);
  return paymentLinkUrl(services, created);
}

/** The first-run block of S2, one item per line. */
export function firstRunBlock(info: DemoInfo): string {
  return [
    `Admin:        ${info.adminUrl}`,
    `User:         ${info.user}`,
    `Password:     ${info.password ?? '(unchanged)'}`,
    `Payment link: ${info.paymentLink}`,
    `Simulator:    ${info.simulatorUrl}`,
  ].join('\n');
}
