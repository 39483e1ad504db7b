/**
 * The page that hands the customer to the provider's hosted payment page (S6 step 2): a POST form with
 * exactly the provider's signed fields as hidden inputs, submitted by `/assets/autosubmit.js` (no inline
 * script), with a `<noscript>` button doing the same without JavaScript.
 */
import type { Language } from '../../domain/locale.js';
import type { RedirectForm } from '../../providers/provider.js';
import { html } from '../views/html.js';
import { page } from '../views/layout.js';
import { t } from './text.js';

/** Renders the self-submitting redirect page for `form`. */
export function redirectPage(lang: Language, form: RedirectForm): string {
  const inputs = Object.entries(form.fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
  return page({
    lang,
    title: t(lang, 'redirectTitle'),
    scripts: ['/assets/autosubmit.js'],
    body: html`<main id="main">
      <div class="card redirect" role="status">
        <h1>${t(lang, 'redirectTitle')}</h1>
        <p>${t(lang, 'redirectBody')}</p>
        <form method="post" action="${form.url}" data-autosubmit>
          ${inputs}
          <noscript><button type="submit" class="wide">${t(lang, 'redirectButton')}</button></noscript>
        </form>
      </div>
    </main>`,
  });
}
