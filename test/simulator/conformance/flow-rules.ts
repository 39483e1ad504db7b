/**
 * APS' rules that take more than one request: refunds under one `maintenance_reference`, the card form
 * of the hosted page, and the defaults of a new account; one row each with its source. `finding`
 * marks the rows issue 20's audit added.
 */
import { SOURCES as S } from './sources.js';

/** One refund under a maintenance_reference, in sequence on one purchase of 10000. */
export interface RefundStep {
  amount: string;
  reference: string;
  expect: string;
  /** `refunded_amount` that CHECK_STATUS reports after this step. */
  refunded: string;
}

/** A maintenance_reference rule: a sequence of refunds on one order. */
export interface RefundSequenceRow {
  rule: string;
  source: string;
  steps: RefundStep[];
  finding?: string;
}

/** The rows. */
export const REFUND_SEQUENCE_ROWS: readonly RefundSequenceRow[] = [
  {
    rule: 'the same maintenance_reference and amount again replays the first answer and refunds nothing more',
    source: `${S.PFDOC_MAINTENANCE}; ${S.SIM_DECISION}`,
    steps: [
      { amount: '1000', reference: 'RF-1', expect: '06000', refunded: '1000' },
      { amount: '1000', reference: 'RF-1', expect: '06000', refunded: '1000' },
    ],
  },
  {
    rule: 'a maintenance_reference reused with another amount → 07066 (Merchant reference already exists)',
    source: `${S.PFDOC_CODES} (066); ${S.SIM_DECISION}`,
    steps: [
      { amount: '1000', reference: 'RF-2', expect: '06000', refunded: '1000' },
      { amount: '2000', reference: 'RF-2', expect: '07066', refunded: '1000' },
    ],
    finding: 'another amount answered with the old success',
  },
  {
    rule: 'a declined refund may be retried with the same maintenance_reference',
    source: 'reference aps-protocol.md §6.4 ([PFDOC] maintenanceparameters.md)',
    steps: [
      { amount: '20000', reference: 'RF-3', expect: '07048', refunded: '0' },
      { amount: '3000', reference: 'RF-3', expect: '06000', refunded: '3000' },
    ],
  },
  {
    rule: 'distinct maintenance_references are distinct partial refunds',
    source: `${S.PFDOC_MAINTENANCE}; ${S.NET_SDK_REFUND}`,
    steps: [
      { amount: '1000', reference: 'RF-4', expect: '06000', refunded: '1000' },
      { amount: '1000', reference: 'RF-5', expect: '06000', refunded: '2000' },
    ],
  },
];

/** What the customer types on the hosted card form, and what follows. */
export interface CardRow {
  rule: string;
  source: string;
  card: Record<string, string>;
  /** `correct:<field>` (the form again, that field marked, the payment open), `otp`, or a response code. */
  expect: string;
  finding?: string;
}

/** The rows. */
export const CARD_ROWS: readonly CardRow[] = [
  ...[
    ['4005550000000001', '123'],
    ['5123456789012346', '123'],
    ['345678901234564', '1234'],
  ].map(([number, cvv]): CardRow => ({
    rule: `test card ${number} succeeds → 14000`,
    source: S.APS_TC,
    card: { card_number: number ?? '', card_security_code: cvv ?? '' },
    expect: '14000',
  })),
  ...['4557012345678902', '5313581000123430'].map((number): CardRow => ({
    rule: `3-D Secure test card ${number} asks for the OTP`,
    source: S.APS_TC,
    card: { card_number: number },
    expect: 'otp',
  })),
  {
    rule: 'a mistyped card number is corrected on the page, not a 13016',
    source: `${S.APS_HC_INT} (the hosted page validates the card fields)`,
    card: { card_number: '4005550000000002' },
    expect: 'correct:card_number',
    finding: 'a mistyped card number ended the payment (13016)',
  },
  {
    rule: 'a past expiry date is corrected on the page, not a 13012',
    source: S.APS_HC_INT,
    card: { expiry_date: '2001' },
    expect: 'correct:expiry_date',
    finding: 'a past expiry ended the payment (13012)',
  },
  {
    rule: 'a malformed expiry date is corrected on the page',
    source: S.APS_HC_INT,
    card: { expiry_date: '3013' },
    expect: 'correct:expiry_date',
  },
  {
    rule: 'a short CVV is corrected on the page',
    source: S.APS_HC_INT,
    card: { card_security_code: '12' },
    expect: 'correct:card_security_code',
  },
  {
    rule: 'AMEX needs a 4-digit CVV',
    source: S.APS_TC,
    card: { card_number: '345678901234564', card_security_code: '123' },
    expect: 'correct:card_security_code',
  },
  {
    rule: 'Cancel answers 00072',
    source: `${S.WOO} (APS_CANCEL 00072); ${S.S17}`,
    card: { cancel: '1' },
    expect: '00072',
  },
];

/** A default of a new merchant account, as the current APS documentation describes it. */
export const ACCOUNT_DEFAULT_ROWS = [
  {
    rule: 'feedback (Direct Transaction Feedback, Notification) is JSON by default',
    source: S.APS_WH,
    setting: 'feedbackFormat',
    expect: 'json',
    finding: 'feedback defaulted to form bodies',
  },
] as const;
