/**
 * Parameter rules of APS' token services, which payport's shared tables (`providers/aps/field-rules.ts`)
 * do not cover: the Merchant Page `TOKENIZATION` form, `UPDATE_TOKEN`, and what a server-to-server
 * charge with `token_name` adds to the PURCHASE/AUTHORIZATION table (`card_security_code`,
 * `eci=RECURRING`). Sources: PayFort API docs mirror `merchantpageparameters.md`,
 * `tokenizationparameters.md`, `recurringparameters.md` (reference aps-round2.md §1.1, §2, §3).
 * Problems carry the APS message code: 001 missing, 032 length, 033 value, 002 format, 027 extra.
 */
import { MESSAGE } from '../providers/aps/codes.js';
import { validateRequestFields, type FieldProblem } from '../providers/aps/fields.js';

/** One parameter of a token service request. */
interface TokenFieldRule {
  name: string;
  required: boolean;
  maxLength: number | null;
  values?: readonly string[];
  /** The whole value must match (characters allowed by the docs). */
  pattern?: RegExp;
}

const ALNUM = (special: string) => new RegExp(`^[A-Za-z0-9${special.replace(/[-\\\]^]/g, '\\$&')}]*$`);

const COMMON: readonly TokenFieldRule[] = [
  { name: 'access_code', required: true, maxLength: 20, pattern: ALNUM('') },
  { name: 'merchant_identifier', required: true, maxLength: 20, pattern: ALNUM('') },
  { name: 'merchant_reference', required: true, maxLength: 40, pattern: ALNUM('-_.') },
  { name: 'language', required: true, maxLength: 2, values: ['en', 'ar'] },
  { name: 'signature', required: true, maxLength: 200, pattern: ALNUM('') },
];
const TOKEN_NAME_PATTERN = ALNUM('.@-_');
const RETURN_URL: TokenFieldRule = {
  name: 'return_url',
  required: false,
  maxLength: 400,
  pattern: /^[A-Za-z0-9$!=?#&\-_/:.%]*$/,
};

/**
 * Card fields the Merchant Page 2.0 form posts with the tokenization request. They are not part of
 * the signature (PFDOC incommon.md "Signature"); the simulator checks them like its own card form.
 */
export const MERCHANT_PAGE_CARD_FIELDS = [
  'card_number',
  'expiry_date',
  'card_security_code',
  'card_holder_name',
  'remember_me',
] as const;

const TOKENIZATION: readonly TokenFieldRule[] = [
  { name: 'service_command', required: true, maxLength: 20, values: ['TOKENIZATION'] },
  ...COMMON,
  { name: 'token_name', required: false, maxLength: 100, pattern: TOKEN_NAME_PATTERN },
  RETURN_URL,
  // Merchant Page 2.0 card fields (unsigned).
  { name: 'card_number', required: false, maxLength: 19, pattern: /^\d*$/ },
  { name: 'expiry_date', required: false, maxLength: 4, pattern: /^\d*$/ },
  { name: 'card_security_code', required: false, maxLength: 4, pattern: /^\d*$/ },
  { name: 'card_holder_name', required: false, maxLength: 50 },
  { name: 'remember_me', required: false, maxLength: null, values: ['YES', 'NO'] },
  // Installments on the Merchant Page (aps-round2.md §6): accepted and echoed, not simulated.
  { name: 'installments', required: false, maxLength: null, values: ['STANDALONE'] },
  { name: 'amount', required: false, maxLength: 10, pattern: /^\d*$/ },
  { name: 'currency', required: false, maxLength: 3, pattern: /^[A-Z]*$/ },
  { name: 'customer_country_code', required: false, maxLength: 3, pattern: /^[A-Z]*$/ },
];

const UPDATE_TOKEN: readonly TokenFieldRule[] = [
  { name: 'service_command', required: true, maxLength: 20, values: ['UPDATE_TOKEN'] },
  ...COMMON,
  { name: 'token_name', required: true, maxLength: 100, pattern: TOKEN_NAME_PATTERN },
  { name: 'token_status', required: false, maxLength: null, values: ['ACTIVE', 'INACTIVE'] },
  { name: 'new_token_name', required: false, maxLength: 100, pattern: TOKEN_NAME_PATTERN },
  { name: 'expiry_date', required: false, maxLength: 4, pattern: /^\d{4}$/ },
  { name: 'card_holder_name', required: false, maxLength: 50 },
  { name: 'currency', required: false, maxLength: 3, pattern: /^[A-Z]{3}$/ },
];

function present(params: Readonly<Record<string, unknown>>, name: string): boolean {
  const value = params[name];
  return Object.hasOwn(params, name) && value !== undefined && value !== null && value !== '';
}

function checkRules(
  rules: readonly TokenFieldRule[],
  params: Readonly<Record<string, unknown>>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const rule of rules) {
    const { name } = rule;
    if (!present(params, name)) {
      if (rule.required) {
        problems.push({ field: name, messageCode: MESSAGE.MISSING_PARAMETER, message: `${name} is missing` });
      }
      continue;
    }
    const raw = params[name];
    const value = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
    if (typeof value !== 'string') {
      problems.push({
        field: name,
        messageCode: MESSAGE.INVALID_FORMAT,
        message: `${name} must be a text value`,
      });
    } else if (rule.maxLength !== null && [...value].length > rule.maxLength) {
      problems.push({
        field: name,
        messageCode: MESSAGE.INVALID_LENGTH,
        message: `${name} is ${[...value].length} characters long; at most ${rule.maxLength} are allowed`,
      });
    } else if (rule.values && !rule.values.includes(value)) {
      problems.push({
        field: name,
        messageCode: MESSAGE.VALUE_NOT_ALLOWED,
        message: `${name} must be one of ${rule.values.join(', ')}`,
      });
    } else if (rule.pattern && !rule.pattern.test(value)) {
      problems.push({
        field: name,
        messageCode: MESSAGE.INVALID_FORMAT,
        message: `${name} has an invalid format`,
      });
    } else if (/\p{Cc}/u.test(value)) {
      problems.push({
        field: name,
        messageCode: MESSAGE.INVALID_FORMAT,
        message: `${name} has control characters`,
      });
    }
  }
  const known = new Set(rules.map((rule) => rule.name));
  for (const name of Object.keys(params)) {
    if (!known.has(name)) {
      problems.push({
        field: name,
        messageCode: MESSAGE.EXTRA_PARAMETERS,
        message: `${name} is not a parameter of this service`,
      });
    }
  }
  return problems;
}

/** Problems of a Merchant Page `service_command=TOKENIZATION` form, in table order. */
export function validateTokenizationFields(params: Readonly<Record<string, unknown>>): FieldProblem[] {
  return checkRules(TOKENIZATION, params);
}

/** Problems of an `UPDATE_TOKEN` request, in table order. */
export function validateUpdateTokenFields(params: Readonly<Record<string, unknown>>): FieldProblem[] {
  return checkRules(UPDATE_TOKEN, params);
}

/** The signed part of a tokenization form: everything but the Merchant Page 2.0 card fields. */
export function withoutCardFields(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const signed: Record<string, unknown> = { ...params };
  for (const name of MERCHANT_PAGE_CARD_FIELDS) delete signed[name];
  return signed;
}

/**
 * Problems of a server-to-server PURCHASE/AUTHORIZATION with `token_name`: the Redirection table
 * (shared with payport) plus what a token charge adds — `token_name` itself is required,
 * `card_security_code` (3 or 4 digits) may be sent, `eci` may also be `RECURRING` (PURCHASE only, no
 * security code: PFDOC recurringparameters.md), and `customer_ip` is required unless it is recurring
 * (PHP-SDK `buildRequiredParameters` for the standard and custom integrations).
 */
export function validateTokenChargeFields(
  command: 'PURCHASE' | 'AUTHORIZATION',
  params: Readonly<Record<string, unknown>>,
): FieldProblem[] {
  const recurring = params.eci === 'RECURRING';
  const shared: Record<string, unknown> = { ...params };
  delete shared.card_security_code;
  if (recurring) delete shared.eci;
  const problems = validateRequestFields(command, shared);
  if (!present(params, 'token_name')) {
    problems.unshift({
      field: 'token_name',
      messageCode: MESSAGE.MISSING_PARAMETER,
      message: 'token_name is missing',
    });
  }
  if (!recurring && !present(params, 'customer_ip')) {
    problems.push({
      field: 'customer_ip',
      messageCode: MESSAGE.MISSING_PARAMETER,
      message: 'customer_ip is missing (required on a customer-initiated token charge)',
    });
  }
  if (present(params, 'card_security_code')) {
    const code = params.card_security_code;
    if (recurring) {
      problems.push({
        field: 'card_security_code',
        messageCode: MESSAGE.EXTRA_PARAMETERS,
        message: 'a recurring charge carries no card_security_code',
      });
    } else if (typeof code !== 'string' || !/^\d{3,4}$/.test(code)) {
      problems.push({
        field: 'card_security_code',
        messageCode: MESSAGE.INVALID_FORMAT,
        message: 'card_security_code must be 3 or 4 digits',
      });
    }
  }
  return problems;
}
