/**
 * The simulator's records: merchant accounts (the APS back-office settings), hosted-page sessions,
 * transactions with their amount ledger, feedback deliveries and fault injection. Plain JSON-able data,
 * so that the whole state can be written to a file and read back.
 */
import type { ShaType } from '../providers/aps/signature.js';

/** Payment options the simulator can process, as the Redirection settings list them. */
export const SIMULATED_PAYMENT_OPTIONS = [
  'VISA',
  'MASTERCARD',
  'AMEX',
  'MADA',
  'MEEZA',
  'KNET',
  'NAPS',
  'OMANNET',
  'BENEFIT',
  'STCPAY',
  'TABBY',
  'VALU',
] as const;
/** One of {@link SIMULATED_PAYMENT_OPTIONS}. */
export type SimulatedPaymentOption = (typeof SIMULATED_PAYMENT_OPTIONS)[number];

/** Body format of Direct Transaction Feedback and Notifications. */
export type FeedbackFormat = 'form' | 'json';

/** One merchant account: Security Settings, Technical Settings ‣ Redirection, Payment Page Template. */
export interface MerchantAccount {
  merchantIdentifier: string;
  accessCode: string;
  shaRequestPhrase: string;
  shaResponsePhrase: string;
  shaType: ShaType;
  originUrl: string;
  redirectionStatus: 'active' | 'inactive';
  paymentOptions: SimulatedPaymentOption[];
  sendResponseParameters: boolean;
  redirectionUrl: string;
  directFeedbackUrl: string;
  notificationUrl: string;
  feedbackFormat: FeedbackFormat;
  pageTitle: string;
  logoUrl: string;
  primaryColour: string;
  createdAt: string;
  updatedAt: string;
}

/** What the hosted page learnt about the card; never the full number or the security code. */
export interface CardSummary {
  maskedNumber: string;
  expiryDate: string;
  holderName: string;
  paymentOption: string;
}

/** How a pending, on-hold or uncertain payment settles later. */
export interface PendingResolution {
  at: string;
  to: 'approved' | 'declined';
}

/**
 * Who made an operation: the hosted page (the payment itself), the merchant's system through
 * paymentApi, or the merchant by hand in APS' own back office (the dashboard or the control API).
 */
export type OperationOrigin = 'payment_page' | 'api' | 'back_office';

/** One successful operation on an order, newest last (the payment itself, captures, refunds, voids). */
export interface OrderOperation {
  at: string;
  command: string;
  status: string;
  responseCode: string;
  amount: number | null;
  maintenanceReference?: string;
  /** Absent in state files written before origins were recorded (see `books.ts`). */
  origin?: OperationOrigin;
}

/** An order APS knows: created when the hosted page processes (or cancels, or times out) a payment. */
export interface SimTransaction {
  merchantIdentifier: string;
  merchantReference: string;
  fortId: string;
  command: 'PURCHASE' | 'AUTHORIZATION';
  amount: number;
  currency: string;
  language: 'en' | 'ar';
  /** The request as received, without `signature`: echoed in every answer about the payment. */
  request: Record<string, string>;
  card: CardSummary | null;
  authorizationCode: string | null;
  /** Outcome of the payment itself (e.g. `14`/`14000`, `19`/`19065`). */
  status: string;
  responseCode: string;
  authorizedAmount: number;
  capturedAmount: number;
  refundedAmount: number;
  voided: boolean;
  operations: OrderOperation[];
  /** First answer per REFUND `maintenance_reference` (unsigned), for idempotent replays. */
  refundAnswers: Record<string, Record<string, string>>;
  pendingResolution: PendingResolution | null;
  createdAt: string;
  updatedAt: string;
}

/** A hosted payment page opened by a valid paymentPage request. */
export interface HostedSession {
  id: string;
  merchantIdentifier: string;
  merchantReference: string;
  request: Record<string, string>;
  /** Where the customer goes back to: the request's `return_url` or the account's Redirection URL. */
  returnUrl: string;
  createdAt: string;
  step: 'card' | 'otp' | 'done';
  /** Set while the 3-D Secure step waits for the customer's one-time password. */
  challenge: { otp: string; card: CardSummary } | null;
}

/** One HTTP attempt of a delivery. */
export interface DeliveryAttempt {
  at: string;
  httpStatus: number | null;
  error: string | null;
}

/** One feedback message (Direct Transaction Feedback or Notification) and its attempts. */
export interface Delivery {
  id: string;
  channel: 'direct' | 'notification';
  merchantIdentifier: string;
  merchantReference: string;
  url: string;
  format: FeedbackFormat;
  payload: Record<string, string>;
  /** `held` while the `holdNotifications` fault keeps it back until `POST /_sim/deliveries/release`. */
  state: 'held' | 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  createdAt: string;
}

/** Channels whose signature the `corruptSignature` fault can break. */
export const SIGNED_CHANNELS = ['return', 'feedback', 'payment_api'] as const;
/** One of {@link SIGNED_CHANNELS}. */
export type SignedChannel = (typeof SIGNED_CHANNELS)[number];

/** Fault injection, global to the simulator. */
export interface Faults {
  feedbackDelayMs: number;
  feedbackCopies: number;
  feedbackBeforeReturn: boolean;
  dropBrowserReturn: boolean;
  corruptSignature: SignedChannel[];
  feedbackFormat: FeedbackFormat | null;
  paymentApiDelayMs: number;
  paymentApiFailStatus: number | null;
  /** Process maintenance commands (books, Notification) but answer with this 5xx instead. */
  paymentApiLoseAnswerStatus: number | null;
  /** Keep Notifications back (state `held`) until they are released. */
  holdNotifications: boolean;
}

/** No faults: the simulator behaves like a healthy APS. */
export function noFaults(): Faults {
  return {
    feedbackDelayMs: 0,
    feedbackCopies: 1,
    feedbackBeforeReturn: false,
    dropBrowserReturn: false,
    corruptSignature: [],
    feedbackFormat: null,
    paymentApiDelayMs: 0,
    paymentApiFailStatus: null,
    paymentApiLoseAnswerStatus: null,
    holdNotifications: false,
  };
}
