/**
 * The APS request parameter tables as data: the Redirection request (reference §2.1) and the
 * paymentApi maintenance requests (§6). `fields.ts` validates against them; the simulator answers
 * with the same rules, so payport and its stand-in can never disagree about what APS accepts.
 */

/** Documented APS type of a parameter; decides which characters count besides `special`. */
export type FieldType = 'alphanumeric' | 'numeric' | 'alpha' | 'string';

import { EMAIL_ADDRESS } from '../../domain/email.js';

/** One request parameter: presence, size and allowed characters or values. */
export interface FieldRule {
  readonly name: string;
  readonly required: boolean;
  readonly type: FieldType;
  /** Maximum length in characters; null when no source documents one. */
  readonly maxLength: number | null;
  /** Characters allowed besides letters and digits (reference §2.1 "special"). */
  readonly special: string;
  /** Free text (names, descriptions): letters of any script, e.g. Arabic, are allowed. */
  readonly freeText: boolean;
  /** When set, the value must be one of these exactly. */
  readonly values?: readonly string[];
  /** When set, the value must match this exactly (e.g. ISO 4217 currency). */
  readonly pattern?: RegExp;
  /** A required parameter that may be left out when this other one is present (fort_id). */
  readonly alternative?: string;
  /** A numeric amount that must be greater than zero. */
  readonly positive?: boolean;
  /** An ISO 4217 code: a well-formed but unknown code (e.g. `XYZ`) is message 013, not 002. */
  readonly currency?: boolean;
}

/** The commands whose requests payport sends and the simulator receives. */
export const APS_COMMANDS = [
  'PURCHASE',
  'AUTHORIZATION',
  'CHECK_STATUS',
  'CAPTURE',
  'VOID_AUTHORIZATION',
  'REFUND',
] as const;
/** One of {@link APS_COMMANDS}. */
export type ApsCommand = (typeof APS_COMMANDS)[number];

/** Commands posted by the browser to the hosted payment page. */
export const PAYMENT_PAGE_COMMANDS: readonly ApsCommand[] = ['PURCHASE', 'AUTHORIZATION'];
/** Commands sent server-to-server to paymentApi. */
export const PAYMENT_API_COMMANDS: readonly ApsCommand[] = [
  'CHECK_STATUS',
  'CAPTURE',
  'VOID_AUTHORIZATION',
  'REFUND',
];

/** `payment_option` values APS documents for the hosted page (reference §2.1 and §8). */
export const PAYMENT_OPTIONS = [
  'MASTERCARD',
  'VISA',
  'AMEX',
  'MADA',
  'MEEZA',
  'KNET',
  'NAPS',
  'SADAD',
  'OMANNET',
  'BENEFIT',
  'STCPAY',
  'VALU',
  'TABBY',
] as const;

type RuleOptions = Partial<
  Pick<FieldRule, 'special' | 'freeText' | 'values' | 'pattern' | 'alternative' | 'positive' | 'currency'>
>;

function rule(
  name: string,
  required: boolean,
  type: FieldType,
  maxLength: number | null,
  options: RuleOptions = {},
): FieldRule {
  return Object.freeze({ name, required, type, maxLength, special: '', freeText: false, ...options });
}

const EXTRA_SPECIAL = ".;/_-,'@";
const REFERENCE_SPECIAL = '-_.';

const accessCode = rule('access_code', true, 'alphanumeric', 20);
const merchantIdentifier = rule('merchant_identifier', true, 'alphanumeric', 20);
const merchantReference = rule('merchant_reference', true, 'alphanumeric', 40, {
  special: REFERENCE_SPECIAL,
});
const language = rule('language', true, 'string', 2, { values: ['en', 'ar'] });
const signature = rule('signature', true, 'alphanumeric', 200);
const amount = rule('amount', true, 'numeric', 10, { positive: true });
const currency = rule('currency', true, 'string', 3, { pattern: /^[A-Z]{3}$/, currency: true });
const orderDescription = rule('order_description', false, 'alphanumeric', 150, {
  special: "'/._-#:$ ",
  freeText: true,
});
const fortId = rule('fort_id', false, 'numeric', 20);

/**
 * Optional Redirection parameters the official SDKs send without documented lengths (reference §2.1):
 * billing/shipping, installments, recurring and plugin metadata ([PHP-SDK] `buildOptionalParameters`,
 * [NET-SDK] `PurchaseRequestCommand`), and the .NET SDK's fraud-screening fields (`customer_*`,
 * `ship_*`, `item_*`, `rcpt_*`, `fraud_extra1..25`, `cart_details`, `device_fingerprint`). APS documents
 * no length or character set for them, so only control characters are refused: refusing what an
 * official client sends would be a go-live surprise (`00027`), the very thing the simulator exists to avoid.
 */
const SDK_OPTIONAL_NAMES = [
  ...['stateProvince', 'provinceCode', 'street', 'street2', 'postcode', 'country', 'company', 'city'].flatMap(
    (part) => [`billing_${part}`, `shipping_${part}`],
  ),
  'shipping_source',
  'shipping_sameAsBilling',
  'agreement_id',
  'recurring_mode',
  'recurring_transactions_count',
  'plan_code',
  'issuer_code',
  'app_programming',
  'app_framework',
  'app_ver',
  'app_plugin',
  'app_plugin_version',
  ...[
    'type',
    'id',
    'first_name',
    'middle_initial',
    'last_name',
    'address1',
    'address2',
    'apartment_no',
    'city',
    'state',
    'zip_code',
    'country_code',
    'phone',
    'alt_phone',
    'date_birth',
  ].map((part) => `customer_${part}`),
  ...[
    'type',
    'first_name',
    'middle_name',
    'last_name',
    'address1',
    'address2',
    'apartment_no',
    'address_city',
    'address_state',
    'zip_code',
    'country_code',
    'phone',
    'alt_phone',
    'email',
    'comments',
    'method',
  ].map((part) => `ship_${part}`),
  ...[
    'quantity',
    'sku',
    'prod_code',
    'part_no',
    'description',
    'price',
    'shipping_no',
    'shipping_method',
    'shipping_comments',
    'gift_msg',
  ].map((part) => `item_${part}`),
  ...[
    'title',
    'first_name',
    'middle_initial',
    'last_name',
    'apartment_no',
    'address1',
    'address2',
    'city',
    'state',
    'zip_code',
    'country_code',
    'phone',
    'email',
  ].map((part) => `rcpt_${part}`),
  ...Array.from({ length: 25 }, (_, i) => `fraud_extra${i + 1}`),
  'cart_details',
  'device_fingerprint',
];
/** Every printable ASCII punctuation character and the space (fingerprints, JSON cart details, addresses). */
const ANY_PUNCTUATION = ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SDK_OPTIONAL = SDK_OPTIONAL_NAMES.map((name) =>
  rule(name, false, 'string', null, { freeText: true, special: ANY_PUNCTUATION }),
);

const redirection: readonly FieldRule[] = [
  rule('command', true, 'string', 20, { values: ['AUTHORIZATION', 'PURCHASE'] }),
  accessCode,
  merchantIdentifier,
  merchantReference,
  amount,
  currency,
  language,
  // Characters per reference §2.1; the shape (one @, a dotted domain) is payport's own e-mail rule.
  rule('customer_email', true, 'alphanumeric', 254, { special: '_-.@+', pattern: EMAIL_ADDRESS }),
  signature,
  rule('token_name', false, 'alphanumeric', 100, { special: '.@-_' }),
  rule('payment_option', false, 'string', 10, { values: PAYMENT_OPTIONS }),
  rule('sadad_olp', false, 'alphanumeric', 12, { special: '@._' }),
  // RECURRING: a merchant-initiated charge of a saved token (reference aps-round2.md §3).
  rule('eci', false, 'string', 16, { values: ['ECOMMERCE', 'MOTO', 'RECURRING'] }),
  orderDescription,
  rule('customer_ip', false, 'alphanumeric', 45, { special: '.:' }),
  rule('customer_name', false, 'string', 40, { special: "_\\/-.' ", freeText: true }),
  rule('merchant_extra', false, 'alphanumeric', 999, { special: EXTRA_SPECIAL, freeText: true }),
  ...[1, 2, 3, 4, 5].map((n) =>
    rule(`merchant_extra${n}`, false, 'alphanumeric', 250, { special: EXTRA_SPECIAL, freeText: true }),
  ),
  // Documented as "alpha / 2" beside the values YES and NO: the length is a documentation slip (YES has
  // three letters, and the .NET SDK sends it), so only the value decides.
  rule('remember_me', false, 'alpha', null, { values: ['YES', 'NO'] }),
  rule('phone_number', false, 'numeric', 19, { special: '+-() ' }),
  rule('settlement_reference', false, 'alphanumeric', 34, { special: REFERENCE_SPECIAL }),
  rule('return_url', false, 'alphanumeric', 400, { special: '$!=?#&-_/:.' }),
  rule('installments', false, 'string', null, { values: ['STANDALONE', 'HOSTED', 'YES'] }),
  rule('digital_wallet', false, 'string', null, { values: ['APPLE_PAY', 'VISA_CHECKOUT', 'STCPAY'] }),
  ...SDK_OPTIONAL,
];

/** Maintenance requests name the order by merchant_reference and/or fort_id (reference §6). */
const maintenanceReference = rule('merchant_reference', true, 'alphanumeric', 40, {
  special: REFERENCE_SPECIAL,
  alternative: 'fort_id',
});

function maintenance(command: string, extra: readonly FieldRule[]): readonly FieldRule[] {
  return [
    rule('command', true, 'string', 20, { values: [command] }),
    accessCode,
    merchantIdentifier,
    maintenanceReference,
    language,
    signature,
    fortId,
    orderDescription,
    ...extra,
  ];
}

/** Every parameter each command accepts; anything else is an extra parameter (message 027). */
export const REQUEST_FIELDS: Readonly<Record<ApsCommand, readonly FieldRule[]>> = Object.freeze({
  PURCHASE: redirection,
  AUTHORIZATION: redirection,
  CHECK_STATUS: [
    rule('query_command', true, 'alpha', 50, { special: '_', values: ['CHECK_STATUS'] }),
    accessCode,
    merchantIdentifier,
    maintenanceReference,
    language,
    signature,
    fortId,
    rule('return_third_party_response_codes', false, 'alpha', 3, { values: ['YES', 'NO'] }),
  ],
  CAPTURE: maintenance('CAPTURE', [amount, currency]),
  // S17: payport sends VOID without amount/currency; the documentation mirror lists them, so accept both.
  VOID_AUTHORIZATION: maintenance('VOID_AUTHORIZATION', [
    rule('amount', false, 'numeric', 10, { positive: true }),
    rule('currency', false, 'string', 3, { pattern: /^[A-Z]{3}$/, currency: true }),
  ]),
  REFUND: maintenance('REFUND', [
    amount,
    currency,
    rule('maintenance_reference', false, 'alphanumeric', 200, { special: REFERENCE_SPECIAL }),
  ]),
});

/** True when `value` is one of {@link APS_COMMANDS}. */
export function isApsCommand(value: unknown): value is ApsCommand {
  return typeof value === 'string' && (APS_COMMANDS as readonly string[]).includes(value);
}
