/**
 * Seeds a benchmark database: one APS provider with known credentials, payments made earlier (with
 * their notifications and history) and draft payments for the run's messages.
 */
import { Writable } from 'node:stream';
import { systemClock } from '../src/clock.js';
import { createSecretBox } from '../src/crypto/secret-box.js';
import { newProviderConfig } from '../src/domain/provider.js';
import { createLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { apsProvider } from '../src/providers/aps/index.js';
import { computeSignature } from '../src/providers/aps/signature.js';
import { createServiceContext, type ServiceContext } from '../src/services/context.js';
import { ingestMessage } from '../src/services/ingest-notification.js';
import { toProviderPatch } from '../src/services/provider-accounts.js';
import type { Store } from '../src/store/database.js';
import { migrate } from '../src/store/migrator.js';
import { sql } from 'kysely';

/** The payport secret every benchmark process uses. */
export const BENCH_SECRET = 'benchmark-secret-0123456789-abcdefghijklmnop';
/** The SHA response phrase of the benchmark provider. */
export const BENCH_RESPONSE_PHRASE = 'bench-response-phrase';
const CREDENTIALS = {
  merchantIdentifier: 'BenchMerchant',
  accessCode: 'BenchAccessCode12345',
  shaRequestPhrase: 'bench-request-phrase',
  shaResponsePhrase: BENCH_RESPONSE_PHRASE,
};

/**
 * Seeds a store as a running shop has it: `stored` payments made earlier (each paid, with the
 * notification and history that ingestion wrote for it), and `messages` draft payments awaiting the
 * signed success messages returned for them.
 */
export async function seedBenchDatabase(
  store: Store,
  options: { stored: number; messages: number; prefix: string },
): Promise<{ bodies: string[]; references: string[] }> {
  await migrate(store);
  const box = createSecretBox(BENCH_SECRET, 'credentials');
  const record = await store.repos.providers.insert({ code: 'aps', name: 'APS (benchmark)' });
  const config = newProviderConfig({
    id: record.id,
    name: 'APS (benchmark)',
    state: 'test',
    isPublished: true,
    ...CREDENTIALS,
    shaType: 'sha256',
    paymentMethods: ['card'],
  });
  await store.repos.providers.update(record.id, toProviderPatch(config, box));
  const draft = (reference: string) => ({
    reference,
    providerId: record.id,
    paymentMethod: 'card' as const,
    amount: 10_000,
    currency: 'SAR',
    customerEmail: 'customer@example.com',
    customerLang: 'en',
    isLive: false,
  });
  const template = `${options.prefix}-template`;
  const paid = `${options.prefix}-paid`;
  await store.repos.transactions.insertMany([draft(template), draft(paid)]);
  await payTemplate(store, paid);
  await copyPaid(store, options.prefix, paid, options.stored);
  await copyDrafts(store, options.prefix, template, options.messages);
  return signedBodies(options.prefix, options.messages);
}

/** The reference of the `i`-th seeded transaction. */
export function benchReference(prefix: string, i: number): string {
  return `${prefix}-${String(i).padStart(8, '0')}`;
}

/** Payport's services on a benchmark store, logging nothing: what ingests a seeded message in-process. */
export function benchServices(store: Store): ServiceContext {
  return createServiceContext({
    store,
    clock: systemClock,
    logger: createLogger('silent', new Writable({ write: (_c, _e, done) => done() })),
    metrics: createMetrics(),
    publicUrl: 'http://127.0.0.1',
    secret: BENCH_SECRET,
  });
}

/** Ingests one signed message body as APS' webhook posts it; resolves with the ingestion outcome. */
export async function ingestBenchBody(ctx: ServiceContext, body: string): Promise<string> {
  const contentType = 'application/x-www-form-urlencoded';
  const fields = apsProvider.readMessage(body, contentType);
  return (await ingestMessage(ctx, { providerCode: 'aps', channel: 'webhook', fields, contentType })).outcome;
}

/** Pays the draft `reference` through ingestion: its notification and history are genuine. */
async function payTemplate(store: Store, reference: string): Promise<void> {
  const body = signedMessage(reference, 10_000, 'customer@example.com', 169996210000000000n);
  const outcome = await ingestBenchBody(benchServices(store), body);
  if (outcome !== 'applied') throw new Error(`the paid template was not applied: ${outcome}`);
}

/** SQL for the row number `i` written with `width` digits. */
function digits(store: Store, width: number): string {
  return store.dialect === 'postgres' ? `lpad(i::text, ${width}, '0')` : `printf('%0${width}d', i)`;
}

/**
 * Copies the rows of `table` that match `where` `count` times in one SQL statement (a million rows take
 * seconds, not minutes), with the columns named in `computed` set by SQL over the copy number `i` and
 * the template row `t`. Fixed benchmark values only (prefixes and counts come from the benchmark).
 */
async function copyRows(
  store: Store,
  table: string,
  where: string,
  count: number,
  computed: Record<string, string>,
): Promise<void> {
  if (count === 0) return;
  const template = await sql
    .raw<Record<string, unknown>>(`select * from ${table} where ${where}`)
    .execute(store.db);
  const columns = Object.keys(template.rows[0]!);
  const list = columns.map((c) => `"${c}"`).join(', ');
  const values = columns.map((c) => computed[c] ?? `t."${c}"`).join(', ');
  const from =
    store.dialect === 'postgres'
      ? `generate_series(0, ${count - 1}) as n(i)`
      : `(with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1}) select i from n) as n`;
  await sql
    .raw(
      `insert into ${table} (${list}) select ${values} from ${from}, (select * from ${table} where ${where}) as t`,
    )
    .execute(store.db);
}

/**
 * `count` drafts copied from the template draft: reference `<prefix>-<i>`, amount 10000 + i % 5000, an
 * e-mail address of its own (what {@link signedBodies} pays).
 */
async function copyDrafts(store: Store, prefix: string, template: string, count: number): Promise<void> {
  await copyRows(store, 'transactions', `reference = '${template}'`, count, {
    id: `'${prefix}' || ${digits(store, 10)}`,
    reference: `'${prefix}-' || ${digits(store, 8)}`,
    amount: '10000 + i % 5000',
    customer_email: `'customer' || i || '@example.com'`,
  });
}

/**
 * `count` paid payments copied from the paid template, each with copies of its notification and its
 * history entries (reference `<prefix>-P<i>`, a fort id of its own).
 */
async function copyPaid(store: Store, prefix: string, template: string, count: number): Promise<void> {
  const templateId = (await store.repos.transactions.findByReference(template))!.id;
  const id = `'${prefix}P' || ${digits(store, 10)}`;
  const notificationId = (original: string) => `'${prefix}N' || ${digits(store, 10)} || '-' || ${original}`;
  await copyRows(store, 'transactions', `id = '${templateId}'`, count, {
    id,
    reference: `'${prefix}-P' || ${digits(store, 8)}`,
    provider_reference: `'${prefix}F' || ${digits(store, 10)}`,
    amount: '10000 + i % 5000',
    customer_email: `'customer' || i || '@example.com'`,
  });
  await copyRows(store, 'notifications', `transaction_id = '${templateId}'`, count, {
    id: notificationId('t.id'),
    transaction_id: id,
    reference: `'${prefix}-P' || ${digits(store, 8)}`,
  });
  await copyRows(store, 'transaction_history', `transaction_id = '${templateId}'`, count, {
    id: `'${prefix}H' || ${digits(store, 10)} || '-' || t.id`,
    transaction_id: id,
    notification_id: `case when t.notification_id is null then null else ${notificationId('t.notification_id')} end`,
  });
}

/** Genuine signed APS success messages for the first `count` seeded drafts of `prefix`. */
export function signedBodies(prefix: string, count: number): { bodies: string[]; references: string[] } {
  const references = Array.from({ length: count }, (_, i) => benchReference(prefix, i));
  const bodies = references.map((reference, i) =>
    signedMessage(
      reference,
      10_000 + (i % 5000),
      `customer${i}@example.com`,
      169996210006464984n + BigInt(i),
    ),
  );
  return { bodies, references };
}

/** A genuine signed APS success message (form-encoded) for one payment. */
function signedMessage(reference: string, amount: number, email: string, fortId: bigint): string {
  const fields: Record<string, string> = {
    command: 'PURCHASE',
    access_code: CREDENTIALS.accessCode,
    merchant_identifier: CREDENTIALS.merchantIdentifier,
    merchant_reference: reference,
    amount: String(amount),
    currency: 'SAR',
    language: 'en',
    customer_email: email,
    fort_id: String(fortId),
    payment_option: 'VISA',
    eci: 'ECOMMERCE',
    card_number: '400555******0001',
    expiry_date: '3005',
    status: '14',
    response_code: '14000',
    response_message: 'Success',
  };
  fields.signature = computeSignature(fields, CREDENTIALS.shaResponsePhrase, 'sha256');
  return new URLSearchParams(fields).toString();
}
