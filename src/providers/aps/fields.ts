/**
 * Validation of APS request parameters against the tables of `field-rules.ts` (reference §2.1, §6, §9).
 * payport runs it before sending anything, so a bad request is refused with a clear message instead of
 * an APS "00" answer; the simulator runs it on what it receives, to answer like APS.
 */
import { isCurrencyCode } from '../../domain/currency.js';
import { MESSAGE } from './message-codes.js';
import { isApsCommand, REQUEST_FIELDS, type ApsCommand, type FieldRule } from './field-rules.js';

export {
  APS_COMMANDS,
  PAYMENT_API_COMMANDS,
  PAYMENT_OPTIONS,
  PAYMENT_PAGE_COMMANDS,
  REQUEST_FIELDS,
  isApsCommand,
  type ApsCommand,
  type FieldRule,
  type FieldType,
} from './field-rules.js';

/** The APS message codes a parameter problem maps to (missing, format, length, value, extra, currency). */
export type FieldProblemCode = '001' | '002' | '032' | '033' | '027' | '013';

/** One parameter APS would refuse, with the message code APS answers for it. */
export interface FieldProblem {
  field: string;
  messageCode: FieldProblemCode;
  message: string;
}

const ASCII_LETTER = /^[A-Za-z]$/;
const ASCII_DIGIT = /^[0-9]$/;
const ANY_LETTER = /^[\p{L}\p{M}]$/u;
const ANY_DIGIT = /^\p{Nd}$/u;

function describeSpecial(special: string): string {
  return [...special].map((c) => (c === ' ' ? 'space' : c)).join(' ');
}

function allowedDescription(rule: FieldRule): string {
  const base = {
    alphanumeric: 'letters and digits',
    numeric: 'digits',
    alpha: 'letters',
    string: 'letters and digits',
  }[rule.type];
  return rule.special ? `${base} and ${describeSpecial(rule.special)}` : `${base} only`;
}

function isAllowedCharacter(rule: FieldRule, char: string): boolean {
  if (rule.special.includes(char)) return true;
  const letter = rule.freeText ? ANY_LETTER.test(char) : ASCII_LETTER.test(char);
  const digit = rule.freeText ? ANY_DIGIT.test(char) : ASCII_DIGIT.test(char);
  switch (rule.type) {
    case 'numeric':
      return digit;
    case 'alpha':
      return letter;
    default:
      return letter || digit;
  }
}

const allowedPatterns = new WeakMap<FieldRule, RegExp>();

/**
 * One expression for a whole value of `rule` that accepts exactly what {@link isAllowedCharacter} accepts
 * character by character: the common case (nothing wrong) is one test; a refused value is then walked
 * character by character to name the first bad one.
 */
function allowedPattern(rule: FieldRule): RegExp {
  let pattern = allowedPatterns.get(rule);
  if (!pattern) {
    const letter = rule.freeText ? '\\p{L}\\p{M}' : 'A-Za-z';
    const digit = rule.freeText ? '\\p{Nd}' : '0-9';
    const kinds = rule.type === 'numeric' ? digit : rule.type === 'alpha' ? letter : letter + digit;
    const special = [...rule.special].map((c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).join('');
    pattern = new RegExp(`^[${kinds}${special}]*$`, 'u');
    allowedPatterns.set(rule, pattern);
  }
  return pattern;
}

/** A parameter's value as APS would see it on the wire, or undefined when it is not a scalar. */
function wireValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function checkValue(rule: FieldRule, value: string): FieldProblem | undefined {
  const field = rule.name;
  // Counted in characters (code points); a value no longer in UTF-16 units than allowed is short enough.
  const length = rule.maxLength !== null && value.length > rule.maxLength ? [...value].length : 0;
  if (rule.maxLength !== null && length > rule.maxLength) {
    return {
      field,
      messageCode: MESSAGE.INVALID_LENGTH,
      message: `${field} is ${length} characters long; at most ${rule.maxLength} are allowed`,
    };
  }
  if (rule.values) {
    if (rule.values.includes(value)) return undefined;
    return {
      field,
      messageCode: MESSAGE.VALUE_NOT_ALLOWED,
      message: `${field} must be one of ${rule.values.join(', ')}; received ${JSON.stringify(value)}`,
    };
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    return {
      field,
      messageCode: MESSAGE.INVALID_FORMAT,
      message: `${field} has an invalid format: ${JSON.stringify(value)}`,
    };
  }
  if (rule.currency && !isCurrencyCode(value)) {
    return {
      field,
      messageCode: MESSAGE.INVALID_CURRENCY,
      message: `${field} ${JSON.stringify(value)} is not an ISO 4217 currency`,
    };
  }
  const bad = allowedPattern(rule).test(value)
    ? undefined
    : [...value].find((char) => !isAllowedCharacter(rule, char));
  if (bad !== undefined) {
    return {
      field,
      messageCode: MESSAGE.INVALID_FORMAT,
      message: `${field} contains ${JSON.stringify(bad)}; allowed are ${allowedDescription(rule)}`,
    };
  }
  if (rule.positive && /^0+$/.test(value)) {
    return { field, messageCode: MESSAGE.VALUE_NOT_ALLOWED, message: `${field} must be greater than zero` };
  }
  return undefined;
}

function isPresent(params: Readonly<Record<string, unknown>>, name: string): boolean {
  const value = params[name];
  return value !== undefined && value !== null && value !== '' && Object.hasOwn(params, name);
}

const knownNames = new Map<ApsCommand, ReadonlySet<string>>();

/** The parameter names of `command`'s requests, built once per command. */
function namesOf(command: ApsCommand): ReadonlySet<string> {
  let names = knownNames.get(command);
  if (!names) knownNames.set(command, (names = new Set(REQUEST_FIELDS[command].map((rule) => rule.name))));
  return names;
}

/**
 * Every problem APS would report for `params` sent with `command`: missing (001), badly formed (002),
 * too long (032), value not allowed (033) and unexpected (027) parameters, in table order. Empty
 * optional parameters count as absent. An empty list means APS' documented rules are satisfied.
 */
export function validateRequestFields(
  command: string,
  params: Readonly<Record<string, unknown>>,
): FieldProblem[] {
  if (!isApsCommand(command)) {
    return [
      command === ''
        ? { field: 'command', messageCode: MESSAGE.MISSING_PARAMETER, message: 'command is missing' }
        : {
            field: 'command',
            messageCode: MESSAGE.VALUE_NOT_ALLOWED,
            message: `command ${JSON.stringify(command)} is not supported`,
          },
    ];
  }
  const rules = REQUEST_FIELDS[command];
  const problems: FieldProblem[] = [];
  for (const rule of rules) {
    if (!isPresent(params, rule.name)) {
      const excused = rule.alternative !== undefined && isPresent(params, rule.alternative);
      if (rule.required && !excused) {
        const either = rule.alternative ? ` (send it or ${rule.alternative})` : '';
        problems.push({
          field: rule.name,
          messageCode: MESSAGE.MISSING_PARAMETER,
          message: `${rule.name} is missing${either}`,
        });
      }
      continue;
    }
    const value = wireValue(params[rule.name]);
    if (value === undefined) {
      problems.push({
        field: rule.name,
        messageCode: MESSAGE.INVALID_FORMAT,
        message: `${rule.name} must be a text value, not ${Array.isArray(params[rule.name]) ? 'a list' : typeof params[rule.name]}`,
      });
      continue;
    }
    const problem = checkValue(rule, value);
    if (problem) problems.push(problem);
  }
  const known = namesOf(command);
  for (const name of Object.keys(params)) {
    if (!known.has(name)) {
      problems.push({
        field: name,
        messageCode: MESSAGE.EXTRA_PARAMETERS,
        message: `${name} is not a parameter of ${command} requests`,
      });
    }
  }
  return problems;
}
