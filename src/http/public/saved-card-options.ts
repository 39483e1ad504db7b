/**
 * A returning customer's saved cards on the payment page (S18): one radio per active card of a
 * provider that offers cards for this payment (value `saved:<id>`), and the "save my card" consent box.
 * The customer is known only from a signed link (its `customer` parameter travels in the form token).
 */
import { isCardExpired } from '../../domain/card-expiry.js';
import type { Language } from '../../domain/locale.js';
import { CARD_BRANDS, getCardBrand, type CardBrand } from '../../domain/payment-methods.js';
import type { CompatibleMethod } from '../../domain/provider.js';
import type { SavedPaymentMethodRecord } from '../../store/repositories/index.js';
import type { ServiceContext } from '../../services/context.js';
import { html, raw, type SafeHtml } from '../views/html.js';
import { ct } from './card-text.js';
import type { CheckoutIntent } from './checkout-intent.js';

const PREFIX = 'saved:';

/** A saved card the customer may pay with. */
export interface SavedCardOption {
  value: string;
  card: SavedPaymentMethodRecord;
}

/** True when a submitted `payment_method` names a saved card. */
export function isSavedChoice(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX) && value.length <= 100;
}

/** The active saved cards of the page's customer whose provider offers cards for this payment. */
export async function savedCardOptions(
  ctx: ServiceContext,
  intent: CheckoutIntent,
  methods: readonly CompatibleMethod[],
): Promise<SavedCardOption[]> {
  if (!intent.customerId) return [];
  const customer = await ctx.store.repos.customers.findById(intent.customerId);
  if (!customer) return [];
  const cardProviders = new Set(methods.filter((m) => m.method.code === 'card').map((m) => m.provider.id));
  const cards = await ctx.store.repos.savedPaymentMethods.listByCustomer(customer.id, { activeOnly: true });
  return cards
    .filter((card) => cardProviders.has(card.providerId) && !isCardExpired(card.expiry, ctx.clock.now()))
    .map((card) => ({ value: `${PREFIX}${card.id}`, card }));
}

/** The saved card a submitted choice names, when it is still one of the page's options. */
export async function resolveSavedChoice(
  ctx: ServiceContext,
  intent: CheckoutIntent,
  value: string,
  methods: readonly CompatibleMethod[],
): Promise<SavedCardOption | undefined> {
  const options = await savedCardOptions(ctx, intent, methods);
  return options.find((option) => option.value === value);
}

function brandName(lang: Language, brand: string | null): string {
  const known = (CARD_BRANDS as readonly string[]).includes(brand ?? '');
  return known ? getCardBrand(brand as CardBrand).name[lang] : (brand ?? 'card').toUpperCase();
}

/** The radio rows of the saved cards, placed before the payment methods. */
export function savedCardRows(
  lang: Language,
  options: readonly SavedCardOption[],
  selected: string | undefined,
): SafeHtml {
  return html`${options.map((option, index) => {
    const { card } = option;
    const id = `saved-card-${index}`;
    return html`<li>
      <label for="${id}" class="method saved-card">
        <input type="radio" id="${id}" name="payment_method" value="${option.value}" required${
          option.value === selected ? raw(' checked') : ''
        } />
        <span class="method-name"
          >${ct(lang, 'savedCardLabel', { brand: brandName(lang, card.brand), last4: card.last4 ?? '····' })}</span
        >
        ${card.expiry ? html`<span class="muted">${ct(lang, 'savedCardExpiry', { expiry: card.expiry })}</span>` : ''}
      </label>
    </li>`;
  })}`;
}

/** The consent box: keep the card used for this payment (only for a known customer). */
export function saveCardField(lang: Language): SafeHtml {
  return html`<div class="field save-card">
    <label class="choice" for="save_card"
      ><input type="checkbox" id="save_card" name="save_card" value="yes" aria-describedby="save_card-hint" />
      ${ct(lang, 'saveCard')}</label
    >
    <p class="muted hint" id="save_card-hint">${ct(lang, 'saveCardHint')}</p>
  </div>`;
}
