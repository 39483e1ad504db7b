/** Seeds a benchmark database: one APS provider with known credentials and many draft transactions. */
import { createSecretBox } from '../src/crypto/secret-box.js';
import { newProviderConfig } from '../src/domain/provider.js';
import { computeSignature } from '../src/providers/aps/signature.js';
import { toProviderPatch } from '../src/services/provider-accounts.js';
import type { Store } from '../src/store/database.js';
import { migrate } from '../src/store/migrator.js';
import type { NewTransaction } from '../src/store/repositories/index.js';

/** The payport secret every benchmark process uses. */
export const BENCH_SECRET = 'benchmark-secret-0123456789-abcdefghijklmnop';
const CREDENTIALS = {
  merchantIdentifier: 'BenchMerchant',
  accessCode: 'BenchAccessCode12345',
  shaRequestPhrase: 'bench-request-phrase',
  shaResponsePhrase: 'bench-response-phrase',
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
  const references: string[] = [];
  const batch: NewTransaction[] = [];
  const flush = async () => {
    await store.transaction(async (repos) => repos.transactions.insertMany(batch));
    batch.length = 0;
  };
  for (let i = 0; i < options.stored; i++) {
    const reference = `${options.prefix}-${i.toString(36).padStart(8, '0')}`;
    if (i < options.messages) references.push(reference);
    batch.push({
      reference,
      providerId: record.id,
      paymentMethod: 'card',
      amount: 10_000 + (i % 5000),
      currency: 'SAR',
      customerEmail: `customer${i}@example.com`,
      customerLang: 'en',
      isLive: false,
    });
    if (batch.length === 10_000) await flush();
  }
  if (batch.length > 0) await flush();
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
