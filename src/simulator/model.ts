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
  /** Apple Pay's own Security Settings (S19): APS checks and signs Apple Pay with these only. */
  applePay?: ApplePayCredentials | null;
  createdAt: string;
  updatedAt: string;
}

/** An account's Apple Pay access code, SHA phrases and SHA type. */
export interface ApplePayCredentials {
  accessCode: string;
  shaRequestPhrase: string;
  shaResponsePhrase: string;
  shaType: ShaType;
}

/** What the hosted page learnt about the card; never the full number or the security code. */
export interface CardSummary {
  maskedNumber: string;
  expiryDate: string;
  holderName: string;
  paymentOption: string;
  /**
   * `card_bin` and the 3-D Secure enrolment, kept while a hosted payment with `remember_me=YES` may
   * still become a token; absent otherwise.
   */
  tokenFacts?: { cardBin: string; brand: string; threeDsEnrolled: boolean };
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
  /** The token a server-to-server charge used (`token_name`); absent for hosted-page payments. */
  tokenName?: string;
  /** A wallet payment: `APPLE_PAY` (paymentApi) or `STCPAY` (hosted page). */
  wallet?: 'APPLE_PAY' | 'STCPAY';
  /** Which credentials the request verified with: the account's own or its Apple Pay ones. */
  signedWith?: 'account' | 'apple_pay';
  createdAt: string;
  updatedAt: string;
}

/**
 * A card token (APS Tokenization): what APS keeps of a card so that the merchant can charge it again.
 * Never the full number nor the security code; the masked number, BIN, expiry, holder and brand only.
 */
export interface SimToken {
  merchantIdentifier: string;
  tokenName: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** `400555******0001` */
  maskedNumber: string;
  /** First 6 digits (8 for a 19-digit Meeza card), as `card_bin` reports them. */
  cardBin: string;
  /** YYMM */
  expiryDate: string;
  holderName: string;
  /** VISA, MASTERCARD, AMEX, MADA, MEEZA… */
  brand: string;
  /** A 3-D Secure test card: customer-initiated charges on it go through the 3-D Secure step. */
  threeDsEnrolled: boolean;
  /** The customer's `remember_me` answer when the token was issued. */
  rememberMe: 'YES' | 'NO';
  /** The `merchant_reference` of the request that issued (or last updated) it. */
  merchantReference: string;
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
  /**
   * What the page is for: a Redirection payment (absent, older state files), a Merchant Page
   * TOKENIZATION (card form that issues a token), or the 3-D Secure step of a token charge made
   * through paymentApi (its order already exists with status 20).
   */
  kind?: 'payment' | 'tokenization' | 'three_ds';
  /** Origins allowed to frame the page (Merchant Page and token 3-D Secure); none for Redirection. */
  frameAncestors?: string[];
  /** Set while the 3-D Secure step waits for the customer's one-time password. */
  challenge: { otp: string; card: CardSummary } | null;
  /** STC Pay (S19): the mobile number given, and the OTP sent to it. */
  stcPay?: { phoneNumber: string; otp: string } | null;
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
