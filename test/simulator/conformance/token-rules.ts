/**
 * APS' documented rules for tokens (reference aps-round2.md §1–§3), one row each with its source: the
 * Merchant Page `TOKENIZATION` form, server-to-server charges of a token (with and without 3-D Secure,
 * recurring), and `UPDATE_TOKEN`.
 */
import { SOURCES as S } from './sources.js';

/** One TOKENIZATION form rule: fields set on top of a valid signed form, and the answer's code. */
export interface TokenizationRow {
  rule: string;
  source: string;
  set: Record<string, string | null>;
  /** Merchant Page 2.0 card fields, added after signing. */
  card?: Record<string, string>;
  signing?: 'response-phrase' | 'card-fields-signed';
  /** `page`: the card form opens; otherwise the answer's `response_code`. */
  expect: string;
}

/** The token a charge row uses. */
export type TokenKind = 'visa' | 'three-ds' | 'declined' | 'unknown' | 'inactive' | 'mada' | 'mastercard';

/** One token charge rule: a PURCHASE with `token_name` and `set` applied, and its `response_code`. */
export interface ChargeRow {
  rule: string;
  source: string;
  token: TokenKind;
  set: Record<string, string | null>;
  expect: string;
}

const MP2_CARD = {
  card_number: '4005550000000001',
  expiry_date: '3005',
  card_security_code: '123',
  card_holder_name: 'Jane Doe',
  remember_me: 'YES',
};

/** The TOKENIZATION rows. */
export const TOKENIZATION_ROWS: readonly TokenizationRow[] = [
  {
    rule: 'a signed TOKENIZATION form opens the Merchant Page',
    source: S.PFDOC_MERCHANT_PAGE,
    set: {},
    expect: 'page',
  },
  {
    rule: 'MP2 card fields outside the signature are tokenized → 18000',
    source: `${S.PFDOC_MERCHANT_PAGE}; ${S.PFDOC_SIGNATURE}`,
    set: {},
    card: MP2_CARD,
    expect: '18000',
  },
  {
    rule: 'MP2 card fields inside the signature → 00008',
    source: S.PFDOC_SIGNATURE,
    set: {},
    card: MP2_CARD,
    signing: 'card-fields-signed',
    expect: '00008',
  },
  {
    rule: 'a TOKENIZATION form signed with the response phrase → 00008',
    source: S.PFDOC_SIGNATURE,
    set: {},
    signing: 'response-phrase',
    expect: '00008',
  },
  {
    rule: 'service_command other than TOKENIZATION on the payment page → 00004',
    source: `${S.PFDOC_MERCHANT_PAGE}; ${S.PFDOC_CODES} (004)`,
    set: { service_command: 'CREATE_TOKEN_X' },
    expect: '00004',
  },
  {
    rule: 'TOKENIZATION needs merchant_reference → 00001',
    source: S.PFDOC_MERCHANT_PAGE,
    set: { merchant_reference: null },
    expect: '00001',
  },
  {
    rule: 'token_name is at most 100 characters → 00032',
    source: S.PFDOC_MERCHANT_PAGE,
    set: { token_name: 't'.repeat(101) },
    expect: '00032',
  },
  {
    rule: 'remember_me is YES or NO → 00033',
    source: S.PFDOC_MERCHANT_PAGE,
    set: {},
    card: { ...MP2_CARD, remember_me: 'MAYBE' },
    expect: '00033',
  },
  {
    rule: 'a Redirection field (order_description) on TOKENIZATION → 00027',
    source: `${S.PFDOC_CODES} (027)`,
    set: { order_description: 'x' },
    expect: '00027',
  },
];

/** The token charge rows (PURCHASE of 2500 SAR unless `set` says otherwise). */
export const CHARGE_ROWS: readonly ChargeRow[] = [
  {
    rule: 'PURCHASE with a token → 14000',
    source: S.PFDOC_RECURRING,
    token: 'visa',
    set: {},
    expect: '14000',
  },
  {
    rule: 'AUTHORIZATION with a token → 02000',
    source: S.PHP_SDK_TOKEN_CHARGE,
    token: 'visa',
    set: { command: 'AUTHORIZATION' },
    expect: '02000',
  },
  {
    rule: 'a token charge may carry card_security_code → 14000',
    source: `${S.PHP_SDK_OPTIONAL}; ${S.WOO_TOKENS}`,
    token: 'visa',
    set: { card_security_code: '123' },
    expect: '14000',
  },
  {
    rule: 'a token charge may forward remember_me → 14000',
    source: S.WOO_TOKENS,
    token: 'visa',
    set: { remember_me: 'YES' },
    expect: '14000',
  },
  {
    rule: 'a customer-initiated charge of a 3-D Secure card → 20064 with 3ds_url',
    source: `${S.PFDOC_MERCHANT_PAGE_1}; ${S.MAG2_MERCHANT_PAGE}`,
    token: 'three-ds',
    set: {},
    expect: '20064',
  },
  {
    rule: 'a recurring charge of a 3-D Secure card goes without 3-D Secure → 14000',
    source: S.PFDOC_RECURRING,
    token: 'three-ds',
    set: { eci: 'RECURRING', customer_ip: null, return_url: null },
    expect: '14000',
  },
  {
    rule: 'recurring is PURCHASE only → 00113',
    source: `${S.PFDOC_RECURRING}; ${S.PFDOC_CODES} (113)`,
    token: 'visa',
    set: { eci: 'RECURRING', command: 'AUTHORIZATION' },
    expect: '00113',
  },
  {
    rule: 'a recurring charge carries no card_security_code → 00027',
    source: S.PFDOC_RECURRING,
    token: 'visa',
    set: { eci: 'RECURRING', card_security_code: '123' },
    expect: '00027',
  },
  {
    rule: 'a customer-initiated token charge needs customer_ip → 00001',
    source: S.PHP_SDK_TOKEN_CHARGE,
    token: 'visa',
    set: { customer_ip: null },
    expect: '00001',
  },
  {
    rule: 'a PURCHASE on paymentApi needs token_name → 00001',
    source: S.PHP_SDK_TOKEN_CHARGE,
    token: 'visa',
    set: { token_name: null },
    expect: '00001',
  },
  {
    rule: 'a declined card (holder DECLINED) → 13666',
    source: `${S.PFDOC_CODES} (666); ${S.SIM_DECISION}`,
    token: 'declined',
    set: {},
    expect: '13666',
  },
  {
    rule: 'an unknown token → 13044 (Token name does not exist)',
    source: `${S.PFDOC_CODES} (044); ${S.SIM_DECISION}`,
    token: 'unknown',
    set: {},
    expect: '13044',
  },
  {
    rule: 'a token made INACTIVE by UPDATE_TOKEN → 13044',
    source: `${S.PFDOC_TOKENIZATION}; ${S.PFDOC_CODES} (044); ${S.S18}`,
    token: 'inactive',
    set: {},
    expect: '13044',
  },
  {
    rule: 'eci=RECURRING with an inactive token → 13044',
    source: `${S.PFDOC_RECURRING}; ${S.PFDOC_CODES} (044)`,
    token: 'inactive',
    set: { eci: 'RECURRING', customer_ip: null },
    expect: '13044',
  },
  {
    rule: 'a mada token takes PURCHASE only: AUTHORIZATION → 00049',
    source: `${S.PFDOC_REDIRECTION} (payment_option notes); ${S.WOO} get_command`,
    token: 'mada',
    set: { command: 'AUTHORIZATION' },
    expect: '00049',
  },
  {
    rule: 'a mada token with PURCHASE → 14000',
    source: `${S.PFDOC_REDIRECTION} (payment_option notes)`,
    token: 'mada',
    set: {},
    expect: '14000',
  },
  {
    rule: 'installments=HOSTED with a plan of the card’s bank → 14000',
    source: `${S.PFDOC_INSTALLMENTS}; ${S.SIM_DECISION} (test issuers)`,
    token: 'visa',
    set: { amount: '60000', installments: 'HOSTED', issuer_code: 'SIMB01', plan_code: 'SB1P06' },
    expect: '14000',
  },
  {
    rule: 'installments=HOSTED with a card of another bank → 13087 (Card BIN does not match accepted issuer bank)',
    source: `${S.PFDOC_INSTALLMENTS}; ${S.PFDOC_CODES} (087)`,
    token: 'mastercard',
    set: { amount: '60000', installments: 'HOSTED', issuer_code: 'SIMB01', plan_code: 'SB1P06' },
    expect: '13087',
  },
  {
    rule: 'installments=HOSTED under the plan’s minimum → 13084',
    source: `${S.PFDOC_INSTALLMENTS} (minimum_amount); ${S.PFDOC_CODES} (084)`,
    token: 'visa',
    set: { amount: '2500', installments: 'HOSTED', issuer_code: 'SIMB01', plan_code: 'SB1P06' },
    expect: '13084',
  },
  {
    rule: 'installments=HOSTED over the plan’s maximum → 13084',
    source: `${S.PFDOC_INSTALLMENTS} (maximum_amount); ${S.PFDOC_CODES} (084)`,
    token: 'visa',
    set: { amount: '5000001', installments: 'HOSTED', issuer_code: 'SIMB01', plan_code: 'SB1P06' },
    expect: '13084',
  },
  {
    rule: 'installments=HOSTED with a plan of another issuer → 13092 (Invalid issuer code)',
    source: `${S.PFDOC_INSTALLMENTS}; ${S.PFDOC_CODES} (092)`,
    token: 'visa',
    set: { amount: '60000', installments: 'HOSTED', issuer_code: 'SIMB02', plan_code: 'SB1P06' },
    expect: '13092',
  },
  {
    rule: 'installments=HOSTED with an unknown plan → 13094 (Invalid Plan Code)',
    source: `${S.PFDOC_INSTALLMENTS}; ${S.PFDOC_CODES} (094)`,
    token: 'visa',
    set: { amount: '60000', installments: 'HOSTED', issuer_code: 'SIMB01', plan_code: 'NOPLAN' },
    expect: '13094',
  },
  {
    rule: 'installments=HOSTED in a currency without installments → 13086',
    source: `${S.PFDOC_INSTALLMENTS}; ${S.PFDOC_CODES} (086)`,
    token: 'visa',
    set: {
      amount: '60000',
      currency: 'USD',
      installments: 'HOSTED',
      issuer_code: 'SIMB01',
      plan_code: 'SB1P06',
    },
    expect: '13086',
  },
  {
    rule: 'installments=HOSTED needs plan_code → 00001',
    source: `${S.PFDOC_INSTALLMENTS} (plan_code mandatory)`,
    token: 'visa',
    set: { amount: '60000', installments: 'HOSTED', issuer_code: 'SIMB01' },
    expect: '00001',
  },
  {
    rule: 'installments=HOSTED is PURCHASE only: AUTHORIZATION → 00033',
    source: `${S.PFDOC_INSTALLMENTS} (command PURCHASE); ${S.PFDOC_CODES} (033)`,
    token: 'visa',
    set: {
      command: 'AUTHORIZATION',
      amount: '60000',
      installments: 'HOSTED',
      issuer_code: 'SIMB01',
      plan_code: 'SB1P06',
    },
    expect: '00033',
  },
];
