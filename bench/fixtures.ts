/** Seeds a benchmark database: one APS provider with known credentials and many draft transactions. */
import { createSecretBox } from '../src/crypto/secret-box.js';
import { newProviderConfig } from '../src/domain/provider.js';
import { computeSignature } from '../src/providers/aps/signature.js';
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

/** Seeds `stored` draft transactions; the first `messages` of them get a signed success message. */
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
  await store.repos.transactions.insertMany([
    {
      reference: `${options.prefix}-template`,
      providerId: record.id,
      paymentMethod: 'card',
      amount: 10_000,
      currency: 'SAR',
      customerEmail: 'customer@example.com',
      customerLang: 'en',
      isLive: false,
    },
  ]);
  await fillTransactions(store, options.prefix, options.stored);
  return signedBodies(options.prefix, options.messages);
}

/** The reference of the `i`-th seeded transaction. */
export function benchReference(prefix: string, i: number): string {
  return `${prefix}-${String(i).padStart(8, '0')}`;
}

/**
 * Adds `count` copies of the template draft in one SQL statement (a million rows take seconds, not
 * minutes): reference `<prefix>-<i>`, amount 10000 + i % 5000, an e-mail address of its own.
 */
async function fillTransactions(store: Store, prefix: string, count: number): Promise<void> {
  const template = `${prefix}-template`;
  const columns = Object.keys(
    (
      await sql<Record<string, unknown>>`select * from transactions where reference = ${template}`.execute(
        store.db,
      )
    ).rows[0]!,
  );
  const computed: Record<string, string> =
    store.dialect === 'postgres'
      ? {
          id: `'${prefix}' || lpad(i::text, 10, '0')`,
          reference: `'${prefix}-' || lpad(i::text, 8, '0')`,
          amount: '10000 + i % 5000',
          customer_email: `'customer' || i || '@example.com'`,
        }
      : {
          id: `'${prefix}' || printf('%010d', i)`,
          reference: `'${prefix}-' || printf('%08d', i)`,
          amount: '10000 + i % 5000',
          customer_email: `'customer' || i || '@example.com'`,
        };
  const list = columns.map((c) => `"${c}"`).join(', ');
  const values = columns.map((c) => computed[c] ?? `t."${c}"`).join(', ');
  const from =
    store.dialect === 'postgres'
      ? `generate_series(0, ${count - 1}) as n(i)`
      : `(with recursive n(i) as (select 0 union all select i + 1 from n where i < ${count - 1}) select i from n) as n`;
  // Fixed benchmark values only (prefix and count come from the benchmark itself).
  await sql
    .raw(
      `insert into transactions (${list}) select ${values} from ${from}, (select * from transactions where reference = '${template}') as t`,
    )
    .execute(store.db);
}

/** Genuine signed APS success messages for the first `count` seeded transactions of `prefix`. */
export function signedBodies(prefix: string, count: number): { bodies: string[]; references: string[] } {
  const references = Array.from({ length: count }, (_, i) => benchReference(prefix, i));
  const bodies = references.map((reference, i) => {
    const fields: Record<string, string> = {
      command: 'PURCHASE',
      access_code: CREDENTIALS.accessCode,
      merchant_identifier: CREDENTIALS.merchantIdentifier,
      merchant_reference: reference,
      amount: String(10_000 + (i % 5000)),
      currency: 'SAR',
      language: 'en',
      customer_email: `customer${i}@example.com`,
      fort_id: String(169996210006464984n + BigInt(i)),
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
  });
  return { bodies, references };
}
