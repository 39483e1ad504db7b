/** Shared test data for the APS provider tests: an account, a transaction and signed APS messages. */
import type {
  ProviderAccount,
  ProviderMessage,
  TransactionSnapshot,
} from '../../../src/providers/provider.js';
import { sign } from '../../../src/providers/aps/signature.js';

/** A Test-state account with distinct request and response phrases, so swapping them is caught. */
export function testAccount(overrides: Partial<ProviderAccount> = {}): ProviderAccount {
  return {
    state: 'test',
    merchantIdentifier: 'MxvOupuG',
    accessCode: 'SILgpo7pWbmzuURp2qri',
    shaRequestPhrase: 'request-phrase',
    shaResponsePhrase: 'response-phrase',
    shaType: 'sha256',
    customBaseUrl: null,
    captureManually: false,
    ...overrides,
  };
}

/** A 100.00 SAR card payment. */
export function testTransaction(overrides: Partial<TransactionSnapshot> = {}): TransactionSnapshot {
  return {
    reference: 'PP-20260101-abc123',
    amountMinor: 10000,
    currency: 'SAR',
    paymentMethod: 'card',
    customer: { email: 'payer@example.com', name: 'Test Payer', lang: 'en' },
    ...overrides,
  };
}

/** An APS purchase answer for the test transaction, signed with the response phrase unless told otherwise. */
export function apsMessage(
  fields: Record<string, string> = {},
  phrase = 'response-phrase',
  shaType: ProviderAccount['shaType'] = 'sha256',
): ProviderMessage {
  return sign(
    {
      command: 'PURCHASE',
      access_code: 'SILgpo7pWbmzuURp2qri',
      merchant_identifier: 'MxvOupuG',
      merchant_reference: 'PP-20260101-abc123',
      amount: '10000',
      currency: 'SAR',
      language: 'en',
      customer_email: 'payer@example.com',
      fort_id: '169996210006464984',
      payment_option: 'VISA',
      card_number: '400555******0001',
      expiry_date: '3005',
      eci: 'ECOMMERCE',
      status: '14',
      response_code: '14000',
      response_message: 'Success',
      ...fields,
    },
    phrase,
    shaType,
  );
}
