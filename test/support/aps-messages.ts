/** Builders of genuine APS messages (signed with the test provider's response phrase) for tests. */
import { computeSignature } from '../../src/providers/aps/signature.js';
import type { TransactionRecord } from '../../src/store/repositories/index.js';
import { TEST_CREDENTIALS } from './payport.js';

/** The fields APS posts back for a purchase of `tx` with `status`/`response_code`. */
export function apsResponse(
  tx: Pick<TransactionRecord, 'reference' | 'amount' | 'currency' | 'customerEmail'>,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    command: 'PURCHASE',
    access_code: TEST_CREDENTIALS.accessCode,
    merchant_identifier: TEST_CREDENTIALS.merchantIdentifier,
    merchant_reference: tx.reference,
    amount: String(tx.amount),
    currency: tx.currency,
    language: 'en',
    customer_email: tx.customerEmail ?? 'customer@example.com',
    fort_id: '169996210006464984',
    payment_option: 'VISA',
    eci: 'ECOMMERCE',
    card_number: '400555******0001',
    expiry_date: '3005',
    status: '14',
    response_code: '14000',
    response_message: 'Success',
    authorization_code: '123456',
    ...overrides,
  };
}

/** Adds the signature computed with the response phrase (or `phrase`). */
export function signed(
  fields: Record<string, string>,
  phrase: string = TEST_CREDENTIALS.shaResponsePhrase,
): Record<string, string> {
  return { ...fields, signature: computeSignature(fields, phrase, 'sha256') };
}

/** Form-encodes fields in their own order. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
