/** Pages a customer can see when coming back from APS without reaching the status page. */
import type { Language } from '../../domain/locale.js';
import { html } from '../views/html.js';
import { page } from '../views/layout.js';

const TEXT = {
  notFound: {
    en: {
      title: 'Payment not found',
      body: 'We could not find this payment. If you were charged, please contact the merchant.',
    },
    ar: {
      title: 'لم يتم العثور على الدفعة',
      body: 'لم نتمكن من العثور على هذه الدفعة. إذا تم خصم المبلغ، يرجى التواصل مع التاجر.',
    },
  },
  unverified: {
    en: {
      title: 'We could not confirm this payment',
      body: 'The payment response could not be verified, so nothing was changed. We are checking the payment with the bank; please contact the merchant if you were charged.',
    },
    ar: {
      title: 'تعذر تأكيد هذه الدفعة',
      body: 'تعذر التحقق من رد الدفع، لذلك لم يتم تغيير أي شيء. نحن نتحقق من الدفعة مع البنك؛ يرجى التواصل مع التاجر إذا تم خصم المبلغ.',
    },
  },
  rejected: {
    en: { title: 'The payment could not be started', body: 'The payment service refused the request:' },
    ar: { title: 'تعذر بدء الدفع', body: 'رفضت خدمة الدفع الطلب:' },
  },
  unavailable: {
    en: {
      title: 'Please try again in a moment',
      body: 'We could not record your payment response right now. Please refresh this page in a moment; your payment is not lost.',
    },
    ar: {
      title: 'يرجى المحاولة بعد قليل',
      body: 'تعذر تسجيل رد الدفع الآن. يرجى تحديث هذه الصفحة بعد قليل؛ دفعتك لم تضع.',
    },
  },
} as const;

/** The kinds of return page. */
export type ReturnProblem = keyof typeof TEXT;

/** Renders one return problem page; `detail` (escaped) is the provider's own message when there is one. */
export function returnProblemPage(lang: Language, problem: ReturnProblem, detail?: string): string {
  const text = TEXT[problem][lang];
  return page({
    lang,
    title: text.title,
    body: html`<main>
      <div class="card" role="alert">
        <h1>${text.title}</h1>
        <p>${text.body}</p>
        ${detail ? html`<p class="error-text">${detail}</p>` : ''}
      </div>
    </main>`,
  });
}
