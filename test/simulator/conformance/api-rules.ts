/**
 * APS' documented rules for `POST /FortAPI/paymentApi` (CHECK_STATUS, CAPTURE, VOID_AUTHORIZATION,
 * REFUND), one row each with its source. `finding` marks the rows issue 20's audit added.
 */
import { SOURCES as S } from './sources.js';

/** The order a paymentApi row runs against (10000 minor units of SAR, paid with a test card). */
export type OrderKind = 'purchase' | 'authorization' | 'none';

/** One paymentApi rule: a request built for `command` with `set` applied, and its response code. */
export interface ApiRow {
  rule: string;
  source: string;
  order: OrderKind;
  command: 'CHECK_STATUS' | 'CAPTURE' | 'VOID_AUTHORIZATION' | 'REFUND';
  /** Fields to set or leave out (null); numbers are sent as JSON numbers (the .NET SDK's way). */
  set: Record<string, string | number | null>;
  signing?: 'response-phrase';
  expect: string;
  finding?: string;
}

/** The rows. */
export const API_ROWS: readonly ApiRow[] = [
  {
    rule: 'CHECK_STATUS of a paid order → 12000',
    source: S.PFDOC_CHECK_STATUS,
    order: 'purchase',
    command: 'CHECK_STATUS',
    set: {},
    expect: '12000',
  },
  {
    rule: 'CHECK_STATUS of an unknown order → 12036',
    source: `${S.PFDOC_CHECK_STATUS}; ${S.SIM_DECISION}`,
    order: 'none',
    command: 'CHECK_STATUS',
    set: {},
    expect: '12036',
  },
  {
    rule: 'CHECK_STATUS needs merchant_reference or fort_id → 00001',
    source: S.PFDOC_CHECK_STATUS,
    order: 'purchase',
    command: 'CHECK_STATUS',
    set: { merchant_reference: null },
    expect: '00001',
  },
  {
    rule: 'CHECK_STATUS return_third_party_response_codes is YES or NO → 00033',
    source: S.PFDOC_CHECK_STATUS,
    order: 'purchase',
    command: 'CHECK_STATUS',
    set: { return_third_party_response_codes: 'Y' },
    expect: '00033',
  },
  {
    rule: 'CAPTURE of an authorization → 04000',
    source: S.PFDOC_MAINTENANCE,
    order: 'authorization',
    command: 'CAPTURE',
    set: {},
    expect: '04000',
  },
  {
    rule: 'CAPTURE of more than authorized → 05042',
    source: `${S.PFDOC_MAINTENANCE}; ${S.PFDOC_CODES} (042)`,
    order: 'authorization',
    command: 'CAPTURE',
    set: { amount: '10001' },
    expect: '05042',
  },
  {
    rule: 'CAPTURE of a purchase (already captured) → 05034',
    source: `${S.PFDOC_CODES} (034)`,
    order: 'purchase',
    command: 'CAPTURE',
    set: {},
    expect: '05034',
  },
  {
    rule: 'CAPTURE in an unknown currency → 00013',
    source: `${S.PFDOC_MAINTENANCE}; ${S.ISO_4217}`,
    order: 'authorization',
    command: 'CAPTURE',
    set: { currency: 'XYZ' },
    expect: '00013',
    finding: 'currency XYZ accepted',
  },
  {
    rule: 'CAPTURE in another currency than the order → 05013',
    source: `${S.PFDOC_CODES} (013)`,
    order: 'authorization',
    command: 'CAPTURE',
    set: { currency: 'USD' },
    expect: '05013',
  },
  {
    rule: 'CAPTURE amount is mandatory → 00001',
    source: S.PFDOC_MAINTENANCE,
    order: 'authorization',
    command: 'CAPTURE',
    set: { amount: null },
    expect: '00001',
  },
  {
    rule: 'VOID_AUTHORIZATION without amount (the PHP SDK) → 08000',
    source: `${S.PHP_SDK_VOID}; ${S.S17}`,
    order: 'authorization',
    command: 'VOID_AUTHORIZATION',
    set: {},
    expect: '08000',
  },
  {
    rule: 'VOID_AUTHORIZATION with the authorized amount (the docs mirror) → 08000',
    source: `${S.PFDOC_MAINTENANCE}; ${S.S17}`,
    order: 'authorization',
    command: 'VOID_AUTHORIZATION',
    set: { amount: '10000', currency: 'SAR' },
    expect: '08000',
  },
  {
    rule: 'VOID_AUTHORIZATION of a purchase → 09034',
    source: `${S.PFDOC_CODES} (034)`,
    order: 'purchase',
    command: 'VOID_AUTHORIZATION',
    set: {},
    expect: '09034',
  },
  {
    rule: 'REFUND of a purchase → 06000',
    source: S.PFDOC_MAINTENANCE,
    order: 'purchase',
    command: 'REFUND',
    set: {},
    expect: '06000',
  },
  {
    rule: 'REFUND with amount as a JSON number (the .NET SDK) → 06000',
    source: S.NET_SDK_REFUND,
    order: 'purchase',
    command: 'REFUND',
    set: { amount: 2500 },
    expect: '06000',
  },
  {
    rule: 'REFUND of more than captured → 07048',
    source: `${S.PFDOC_CODES} (048)`,
    order: 'purchase',
    command: 'REFUND',
    set: { amount: '10001' },
    expect: '07048',
  },
  {
    rule: 'REFUND of an uncaptured authorization → 07048',
    source: `${S.PFDOC_CODES} (048)`,
    order: 'authorization',
    command: 'REFUND',
    set: {},
    expect: '07048',
  },
  {
    rule: 'REFUND maintenance_reference longer than 200 → 00032',
    source: S.PFDOC_MAINTENANCE,
    order: 'purchase',
    command: 'REFUND',
    set: { maintenance_reference: 'r'.repeat(201) },
    expect: '00032',
  },
  {
    rule: 'REFUND maintenance_reference allows - _ . only → 00002',
    source: S.PFDOC_MAINTENANCE,
    order: 'purchase',
    command: 'REFUND',
    set: { maintenance_reference: 'R/1' },
    expect: '00002',
  },
  {
    rule: 'an unknown order → x5036 / x7036',
    source: `${S.PFDOC_CODES} (036 Order not found)`,
    order: 'none',
    command: 'REFUND',
    set: {},
    expect: '07036',
  },
  {
    rule: 'a parameter not in the request spec → 00027',
    source: `${S.PFDOC_MAINTENANCE}; ${S.PFDOC_CODES} (027)`,
    order: 'purchase',
    command: 'REFUND',
    set: { customer_email: 'a@example.com' },
    expect: '00027',
  },
  {
    rule: 'paymentApi: a signature made with the response phrase → 00008',
    source: `${S.PFDOC_SIGNATURE}; ${S.PHP_SDK_ISSUE_SIGNATURE}`,
    order: 'purchase',
    command: 'REFUND',
    set: {},
    signing: 'response-phrase',
    expect: '00008',
  },
  {
    rule: 'paymentApi: a wrong access_code → 00010',
    source: `${S.PFDOC_CODES} (010)`,
    order: 'purchase',
    command: 'CHECK_STATUS',
    set: { access_code: 'WrongAccessCode00000' },
    expect: '00010',
  },
  {
    rule: 'paymentApi: language is en or ar → 00033',
    source: S.PFDOC_MAINTENANCE,
    order: 'purchase',
    command: 'CHECK_STATUS',
    set: { language: 'de' },
    expect: '00033',
  },
];
