/**
 * The provider form as submitted (every value a string, as the browser sends it) and how it applies to
 * a stored provider: parsing of numbers, lists and amounts, write-only secrets (empty keeps the stored
 * value), and the publication rule of S3 (a state change sets the default publication unless the
 * operator changed the Published toggle in the same save).
 */
import {
  installmentsMinimumValues,
  parseInstallmentsMinimums,
  readInstallmentsMinimums,
} from './installments-settings.js';
import type { FieldError } from '../errors.js';
import { ValidationError } from '../errors.js';
import { CARD_ENTRIES, type CardEntry } from '../domain/provider-types.js';
import { isCurrencyCode } from '../domain/currency.js';
import { formatMinorUnits, toMinorUnits } from '../domain/money.js';
import type { PaymentMethodCode } from '../domain/payment-methods.js';
import {
  applyStateChange,
  PROVIDER_MESSAGE_KINDS,
  PROVIDER_STATES,
  type ProviderConfig,
  type ProviderMessages,
  type ProviderShaType,
  type ProviderState,
} from '../domain/provider.js';

/** The write-only credentials: an empty submitted value keeps the stored one. */
export const SECRET_FIELDS = ['accessCode', 'shaRequestPhrase', 'shaResponsePhrase'] as const;
/** One of {@link SECRET_FIELDS}. */
export type SecretField = (typeof SECRET_FIELDS)[number];

/** The provider form's values, as text (names equal the ProviderConfig fields they set). */
export interface ProviderSettingsInput {
  name: string;
  sequence: string;
  state: string;
  isPublished: boolean;
  merchantIdentifier: string;
  accessCode: string;
  shaRequestPhrase: string;
  shaResponsePhrase: string;
  shaType: string;
  paymentMethods: string[];
  captureManually: boolean;
  /** Currency codes separated by commas or spaces; empty = all. */
  currencies: string;
  /** Country codes separated by commas or spaces; empty = all. */
  countries: string;
  /** Decimal amounts in major units of `amountCurrency`; empty = no limit. */
  minAmount: string;
  maxAmount: string;
  amountCurrency: string;
  customBaseUrl: string;
  messages: ProviderMessages;
  /** `hosted` or `embedded` (S18); absent from older forms, which keep the stored setting. */
  cardEntry?: string;
  /** Installments minimums by currency, in major units; absent = unchanged. */
  installmentsMinimums?: Record<string, string>;
  /**
   * The Published box is to be taken as it was sent: the form's script moves it when the state changes,
   * so what the operator saw ticked is what they chose. Without it the state's default applies.
   */
  isPublishedExplicit?: boolean;
}

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

function list(body: Record<string, unknown>, name: string): string[] {
  const value = body[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function checked(body: Record<string, unknown>, name: string): boolean {
  const value = text(body, name);
  return value === 'on' || value === 'true' || value === '1';
}

/** Reads a posted provider form (URL-encoded body parsed to an object). */
export function readProviderForm(body: unknown): ProviderSettingsInput {
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const messages = {} as ProviderMessages;
  for (const kind of PROVIDER_MESSAGE_KINDS) {
    messages[kind] = { en: text(b, `messages.${kind}.en`), ar: text(b, `messages.${kind}.ar`) };
  }
  return {
    name: text(b, 'name'),
    sequence: text(b, 'sequence'),
    state: text(b, 'state'),
    isPublished: checked(b, 'isPublished'),
    isPublishedExplicit: checked(b, 'isPublishedExplicit'),
    merchantIdentifier: text(b, 'merchantIdentifier'),
    accessCode: text(b, 'accessCode'),
    shaRequestPhrase: text(b, 'shaRequestPhrase'),
    shaResponsePhrase: text(b, 'shaResponsePhrase'),
    shaType: text(b, 'shaType'),
    paymentMethods: list(b, 'paymentMethods'),
    captureManually: checked(b, 'captureManually'),
    currencies: text(b, 'currencies'),
    countries: text(b, 'countries'),
    minAmount: text(b, 'minAmount'),
    maxAmount: text(b, 'maxAmount'),
    amountCurrency: text(b, 'amountCurrency'),
    customBaseUrl: text(b, 'customBaseUrl'),
    messages,
    ...(text(b, 'cardEntry') !== '' && { cardEntry: text(b, 'cardEntry') }),
    installmentsMinimums: readInstallmentsMinimums(b),
  };
}

/** The form values that show a stored provider (secret fields always empty). */
export function formValuesOf(config: Omit<ProviderConfig, SecretField>): ProviderSettingsInput {
  const amount = (value: number | null) =>
    value !== null && config.amountCurrency && isCurrencyCode(config.amountCurrency)
      ? formatMinorUnits(value, config.amountCurrency)
      : value === null
        ? ''
        : String(value);
  return {
    name: config.name,
    sequence: String(config.sequence),
    state: config.state,
    isPublished: config.isPublished,
    merchantIdentifier: config.merchantIdentifier ?? '',
    accessCode: '',
    shaRequestPhrase: '',
    shaResponsePhrase: '',
    shaType: config.shaType,
    paymentMethods: [...config.paymentMethods],
    captureManually: config.captureManually,
    currencies: config.currencies.join(', '),
    countries: config.countries.join(', '),
    minAmount: amount(config.minAmount),
    maxAmount: amount(config.maxAmount),
    amountCurrency: config.amountCurrency ?? '',
    customBaseUrl: config.customBaseUrl ?? '',
    messages: config.messages,
    cardEntry: config.cardEntry ?? 'hosted',
    installmentsMinimums: installmentsMinimumValues(config.installmentsMinimums),
  };
}

function codes(value: string): string[] {
  const items = value
    .split(/[\s,;]+/)
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item !== '');
  return [...new Set(items)];
}

/** The card-entry setting (S18): a known value, or the stored one when the form does not carry it. */
function cardEntryOf(
  value: string | undefined,
  stored: CardEntry | undefined,
  errors: FieldError[],
): CardEntry {
  if (value === undefined) return stored ?? 'hosted';
  if ((CARD_ENTRIES as readonly string[]).includes(value)) return value as CardEntry;
  errors.push({ field: 'cardEntry', message: `must be one of ${CARD_ENTRIES.join(', ')}` });
  return stored ?? 'hosted';
}

function parseLimit(
  value: string,
  currency: string | null,
  field: 'minAmount' | 'maxAmount',
  errors: FieldError[],
): number | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (currency === null) return null; // reported once, on amountCurrency
  try {
    return toMinorUnits(trimmed, currency, field);
  } catch (err) {
    if (err instanceof ValidationError) errors.push(...err.fields);
    else throw err;
    return null;
  }
}

/**
 * Applies submitted values to the stored provider. Returns the provider to validate and save, and the
 * errors found while reading the values (the domain's rules are checked afterwards, on the result).
 */
export function applyProviderInput(
  stored: ProviderConfig,
  input: ProviderSettingsInput,
): { config: ProviderConfig; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let next: ProviderConfig = { ...stored };

  if ((PROVIDER_STATES as readonly string[]).includes(input.state)) {
    next = applyStateChange(next, input.state as ProviderState);
  } else {
    errors.push({ field: 'state', message: 'choose Disabled, Test or Enabled' });
  }
  // The toggle wins only when the operator moved it; otherwise the state's default publication stands.
  if (input.isPublishedExplicit === true || input.isPublished !== stored.isPublished)
    next = { ...next, isPublished: input.isPublished };

  let sequence = stored.sequence;
  if (/^-?\d{1,6}$/.test(input.sequence.trim())) sequence = Number(input.sequence.trim());
  else if (input.sequence.trim() !== '')
    errors.push({ field: 'sequence', message: 'must be a whole number' });

  const merchantIdentifier = input.merchantIdentifier.trim();
  const secrets = {} as Pick<ProviderConfig, SecretField>;
  for (const field of SECRET_FIELDS) {
    const typed = input[field].trim();
    secrets[field] = typed === '' ? stored[field] : typed;
  }

  // Re-pointing a live provider sends its access code, and customers' cards, to the new address: only
  // someone who knows the credentials may do that, so they must be typed again (S14).
  const baseUrl = input.customBaseUrl.trim() === '' ? null : input.customBaseUrl.trim();
  const live = stored.state === 'enabled' || next.state === 'enabled';
  if (live && baseUrl !== (stored.customBaseUrl ?? null)) {
    for (const field of SECRET_FIELDS) {
      // A secret never stored is required by the provider rules anyway, with their own message.
      if (input[field].trim() === '' && stored[field] !== null) {
        errors.push({ field, message: 'type it again to change the endpoint base URL of a live provider' });
      }
    }
  }

  const limitsGiven = input.minAmount.trim() !== '' || input.maxAmount.trim() !== '';
  const currencyText = input.amountCurrency.trim().toUpperCase();
  let amountCurrency: string | null = currencyText === '' ? null : currencyText;
  if (limitsGiven && !isCurrencyCode(currencyText)) {
    errors.push({
      field: 'amountCurrency',
      message: 'state the ISO 4217 currency of the minimum and maximum amounts (e.g. SAR)',
    });
    amountCurrency = null;
  } else if (!limitsGiven && currencyText !== '' && !isCurrencyCode(currencyText)) {
    errors.push({ field: 'amountCurrency', message: `unknown currency code ${currencyText}` });
  }
  const limitCurrency = limitsGiven && amountCurrency !== null ? amountCurrency : null;

  next = {
    ...next,
    ...secrets,
    name: input.name.trim(),
    sequence,
    merchantIdentifier: merchantIdentifier === '' ? null : merchantIdentifier,
    shaType: input.shaType as ProviderShaType,
    paymentMethods: [...new Set(input.paymentMethods)] as PaymentMethodCode[],
    captureManually: input.captureManually,
    currencies: codes(input.currencies),
    countries: codes(input.countries),
    minAmount: parseLimit(input.minAmount, limitCurrency, 'minAmount', errors),
    maxAmount: parseLimit(input.maxAmount, limitCurrency, 'maxAmount', errors),
    amountCurrency,
    customBaseUrl: baseUrl,
    messages: input.messages,
    cardEntry: cardEntryOf(input.cardEntry, next.cardEntry, errors),
    ...(input.installmentsMinimums && {
      installmentsMinimums: parseInstallmentsMinimums(input.installmentsMinimums, errors),
    }),
  };
  return { config: next, errors };
}
