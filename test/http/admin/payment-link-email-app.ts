/**
 * The payport of the email tests (S21): SMTP_URL pointing at a local mailbox (or no email at all), an
 * APS provider, the merchant "Layla Shop" in Asia/Riyadh, and a signed-in operator.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { ManualClock } from '../../../src/clock.js';
import type { Config } from '../../../src/config.js';
import { createLogger } from '../../../src/observability/logger.js';
import { startPayport, type RunningPayport } from '../../../src/server.js';
import { addUser } from '../../../src/services/auth/users.js';
import { saveMerchantSettings } from '../../../src/services/merchant-settings.js';
import type { OpenDatabaseOptions } from '../../../src/store/database.js';
import { seedApsProvider, TEST_SECRET } from '../../support/payport.js';
import { AdminClient } from './helpers.js';
import type { Mailbox } from './payment-link-mailbox.js';

const PASSWORD = 'correct horse battery staple';

/** A running payport of the email tests. */
export interface EmailApp {
  running: RunningPayport;
  clock: ManualClock;
  admin: AdminClient;
  close(): Promise<void>;
}

/** payport with SMTP_URL pointing at `mailbox` (or without email), an APS provider and a signed-in operator. */
export async function startEmailApp(
  mailbox: Mailbox | null,
  database: Partial<OpenDatabaseOptions> = {},
  workers = false,
): Promise<EmailApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'payport-email-test-'));
  const clock = new ManualClock('2026-03-01T10:00:00.000Z');
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'https://shop.example.com',
    databaseUrl: database.url,
    dataDir,
    secret: TEST_SECRET,
    adminPassword: undefined,
    trustProxy: false,
    logLevel: 'info',
    ...(mailbox && { email: { smtpUrl: mailbox.url, from: 'Layla Shop <payments@shop.example.com>' } }),
  };
  const running = await startPayport(config, {
    listen: false,
    workers,
    logger: createLogger('silent'),
    clock,
    database: { ...database, clock },
  });
  await running.app.ready();
  await seedApsProvider(running.context.services);
  await saveMerchantSettings(running.context.services, {
    timeZone: 'Asia/Riyadh',
    name: 'Layla Shop',
    accentColor: '',
  });
  const email = `ops-${Math.random().toString(36).slice(2)}@example.com`;
  await addUser(running.store, { email, role: 'operator', password: PASSWORD });
  const admin = new AdminClient(running.app);
  await admin.signIn(email, PASSWORD);
  return {
    running,
    clock,
    admin,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Text with the no-break spaces `Intl` puts between code and number made plain. */
export function plain(text: string | undefined): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

/** The first URL of a mail's plain text. */
export function linkIn(mail: ParsedMail): string {
  const url = /https:\/\/shop\.example\.com\/pay\/\S+/.exec(mail.text ?? '')?.[0];
  assert.ok(url, `no payment link in:\n${mail.text}`);
  return url;
}
