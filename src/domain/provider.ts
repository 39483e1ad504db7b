/**
 * Payment providers (SPEC S3): the record, its defaults, the side effects of changing its state, and —
 * re-exported from their own files — validation and compatibility. Import everything provider-related
 * from here.
 */
import { ValidationError } from '../errors.js';
import type { Language } from './locale.js';
import type { PaymentMethodCode } from './payment-methods.js';
import type {
  ProviderConfig,
  ProviderMessageKind,
  ProviderMessages,
  ProviderState,
} from './provider-types.js';

export * from './provider-types.js';
export * from './provider-validation.js';
export * from './provider-compatibility.js';

/** Messages a new provider starts with (Odoo's defaults, reworded; `pre` is empty). */
export const DEFAULT_PROVIDER_MESSAGES: Readonly<ProviderMessages> = Object.freeze({
  pre: { en: '', ar: '' },
  pending: {
    en: 'Your payment has been received and is awaiting confirmation.',
    ar: 'تم استلام دفعتك وهي بانتظار التأكيد.',
  },
  authorized: {
    en: 'Your payment has been authorized.',
    ar: 'تم تفويض دفعتك.',
  },
  done: {
    en: 'Your payment has been processed. Thank you!',
    ar: 'تمت معالجة دفعتك بنجاح. شكرًا لك!',
  },
  cancel: {
    en: 'Your payment has been cancelled.',
    ar: 'تم إلغاء دفعتك.',
  },
});

/** Payment methods a new APS provider starts with (Odoo activates card and its brands). */
export const DEFAULT_PROVIDER_METHODS: readonly PaymentMethodCode[] = Object.freeze(['card']);

function copyMessages(messages: ProviderMessages): ProviderMessages {
  return {
    pre: { ...messages.pre },
    pending: { ...messages.pending },
    authorized: { ...messages.authorized },
    done: { ...messages.done },
    cancel: { ...messages.cancel },
  };
}

/** A new APS provider: disabled, unpublished, no credentials, card only, no limits, default messages. */
export function newProviderConfig(init: { id: string } & Partial<ProviderConfig>): ProviderConfig {
  return {
    code: 'aps',
    name: 'Amazon Payment Services',
    sequence: 10,
    state: 'disabled',
    isPublished: false,
    merchantIdentifier: null,
    accessCode: null,
    shaRequestPhrase: null,
    shaResponsePhrase: null,
    shaType: 'sha256',
    customBaseUrl: null,
    paymentMethods: [...DEFAULT_PROVIDER_METHODS],
    captureManually: false,
    currencies: [],
    countries: [],
    minAmount: null,
    maxAmount: null,
    amountCurrency: null,
    ...init,
    messages: copyMessages(init.messages ?? DEFAULT_PROVIDER_MESSAGES),
  };
}

/**
 * Changes the provider's state with its publication side effect: → `enabled` publishes, → `test`
 * unpublishes (merchants test while customers do not see it), → `disabled` forces unpublished.
 * Keeping the same state keeps the publication the operator chose by hand.
 */
export function applyStateChange(provider: ProviderConfig, newState: ProviderState): ProviderConfig {
  if (newState === provider.state) return { ...provider };
  return { ...provider, state: newState, isPublished: newState === 'enabled' };
}

/** Publishes or unpublishes; a disabled provider cannot be published. */
export function setPublished(provider: ProviderConfig, published: boolean): ProviderConfig {
  if (published && provider.state === 'disabled') {
    const message = 'a disabled provider cannot be published; switch it to Test or Enabled first';
    throw new ValidationError(`"${provider.name}": ${message}`, [{ field: 'isPublished', message }]);
  }
  return { ...provider, isPublished: published };
}

/** True for production providers; transactions created with them are live (`is_live`). */
export function isLiveProvider(provider: ProviderConfig): boolean {
  return provider.state === 'enabled';
}

/** The provider's message for `kind` in `language`, falling back to English when not translated. */
export function providerMessage(
  provider: ProviderConfig,
  kind: ProviderMessageKind,
  language: Language,
): string {
  const text = provider.messages[kind];
  return text[language] !== '' ? text[language] : text.en;
}

/** Shortest secret whose last four characters may be shown (a shorter one would be given away). */
export const MASK_REVEAL_MIN_LENGTH = 12;

/** Helper text for a stored secret: `not set`, `set`, or `set, ends in …abcd` — never the secret. */
export function maskSecret(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return 'not set';
  const chars = [...value];
  if (chars.length < MASK_REVEAL_MIN_LENGTH) return 'set';
  return `set, ends in …${chars.slice(-4).join('')}`;
}
