/**
 * APS' documented rules for `POST /FortAPI/paymentPage` (the Redirection request), one row each: what
 * is sent (on top of a valid, signed PURCHASE the way production integrations build it), what APS
 * answers, and where that is documented. `finding` marks the rows that issue 20's audit added.
 */
import { SOURCES as S } from './sources.js';

/** One paymentPage rule. */
export interface PageRow {
  rule: string;
  source: string;
  /** Fields to set (a string) or to leave out (null) before signing. */
  set: Record<string, string | null>;
  /** How the request is signed; default: correctly, with the request phrase. */
  signing?: 'response-phrase' | 'tampered' | 'upper-case' | 'absent';
  /** `page`: the hosted card page opens; otherwise the refusal's `response_code` (status 00). */
  expect: string;
  finding?: string;
}

const long = (n: number, c = 'a') => c.repeat(n);

/** The .NET SDK's fraud-screening and plugin fields, with values like the SDK sends. */
const NET_SDK_FIELDS: Record<string, string> = {
  app_programming: '.NET',
  app_plugin: '.dotNETSDK',
  app_plugin_version: 'v2.0.0',
  app_ver: '2.0.0.0',
  app_framework: '.NET',
  customer_type: 'Individual',
  customer_id: 'C-1001',
  customer_first_name: 'Jane',
  customer_last_name: 'Doe',
  customer_address1: '12 King Fahd Rd, Apt. 3',
  customer_city: 'Riyadh',
  customer_country_code: 'SAU',
  customer_phone: '+966 50 123 4567',
  customer_date_birth: '1990-01-31',
  ship_first_name: 'Jane',
  ship_email: 'jane@example.com',
  item_quantity: '2',
  item_price: '49.99',
  item_description: 'Blue mug (large)',
  rcpt_email: 'gift@example.com',
  fraud_extra1: 'vip',
  fraud_extra25: 'last',
  device_fingerprint: 'a1B2+c3/D4==',
  cart_details: '{"items":[{"sku":"M-1","qty":2}]}',
};

/** Rows of requests APS accepts, missing parameters and lengths (the refusals: page-refusal-rules.ts). */
export const PAGE_ROWS: readonly PageRow[] = [
  // Accepted: what production integrations send.
  {
    rule: 'the minimal request of production integrations opens the hosted page',
    source: `${S.WOO}; ${S.APS_HC_API}`,
    set: {},
    expect: 'page',
  },
  {
    rule: 'the request the official WooCommerce plugin builds (order_description, app_* metadata) is accepted',
    source: `${S.WOO} build_payment_gateway_params, lib/class-aps-config.php plugin_params`,
    set: {
      order_description: 'Order#1234',
      return_url: 'https://shop.example/?wc-api=aps_online_response',
      app_programming: 'PHP',
      app_framework: 'Wordpress',
      app_ver: 'v8.5.2',
      app_plugin: 'Woocommerce',
      app_plugin_version: 'v2.4.0',
    },
    expect: 'page',
  },
  {
    rule: 'remember_me=YES is accepted (value checked, "2" in the length column is a slip)',
    source: `${S.PFDOC_REDIRECTION}; ${S.NET_SDK_PURCHASE}`,
    set: { remember_me: 'YES' },
    expect: 'page',
    finding: 'remember_me=YES refused with 00032',
  },
  {
    rule: 'remember_me=NO is accepted',
    source: S.PFDOC_REDIRECTION,
    set: { remember_me: 'NO' },
    expect: 'page',
  },
  {
    rule: 'remember_me other than YES/NO → 00033',
    source: `${S.PFDOC_REDIRECTION}; ${S.NET_SDK_PURCHASE}`,
    set: { remember_me: 'Y' },
    expect: '00033',
  },
  {
    rule: 'remember_me is upper case (the .NET SDK upper-cases it) → "yes" 00033',
    source: S.NET_SDK_PURCHASE,
    set: { remember_me: 'yes' },
    expect: '00033',
  },
  {
    rule: "the .NET SDK's fraud and app_* fields are accepted",
    source: S.NET_SDK_PURCHASE,
    set: NET_SDK_FIELDS,
    expect: 'page',
    finding: 'customer_first_name, device_fingerprint … refused with 00027',
  },
  {
    rule: 'customer_first_name alone is accepted',
    source: S.NET_SDK_PURCHASE,
    set: { customer_first_name: 'Jane' },
    expect: 'page',
    finding: 'customer_first_name refused with 00027',
  },
  {
    rule: 'device_fingerprint alone is accepted',
    source: S.NET_SDK_PURCHASE,
    set: { device_fingerprint: 'x'.repeat(500) },
    expect: 'page',
    finding: 'device_fingerprint refused with 00027',
  },
  {
    rule: "the PHP SDK's billing/shipping and recurring fields are accepted",
    source: S.PHP_SDK_OPTIONAL,
    set: {
      billing_street: 'King Fahd Rd 12',
      billing_city: 'Riyadh',
      billing_country: 'SA',
      shipping_sameAsBilling: 'YES',
      shipping_postcode: '12211',
      agreement_id: 'AGR-2026-01',
      recurring_mode: 'UNSCHEDULED',
      recurring_transactions_count: '12',
    },
    expect: 'page',
  },
  {
    rule: 'installments=STANDALONE with plan and issuer codes is accepted',
    source: `${S.PHP_SDK_OPTIONAL}; ${S.NET_SDK_PURCHASE}`,
    set: { installments: 'STANDALONE', plan_code: 'P3', issuer_code: 'I1' },
    expect: 'page',
  },
  {
    rule: 'every documented optional field within its rules is accepted',
    source: S.PFDOC_REDIRECTION,
    set: {
      order_description: "iPhone 6-S #1: $5/'x'",
      customer_ip: '2001:db8::1',
      customer_name: "Jane O'Neil-Smith",
      merchant_extra: "a.b;c/d_e-f,g'h@i",
      merchant_extra5: long(250),
      phone_number: '+966 (50) 123-4567',
      settlement_reference: 'SET-1_2.3',
      eci: 'MOTO',
      token_name: 'tok.en@1-2_3',
      language: 'ar',
    },
    expect: 'page',
  },
  {
    rule: 'Arabic customer_name and order_description are accepted (UTF-8 signing)',
    source: `${S.PFDOC_REDIRECTION}; ${S.PFDOC_SIGNATURE}`,
    set: { customer_name: 'محمد العلي', order_description: 'طلب رقم 5' },
    expect: 'page',
  },
  {
    rule: 'customer_email may carry + and sub-domains',
    source: S.PFDOC_REDIRECTION,
    set: { customer_email: 'a.b+tag@shop.com.sa' },
    expect: 'page',
  },
  {
    rule: 'amount has up to 10 digits',
    source: S.PFDOC_REDIRECTION,
    set: { amount: '9999999999' },
    expect: 'page',
  },
  {
    rule: 'a 3-decimal currency (KWD) is accepted',
    source: `${S.PFDOC_REDIRECTION}; ${S.ISO_4217}`,
    set: { currency: 'KWD', amount: '12500' },
    expect: 'page',
  },

  // Missing (001).
  ...[
    'access_code',
    'merchant_identifier',
    'merchant_reference',
    'amount',
    'currency',
    'language',
    'customer_email',
  ].map((field): PageRow => ({
    rule: `${field} is mandatory → 00001`,
    source: `${S.PFDOC_REDIRECTION}; ${S.APS_HC_API}`,
    set: { [field]: null },
    expect: '00001',
  })),
  {
    rule: 'command is mandatory → 00001',
    source: S.PFDOC_REDIRECTION,
    set: { command: null },
    expect: '00001',
  },
  {
    rule: 'signature is mandatory → 00001',
    source: `${S.PFDOC_REDIRECTION}; ${S.PFDOC_CODES}`,
    set: {},
    signing: 'absent',
    expect: '00001',
  },

  // Lengths (032).
  ...(
    [
      ['access_code', long(21)],
      ['merchant_identifier', long(21)],
      ['merchant_reference', long(41)],
      ['amount', '12345678901'],
      ['currency', 'SARS'],
      ['customer_email', `${long(64)}@${long(186)}.com`],
      ['order_description', long(151)],
      ['customer_name', long(41)],
      ['merchant_extra', long(1000)],
      ['merchant_extra1', long(251)],
      ['phone_number', long(20, '1')],
      ['settlement_reference', long(35)],
      ['token_name', long(101)],
      ['customer_ip', long(46, '1')],
      ['sadad_olp', long(13)],
      ['return_url', `https://shop.example/${long(380)}`],
    ] as const
  ).map(([field, value]): PageRow => ({
    rule: `${field} longer than documented → 00032`,
    source: S.PFDOC_REDIRECTION,
    set: { [field]: value },
    expect: '00032',
  })),
];
