/**
 * Random interleavings thrown at one payment (S9): captures, refunds and voids whose answers arrive,
 * are lost after the provider processed them, or whose requests never reach it; notifications
 * delivered late, twice, or out of order; status checks at any moment. At every step payport never
 * shows money the provider's books do not hold; at the end, once every notification has arrived and
 * the books were asked, the ledger equals the books and `financial_status` follows from them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { getApiTransaction } from '../../../src/services/api/api-transactions.js';
import { ingestMessage } from '../../../src/services/ingest-notification.js';
import { capture, checkStatus, refund, voidAuthorization } from '../../../src/services/operations/index.js';
import { PayportError } from '../../../src/errors.js';
import { forEachDatabase } from '../../support/databases.js';
import { startOperationsHarness, type OperationsHarness, type SimBooks } from '../operations/harness.js';
import { assertLedgerMatchesBooks } from './books.js';

const actor = { userId: 'user-prop', name: 'prop@example.com' };
const AMOUNT = 10_000;

type Delivery = 'answered' | 'answer_lost' | 'never_received';
type Action =
  | { kind: 'capture'; amount: number; delivery: Delivery }
  | { kind: 'refund'; amount: number; delivery: Delivery }
  | { kind: 'void'; delivery: Delivery }
  | { kind: 'deliver'; pick: number }
  | { kind: 'check' };

// Few distinct amounts, so that notifications of different operations often carry the same amount.
const amountOf = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(2_000, 2_500) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: AMOUNT }) },
);
const delivery = fc.constantFrom<Delivery>('answered', 'answer_lost', 'never_received');
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('capture' as const),
      amount: amountOf,
      delivery,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      amount: amountOf,
      delivery,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), delivery }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'check' as const }) },
);

/** What `financial_status` the books imply for a manually captured payment. */
function statusFromBooks(books: SimBooks, closed: boolean): string {
  if (books.voided && books.capturedAmount === 0) return 'voided';
  if (books.refundedAmount > 0) {
    return books.refundedAmount >= books.capturedAmount ? 'refunded' : 'partially_refunded';
  }
  if (books.capturedAmount === 0) return 'authorized';
  return books.capturedAmount < books.authorizedAmount && !closed ? 'partially_captured' : 'paid';
}

forEachDatabase('random interleavings keep the ledger equal to the books (S9)', (db) => {
  let h: OperationsHarness;
  before(async () => {
    h = await startOperationsHarness(db, { captureManually: true });
  });
  after(() => h.close());

  const ctx = () => h.pp.services;
  const deliver = (fields: Record<string, string>) =>
    ingestMessage(ctx(), { providerCode: 'aps', channel: 'webhook', fields });
  const maintenance = (reference: string) =>
    h
      .notificationsFor(reference)
      .filter((n) => n.command !== undefined && n.command !== 'PURCHASE' && n.command !== 'AUTHORIZATION');

  async function run(reference: string, step: Action): Promise<void> {
    if (step.kind === 'deliver') {
      const arrived = maintenance(reference);
      if (arrived.length > 0) await deliver(arrived[step.pick % arrived.length]!);
      return;
    }
    if (step.kind === 'check') {
      await checkStatus(ctx(), reference, { actor }).catch(() => undefined);
      return;
    }
    if (step.delivery === 'never_received') await h.faults({ paymentApiFailStatus: 502 });
    if (step.delivery === 'answer_lost') h.loseAnswers(1);
    try {
      if (step.kind === 'capture') await capture(ctx(), reference, { amountMinor: step.amount, actor });
      else if (step.kind === 'refund') await refund(ctx(), reference, { amountMinor: step.amount, actor });
      else await voidAuthorization(ctx(), reference, { actor });
    } catch (err) {
      // Refused before anything was sent (amount beyond what is left, wrong state): normal traffic here.
      if (!(err instanceof PayportError)) throw err;
    } finally {
      h.loseAnswers(0);
      if (step.delivery === 'never_received') await h.faults({});
    }
  }

  test('any interleaving ends with the ledger equal to the books', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), fc.nat(), async (steps, seed) => {
        const payment = await h.payment({ amountMinor: AMOUNT });
        for (const step of steps) {
          await run(payment.reference, step);
          const [resource, books] = await Promise.all([
            getApiTransaction(ctx(), payment.reference),
            h.ledger(payment.reference),
          ]);
          assert.ok(
            resource.ledger!.captured_minor <= books.capturedAmount,
            'never more captured than the books',
          );
          assert.ok(
            resource.ledger!.refunded_minor <= books.refundedAmount,
            'never more refunded than the books',
          );
        }
        // Every notification arrives (some twice, in a shuffled order), then the books are asked.
        const books = await h.ledger(payment.reference);
        const made = (books as SimBooks & { operations: { command: string }[] }).operations.filter((o) =>
          ['CAPTURE', 'REFUND', 'VOID_AUTHORIZATION'].includes(o.command),
        ).length;
        while (maintenance(payment.reference).length < made)
          await h.receiver.waitFor(h.receiver.received.length + 1);
        const all = maintenance(payment.reference);
        const order = [...all, ...all].map((n, i) => ({ n, k: (i * 7919 + seed) % 104_729 }));
        for (const { n } of order.sort((a, b) => a.k - b.k)) await deliver(n);
        await checkStatus(ctx(), payment.reference, { actor });

        const resource = await assertLedgerMatchesBooks(h, payment);
        const children = [...resource.captures, ...resource.refunds, ...resource.voids];
        assert.deepEqual(
          children.filter((c) => c.state === 'pending'),
          [],
          'nothing left pending',
        );
        assert.equal(resource.ledger!.discrepancy, null);
        const closed = resource.voids.some((v) => v.state === 'done') && books.capturedAmount > 0;
        assert.equal(resource.financial_status, statusFromBooks(books, closed));
      }),
      {
        numRuns: 30,
        // The interleavings that once went wrong, always tried first.
        examples: [
          [
            [
              { kind: 'capture', amount: 2_000, delivery: 'answered' },
              { kind: 'capture', amount: 2_000, delivery: 'never_received' },
              { kind: 'deliver', pick: 0 },
            ],
            0,
          ],
          [
            [
              { kind: 'capture', amount: 2_000, delivery: 'answer_lost' },
              { kind: 'refund', amount: 1_000, delivery: 'never_received' },
              { kind: 'deliver', pick: 0 },
              { kind: 'refund', amount: 1_000, delivery: 'answer_lost' },
              { kind: 'void', delivery: 'answered' },
            ],
            3,
          ],
          // Two pending refunds of the same amount, one of them in the books: the totals cannot say which.
          [
            [
              { kind: 'capture', amount: 2_000, delivery: 'answered' },
              { kind: 'capture', amount: 2_000, delivery: 'answered' },
              { kind: 'refund', amount: 2_000, delivery: 'never_received' },
              { kind: 'refund', amount: 2_000, delivery: 'answer_lost' },
              { kind: 'capture', amount: 2_000, delivery: 'answer_lost' },
              { kind: 'capture', amount: 2_000, delivery: 'answered' },
              { kind: 'refund', amount: 2_000, delivery: 'answered' },
            ],
            0,
          ],
        ],
      },
    );
  });
});
