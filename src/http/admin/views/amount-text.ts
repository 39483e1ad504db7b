/**
 * Amounts typed in the back office, when they are refused: what is wrong and what to write instead, in
 * the page's language (payment links, capture and refund forms).
 */
import type { AmountInputProblem } from '../../../domain/amount-input.js';
import type { Language } from '../../../domain/locale.js';
import { formatMinorUnits, MAX_AMOUNT_MINOR } from '../../../domain/money.js';
import type { AmountBeyondLeft } from '../../../services/operations/amounts.js';

function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Why a typed amount in `currency` cannot be read, in `lang`. */
export function amountProblemText(lang: Language, p: AmountInputProblem, currency: string): string {
  const ar = lang === 'ar';
  switch (p.kind) {
    case 'empty':
      return ar ? 'اكتب المبلغ، مثل 1,250.50.' : 'Enter the amount, for example 1,250.50.';
    case 'not_a_number':
      return ar
        ? 'اكتب المبلغ بالأرقام فقط، مثل 1,250.50.'
        : 'Write the amount in digits only, for example 1,250.50.';
    case 'negative':
      return ar ? 'لا يمكن أن يكون المبلغ سالبًا.' : 'The amount cannot be negative.';
    case 'zero':
      return ar ? 'يجب أن يكون المبلغ أكبر من صفر.' : 'The amount must be more than zero.';
    case 'grouping':
      return ar
        ? 'فواصل الآلاف ليست في مواضعها: اكتب مثلًا 1,250,000.50 أو 1250000.50.'
        : 'The thousands separators are in the wrong places: write for example 1,250,000.50 or 1250000.50.';
    case 'ambiguous': {
      const decimal = trimDecimal(p.asDecimal);
      return ar
        ? `قد يعني المبلغ ${p.asThousands} أو ${decimal}: اكتب أحدهما بلا لبس.`
        : `This could mean ${p.asThousands} or ${decimal}: write the one you mean.`;
    }
    case 'too_many_decimals':
      if (p.decimals === 0)
        return ar
          ? `لا تقبل ${currency} كسورًا: اكتب مبلغًا صحيحًا.`
          : `${currency} has no decimals: write a whole amount.`;
      return ar
        ? `تقبل ${currency} ${p.decimals} منازل عشرية على الأكثر.`
        : `${currency} has at most ${p.decimals} decimals.`;
    case 'too_large': {
      const max = formatMinorUnits(MAX_AMOUNT_MINOR, currency);
      return ar
        ? `المبلغ كبير جدًا: الحد الأقصى ${max} ${currency}.`
        : `The amount is too large: at most ${max} ${currency}.`;
    }
  }
}

/** A capture or refund beyond what is left, in `lang`, with what would fit. */
export function beyondLeftText(lang: Language, err: AmountBeyondLeft): string {
  const ar = lang === 'ar';
  const left = `${formatMinorUnits(err.leftMinor, err.currency)} ${err.currency}`;
  if (err.operation === 'capture') {
    if (err.leftMinor === 0) return ar ? 'لم يبقَ شيء للتحصيل.' : 'Nothing is left to capture.';
    return ar ? `المتبقي للتحصيل ${left} على الأكثر.` : `At most ${left} is left to capture.`;
  }
  if (err.leftMinor === 0) return ar ? 'لم يبقَ شيء للاسترداد.' : 'Nothing is left to refund.';
  return ar ? `المتبقي للاسترداد ${left} على الأكثر.` : `At most ${left} is left to refund.`;
}
