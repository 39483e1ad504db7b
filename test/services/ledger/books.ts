/** Comparing payport's ledger with the simulator's books, for the ledger suites. */
import assert from 'node:assert/strict';
import { getApiTransaction } from '../../../src/services/api/api-transactions.js';
import type { TransactionRecord } from '../../../src/store/repositories/index.js';
import type { OperationsHarness } from '../operations/harness.js';

/** Asserts that the API's ledger of `payment` equals the simulator's books; returns the resource. */
export async function assertLedgerMatchesBooks(h: OperationsHarness, payment: TransactionRecord) {
  const resource = await getApiTransaction(h.pp.services, payment.reference);
  const books = await h.ledger(payment.reference);
  const ledger = resource.ledger!;
  assert.deepEqual(
    {
      authorized: ledger.authorized_minor,
      captured: ledger.captured_minor,
      refunded: ledger.refunded_minor,
    },
    { authorized: books.authorizedAmount, captured: books.capturedAmount, refunded: books.refundedAmount },
    `ledger of ${payment.reference} equals the simulator's books`,
  );
  if (books.voided) assert.equal(ledger.voided_minor, books.authorizedAmount);
  return resource;
}
