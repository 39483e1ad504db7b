/**
 * APS' documented refusals on `POST /FortAPI/paymentPage` beyond presence and length: characters and
 * shapes (002), values (033), currency (013), command (004), extra parameters (027), credentials and
 * signature (009/010/008) and local-method rules (049/023). Row format: page-rules.ts.
 */
import type { PageRow } from './page-rules.js';
import { SOURCES as S } from './sources.js';

/** The rows. */
export const PAGE_REFUSAL_ROWS: readonly PageRow[] = [
  // Characters and shapes (002).
  {
    rule: 'merchant_reference allows only letters, digits and - _ . → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { merchant_reference: 'INV/2026/1' },
    expect: '00002',
  },
  {
    rule: 'amount is digits only, in minor units → 00002',
    source: `${S.PFDOC_REDIRECTION}; ${S.APS_HC_API}`,
    set: { amount: '100.00' },
    expect: '00002',
  },
  {
    rule: 'currency is an upper-case ISO code → 00002 for "sar"',
    source: S.PFDOC_REDIRECTION,
    set: { currency: 'sar' },
    expect: '00002',
  },
  {
    rule: 'customer_email without @ → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { customer_email: 'customer.example.com' },
    expect: '00002',
    finding: 'an e-mail without @ accepted',
  },
  {
    rule: 'customer_email with two @ → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { customer_email: 'a@b@example.com' },
    expect: '00002',
    finding: 'a malformed e-mail accepted',
  },
  {
    rule: 'customer_email without a domain → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { customer_email: 'customer@' },
    expect: '00002',
    finding: 'a malformed e-mail accepted',
  },
  {
    rule: "customer_email with ' (not in _ - . @ +) → 00002",
    source: S.PFDOC_REDIRECTION,
    set: { customer_email: "o'brien@example.com" },
    expect: '00002',
  },
  {
    rule: 'customer_email with ! → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { customer_email: 'a!b@example.com' },
    expect: '00002',
  },
  {
    rule: 'customer_ip allows digits, letters, . and : only → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { customer_ip: '10.0.0.1/8' },
    expect: '00002',
  },
  {
    rule: 'phone_number allows digits and + - ( ) space → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { phone_number: '050-CALL-ME' },
    expect: '00002',
  },
  {
    rule: 'order_description refuses < > → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { order_description: '<b>mug</b>' },
    expect: '00002',
  },
  {
    rule: 'customer_name refuses ; → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { customer_name: 'Jane;Doe' },
    expect: '00002',
  },
  {
    rule: 'return_url refuses a space → 00002',
    source: S.PFDOC_REDIRECTION,
    set: { return_url: 'https://shop.example/a b' },
    expect: '00002',
  },

  // Values (033), currency (013), command (004).
  {
    rule: 'language is en or ar → 00033',
    source: S.PFDOC_REDIRECTION,
    set: { language: 'fr' },
    expect: '00033',
  },
  {
    rule: 'eci is ECOMMERCE or MOTO on the hosted page → 00033',
    source: S.PFDOC_REDIRECTION,
    set: { eci: 'RECURRING' },
    expect: '00033',
  },
  {
    rule: 'payment_option must be a documented option → 00033',
    source: S.PFDOC_REDIRECTION,
    set: { payment_option: 'PAYPAL' },
    expect: '00033',
  },
  {
    rule: 'installments is STANDALONE, HOSTED or YES → 00033',
    source: `${S.PHP_SDK_OPTIONAL}; ${S.NET_SDK_PURCHASE}`,
    set: { installments: 'MAYBE' },
    expect: '00033',
  },
  {
    rule: 'amount must be greater than zero → 00033',
    source: `${S.PFDOC_REDIRECTION}; ${S.NET_SDK_PURCHASE}`,
    set: { amount: '0' },
    expect: '00033',
  },
  {
    rule: 'an unknown ISO 4217 currency → 00013',
    source: `${S.PFDOC_CODES} (013 Invalid currency); ${S.ISO_4217}`,
    set: { currency: 'XYZ' },
    expect: '00013',
    finding: 'currency XYZ accepted',
  },
  {
    rule: 'a withdrawn currency code → 00013',
    source: `${S.PFDOC_CODES}; ${S.ISO_4217}`,
    set: { currency: 'DEM' },
    expect: '00013',
    finding: 'currency DEM accepted',
  },
  {
    rule: 'a maintenance command on the hosted page → 00004',
    source: `${S.PFDOC_CODES} (004 Invalid command)`,
    set: { command: 'REFUND' },
    expect: '00004',
  },

  // Extra parameters (027).
  ...['card_number', 'card_security_code', 'expiry_date', 'card_holder_name'].map((field): PageRow => ({
    rule: `${field} on the Redirection request → 00027`,
    source: S.PHP_SDK_ISSUES_EXTRA,
    set: { [field]: field === 'expiry_date' ? '3005' : '4005550000000001' },
    expect: '00027',
  })),
  {
    rule: 'a parameter no source documents → 00027',
    source: `${S.PFDOC_CODES} (027 Invalid extra parameters); ${S.WOO} changelog v2.2.2`,
    set: { wc_order_id: '42' },
    expect: '00027',
  },

  // Credentials and signature.
  {
    rule: 'a signature made with the response phrase → 00008',
    source: `${S.PFDOC_SIGNATURE}; ${S.PHP_SDK_ISSUE_SIGNATURE}`,
    set: {},
    signing: 'response-phrase',
    expect: '00008',
  },
  {
    rule: 'a field changed after signing → 00008',
    source: `${S.PFDOC_SIGNATURE}; ${S.APS_SIG}`,
    set: {},
    signing: 'tampered',
    expect: '00008',
  },
  {
    rule: 'the signature compares case-insensitively (docs show upper-case hex)',
    source: S.PFDOC_SIGNATURE,
    set: {},
    signing: 'upper-case',
    expect: 'page',
  },
  {
    rule: 'an unknown merchant_identifier → 00009',
    source: `${S.PFDOC_CODES} (009)`,
    set: { merchant_identifier: 'NoSuchShop' },
    expect: '00009',
  },
  {
    rule: 'a wrong access_code → 00010',
    source: `${S.PFDOC_CODES} (010)`,
    set: { access_code: 'WrongAccessCode00000' },
    expect: '00010',
  },

  // Local methods.
  {
    rule: 'KNET only with PURCHASE → 00049',
    source: `${S.PFDOC_REDIRECTION} (payment_option notes); ${S.WOO} get_command`,
    set: { payment_option: 'KNET', currency: 'KWD', command: 'AUTHORIZATION' },
    expect: '00049',
  },
  {
    rule: 'KNET only in KWD → 00023',
    source: 'https://paymentservices.amazon.com/docs/payment-methods/local-payment-methods/knet',
    set: { payment_option: 'KNET', currency: 'SAR' },
    expect: '00023',
  },
];
