/**
 * `payport links sign`: prints a ready `/payment/pay` link (S10, S21) for an amount, currency and order
 * reference, signed with this installation's secret exactly as the payment page checks it — so a
 * merchant can make one without writing the HMAC code (the algorithm is in docs/payment-links.md).
 */
import { loadConfig } from '../../config.js';
import { UsageError, ValidationError } from '../../errors.js';
import { paymentPayUrl } from '../../services/signed-pay-links.js';
import { parseFlags, type Command } from '../command.js';

const signHelp = `Usage: payport links sign --amount AMOUNT --currency CODE [options]

Prints a signed /payment/pay link for this installation (PUBLIC_URL, and the secret of PAYPORT_SECRET
or PAYPORT_DATA_DIR/secret.key). Anyone with the link can pay it; no parameter of it can be changed.

Options:
  --amount AMOUNT       amount in major units, e.g. 12.50 (signed exactly as written)
  --currency CODE       ISO 4217 code, e.g. SAR
  --reference REF       the order reference shown to the customer and sent to APS
  --email EMAIL         the customer's email (otherwise the page asks for it)
  --name NAME           the customer's name
  --lang en|ar          the page language (not signed: the customer may switch it)
  --landing-url URL     where the customer goes once the payment is final (http or https)
  --customer ID         a saved customer (POST /api/v1/customers): the page offers their saved cards
  --country CODE        the customer's country (ISO 3166-1 alpha-2, e.g. SA): only methods offered
                        there are shown, and the page does not ask for it

Example:
  payport links sign --amount 250.00 --currency SAR --reference INV-2026-0042 --email layla@example.com`;

const help = `Usage: payport links <sign> [options]

Subcommands:
  sign   print a signed /payment/pay link

Run \`payport links sign --help\` for its options.`;

const FLAGS = {
  amount: { type: 'string' },
  currency: { type: 'string' },
  reference: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  lang: { type: 'string' },
  'landing-url': { type: 'string' },
  customer: { type: 'string' },
  country: { type: 'string' },
} as const;

function text(values: Record<string, string | boolean | undefined>, name: string): string | null {
  const value = values[name];
  return typeof value === 'string' ? value : null;
}

/** The links command. */
export const command: Command = {
  name: 'links',
  summary: 'print a signed /payment/pay link',
  help,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || sub === '--help' || sub === '-h') {
      io.stdout(help);
      return sub === undefined ? 2 : 0;
    }
    if (sub !== 'sign') throw new UsageError(`unknown subcommand "${sub}"; the only one is "sign"`);
    const { values, help: wantsHelp } = parseFlags(rest, FLAGS);
    if (wantsHelp) {
      io.stdout(signHelp);
      return 0;
    }
    const amount = text(values, 'amount');
    const currency = text(values, 'currency');
    if (!amount) throw new UsageError('--amount is required, e.g. --amount 12.50');
    if (!currency) throw new UsageError('--currency is required, e.g. --currency SAR');
    const lang = text(values, 'lang');
    if (lang !== null && lang !== 'en' && lang !== 'ar') {
      throw new UsageError(`--lang must be en or ar; got ${JSON.stringify(lang)}`);
    }
    const config = loadConfig({ env: io.env, cwd: io.cwd });
    try {
      io.stdout(
        paymentPayUrl(config, {
          amount,
          currency,
          reference: text(values, 'reference'),
          email: text(values, 'email'),
          name: text(values, 'name'),
          lang,
          landingUrl: text(values, 'landing-url'),
          customer: text(values, 'customer'),
          country: text(values, 'country'),
        }),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Named by the option the merchant typed, not by the query parameter.
      const problems = err.fields.map((f) => `--${f.field.replace('_', '-')} ${f.message}`);
      throw new UsageError(problems.join('; '));
    }
    return 0;
  },
};
