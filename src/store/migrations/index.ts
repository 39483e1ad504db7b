/**
 * Every migration, by name, in the order they apply. Listed in code (not found on disk) so a bundled or
 * relocated build can never miss one. Names sort in apply order; never rename or edit an applied one —
 * add a new one.
 */
import type { Migration } from 'kysely';
import * as payments from './0001-payments.js';
import * as backOffice from './0002-back-office.js';
import * as events from './0003-events.js';
import * as notificationOriginals from './0004-notification-originals.js';
import * as ledger from './0005-ledger.js';
import * as transactionLinkKey from './0006-transaction-link-key.js';
import * as hardening from './0007-hardening.js';
import * as transactionPaymentPage from './0008-transaction-payment-page.js';
import * as customers from './0009-customers.js';
import * as applePay from './0010-apple-pay.js';
import * as installments from './0011-installments.js';
import * as email from './0012-email.js';
import * as linkCountry from './0013-link-country.js';
import * as installmentChoices from './0014-installment-choices.js';

/** The migrations, keyed by their permanent name. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_payments': payments,
  '0002_back_office': backOffice,
  '0003_events': events,
  '0004_notification_originals': notificationOriginals,
  '0005_ledger': ledger,
  '0006_transaction_link_key': transactionLinkKey,
  '0007_hardening': hardening,
  '0008_transaction_payment_page': transactionPaymentPage,
  '0009_customers': customers,
  '0010_apple_pay': applePay,
  '0011_installments': installments,
  '0012_email': email,
  '0013_link_country': linkCountry,
  '0014_installment_choices': installmentChoices,
});
