/**
 * The contract every payment provider implements, in payment-domain words (DESIGN.md "providers").
 * Services and routes talk to a provider only through this interface; field names, codes and
 * endpoints of one provider stay inside its own folder (e.g. `providers/aps/`).
 */

/** How a provider account is used: nowhere, against the provider's sandbox, or live. */
export type ProviderState = 'disabled' | 'test' | 'enabled';

/** How messages to and from the provider are signed (APS "SHA Type"; "SHA-128" is sha1). */
export type SignatureAlgorithm = 'sha256' | 'sha512' | 'sha1' | 'hmac256' | 'hmac512';

/** One configured provider account: its credentials and the settings that shape requests. */
export interface ProviderAccount {
  state: ProviderState;
  merchantIdentifier: string;
  accessCode: string;
  /** Signs what payport sends. */
  shaRequestPhrase: string;
  /** Verifies what the provider sends. */
  shaResponsePhrase: string;
  shaType: SignatureAlgorithm;
  /** Replaces the provider's sandbox/production host (used for the simulator); null for the real ones. */
  customBaseUrl: string | null;
  /** Authorize now and capture later instead of charging at once. */
  captureManually: boolean;
}

/** The customer as the provider needs to see them. */
export interface CustomerSnapshot {
  email: string;
  name?: string | null;
  /** Locale such as `en`, `ar_SA`; the provider reduces it to a language it supports. */
  lang?: string | null;
  /** Mobile number in E.164 form (BNPL methods need it). */
  phone?: string | null;
}

/** The transaction a provider request or message is about. */
export interface TransactionSnapshot {
  /** payport's unique reference, known to the provider. */
  reference: string;
  amountMinor: number;
  currency: string;
  /** Payment method code from the catalogue (`card`, `mada`, `knet`, …). */
  paymentMethod: string;
  customer: CustomerSnapshot;
  /** Order description (BNPL methods need it). */
  description?: string | null;
}

/** What is needed to send a customer to the provider's hosted payment page. */
export interface RedirectInput {
  account: ProviderAccount;
  transaction: TransactionSnapshot;
  /** Base URL the customer's browser and the provider reach payport at. */
  publicUrl: string;
  /** Whether the chosen payment method may be authorized now and captured later. */
  methodAllowsAuthorization: boolean;
  /** How this payment is charged; the account's setting decides when absent. */
  captureMethod?: 'automatic' | 'manual';
  /** The customer agreed to keep the card (S18): the provider returns a reusable token. */
  rememberMe?: boolean;
  /** A saved card's token: the hosted page shows that card and asks only for its CVV. */
  savedToken?: string | null;
}

/** A self-submitting form: the browser POSTs `fields` to `url`. */
export interface RedirectForm {
  url: string;
  method: 'POST';
  fields: Record<string, string>;
}

/** A provider message as received: every field a flat string, exactly as sent. */
export type ProviderMessage = Record<string, string>;

/** The states a provider message can move a transaction to. */
export type TargetState = 'pending' | 'authorized' | 'done' | 'cancel' | 'error';

/**
 * Why a payment did not go through, in the customer's words rather than the provider's codes: the
 * bank declined it, the card details were not accepted, the customer cancelled, or something else.
 */
export type FailureKind = 'declined' | 'card_rejected' | 'cancelled' | 'other';

/** The operation a provider message reports on. */
export type ProviderOperation = 'payment' | 'capture' | 'void' | 'refund';

/** Amounts a status check reports for the whole order, in minor units. */
export interface ReportedAmounts {
  authorizedMinor?: number;
  capturedMinor?: number;
  refundedMinor?: number;
}

/** One provider message reduced to what payport acts on. */
export interface ProviderOutcome {
  operation: ProviderOperation;
  /** payport's reference of the payment (parent for captures, voids and refunds). */
  reference?: string;
  /** payport's reference of the child operation, when the provider carries it (refunds). */
  maintenanceReference?: string;
  /** State for the transaction of `operation`; null when the message settles nothing. */
  targetState: TargetState | null;
  /** State for the parent payment, when the operation settles it (a successful void cancels it). */
  parentState?: TargetState;
  /** The provider's own message (customer language), or the operator text when it has none. */
  message: string;
  /** Operator-facing English text of the provider's code, e.g. "Purchase Failure: Transaction declined". */
  description: string;
  providerReference?: string;
  /** Method or brand the provider reports, lower-case (`visa`, `mada`, …). */
  paymentOption?: string;
  cardLast4?: string;
  amountMinor?: number;
  currency?: string;
  /** The outcome is open: ask the provider again later. */
  needsStatusCheck: boolean;
  /** A status check says the provider has no such transaction. */
  unknownAtProvider: boolean;
  /** This came from a status check answer rather than from the operation itself. */
  fromStatusCheck: boolean;
  amounts?: ReportedAmounts;
  /** The installment plan the customer chose, when the provider reports one. */
  installments?: { numberOfInstallments: number; planCode: string | null; issuerCode: string | null };
  rawStatus: string;
  responseCode: string;
  /** The reusable card token the message carries, with what may be shown of the card (S18). */
  card?: CardToken;
}

/** A provider's reusable card token and the card facts that may be kept beside it (never the number). */
export interface CardToken {
  /** The provider's token: a credential, sealed at rest and never logged. */
  token: string;
  /** Lower-case brand (`visa`, `mastercard`, `mada`, …) when the provider says it. */
  brand?: string;
  last4?: string;
  /** `MM/YY`. */
  expiry?: string;
  /** The customer asked, on the provider's page, to keep the card. */
  consent: boolean;
  /** The card's first digits (6, or 8 for a 19-digit card) when the provider reports them. */
  bin?: string;
}

/** One way a signed message disagrees with the account or transaction it claims to be about. */
export interface MessageMismatch {
  field: 'merchantIdentifier' | 'accessCode' | 'amount' | 'currency';
  message: string;
}

/** The verdict on one inbound message, before anything is applied (SPEC S7 steps 3–5). */
export type MessageInterpretation =
  | {
      kind: 'unverified';
      reason: 'missing' | 'mismatch';
      /** Set when the unsigned message is the provider refusing payport's own request. */
      rejection?: { message: string; responseCode: string };
    }
  | { kind: 'mismatch'; mismatches: MessageMismatch[]; outcome: ProviderOutcome }
  | { kind: 'verified'; outcome: ProviderOutcome };

/** What identifies the transaction a message is about, read before it can be verified. */
export interface MessageIdentity {
  reference?: string;
  maintenanceReference?: string;
  providerReference?: string;
  operation: ProviderOperation;
}

/** The payment an operation acts on. */
export interface PaymentTarget {
  reference: string;
  providerReference?: string | null;
  /** Language of the provider's messages; reduced like the customer's. */
  lang?: string | null;
}

/** A capture or refund of part or all of a payment. */
export interface AmountOperation extends PaymentTarget {
  amountMinor: number;
  currency: string;
}

/** A refund, carrying the refund's own reference so it can be retried idempotently. */
export interface RefundOperation extends AmountOperation {
  refundReference: string;
}

/** The verified answer to an operation, with the raw answer for the notification log. */
export interface OperationResult {
  outcome: ProviderOutcome;
  mismatches: MessageMismatch[];
  message: ProviderMessage;
}

/** The embedded card form (S18): the provider's card page in an iframe, returning a token to payport. */
export interface CardFormInput {
  account: ProviderAccount;
  transaction: TransactionSnapshot;
  publicUrl: string;
  /** A saved card's token: the provider's page shows that card and asks only what it needs (CVV). */
  savedToken?: string | null;
}

/** The verdict on the card form's answer; only a verified, successful answer carries a token. */
export type CardFormAnswer =
  | { kind: 'unverified'; reason: 'missing' | 'mismatch'; reference?: string }
  | { kind: 'failed'; reference?: string; message: string; responseCode: string }
  | { kind: 'tokenized'; reference: string; card: CardToken };

/** A server-to-server charge of a card token (S18): a customer's new or saved card, or a recurring charge. */
export interface ChargeOperation {
  reference: string;
  amountMinor: number;
  currency: string;
  token: string;
  customer: CustomerSnapshot;
  /** Charged at once (`automatic`) or authorized for a later capture (`manual`). */
  captureMethod: 'automatic' | 'manual';
  methodAllowsAuthorization: boolean;
  /** Customer present: their address and where the provider sends the browser after 3-D Secure. */
  customerIp?: string | null;
  publicUrl?: string;
  /** Ask the provider to keep the token for later (the customer's consent). */
  rememberMe?: boolean;
  /** Merchant-initiated: no customer, no 3-D Secure, the agreement it is charged under. */
  recurring?: { agreementId?: string | null };
  /** Paid in installments with the plan the customer chose before entering the card (S20). */
  installments?: { issuerCode: string; planCode: string };
}

/** The verified answer to a charge; `threeDsUrl` when the issuer wants the customer first. */
export interface ChargeResult extends OperationResult {
  threeDsUrl?: string;
}

/** The provider's answer to deactivating a token. */
export interface TokenUpdateResult {
  ok: boolean;
  message: string;
  responseCode: string;
}

/** An Apple Pay payment: the transaction and Apple's payment token, charged server-to-server (S19). */
export interface ApplePayCharge {
  transaction: TransactionSnapshot;
  /** `ApplePayPayment.token` as the browser received it from Apple. */
  token: unknown;
  methodAllowsAuthorization: boolean;
  captureMethod?: 'automatic' | 'manual';
  /** The customer's address, which APS asks for with wallet payments. */
  customerIp?: string | null;
}

/** Per-call options for server-to-server operations. */
export interface OperationOptions {
  signal?: AbortSignal;
}

/**
 * One step of a consumer-finance payment confirmed by a one-time code sent to the customer's phone
 * (valU, SPEC S20): check the customer, send the code with the plans on offer, then confirm with the
 * code and the chosen plan.
 */
export type OtpPaymentStep =
  | { step: 'check_customer'; transaction: TransactionSnapshot }
  | { step: 'send_code'; transaction: TransactionSnapshot; downPaymentMinor: number }
  | {
      step: 'confirm';
      transaction: TransactionSnapshot;
      downPaymentMinor: number;
      code: string;
      months: number;
      /** The provider's id of the loan order, from the `send_code` answer. */
      loanOrderId: string;
    };

/** A repayment plan offered with the one-time code. */
export interface OtpPaymentPlan {
  months: number;
  /** Monthly repayment in minor units, when the provider says. */
  amountPerMonthMinor: number | null;
  /** Fees in minor units, when the provider says. */
  feesMinor: number | null;
}

/** The verified answer to one step. */
export interface OtpPaymentAnswer {
  /** The step succeeded (the customer exists, the code was sent, the payment went through). */
  ok: boolean;
  /** The signed answer with nested values rendered as signed, for ingestion and the notification log. */
  message: ProviderMessage;
  responseCode: string;
  /** The provider's text (customer language). */
  text: string;
  plans: OtpPaymentPlan[];
  loanOrderId?: string;
}

/** What installment plans are asked for: the payment's amount, currency and the customer's language. */
export interface InstallmentPlansQuery {
  amountMinor: number;
  currency: string;
  lang?: string | null;
}

/** One plan of an issuing bank, as the provider offers it for the asked amount. */
export interface OfferedPlan {
  planCode: string;
  numberOfInstallments: number;
  currency: string;
  /** How fees are charged, and their figure as the provider displays it (`2.5` with `percentage`). */
  feesType: 'fixed' | 'percentage' | null;
  feesDisplay: string | null;
  /** The monthly amount for the asked amount, in minor units, when the provider gives it. */
  amountPerMonthMinor: number | null;
  /** The plan's accepted amount range in minor units (null: no bound given). */
  minimumMinor: number | null;
  maximumMinor: number | null;
}

/** A bank running installments: its card BINs and its plans. */
export interface InstallmentIssuer {
  issuerCode: string;
  name: { en: string; ar: string };
  /** Card number prefixes of this bank's cards. */
  bins: string[];
  /** The bank's terms and conditions page, per language, when given. */
  termsUrl: { en: string | null; ar: string | null };
  plans: OfferedPlan[];
}

/** The verified answer to a plans request: the issuers with plans, or the provider's refusal. */
export type InstallmentPlansAnswer =
  { ok: true; issuers: InstallmentIssuer[] } | { ok: false; responseCode: string; message: string };

/** A payment provider: redirect building, message reading and the server-to-server operations. */
export interface PaymentProvider {
  readonly code: string;
  buildRedirect(input: RedirectInput): RedirectForm;
  readMessage(body: string | Uint8Array, contentType: string | undefined): ProviderMessage;
  identifyMessage(message: ProviderMessage): MessageIdentity;
  interpretMessage(
    message: ProviderMessage,
    account: ProviderAccount,
    transaction?: Pick<TransactionSnapshot, 'amountMinor' | 'currency'>,
  ): MessageInterpretation;
  /** A copy safe to store and show: secrets and card data masked. */
  maskMessage(message: ProviderMessage): ProviderMessage;
  /** Why a payment failed according to this message; null when it reports no failed payment. */
  failureKind(message: ProviderMessage): FailureKind | null;
  checkStatus(
    account: ProviderAccount,
    target: PaymentTarget,
    options?: OperationOptions,
  ): Promise<OperationResult>;
  capture(
    account: ProviderAccount,
    operation: AmountOperation,
    options?: OperationOptions,
  ): Promise<OperationResult>;
  voidAuthorization(
    account: ProviderAccount,
    target: PaymentTarget,
    options?: OperationOptions,
  ): Promise<OperationResult>;
  refund(
    account: ProviderAccount,
    operation: RefundOperation,
    options?: OperationOptions,
  ): Promise<OperationResult>;
  /** The signed card form posted into the iframe of the embedded card entry (S18). */
  buildCardForm(input: CardFormInput): RedirectForm;
  /** Verifies and reads the card form's answer. */
  readCardFormAnswer(message: ProviderMessage, account: ProviderAccount): CardFormAnswer;
  /** Charges a card token server-to-server (S18). */
  charge(
    account: ProviderAccount,
    operation: ChargeOperation,
    options?: OperationOptions,
  ): Promise<ChargeResult>;
  /** Makes a saved token unusable at the provider (a removed card). */
  deactivateToken(
    account: ProviderAccount,
    target: { token: string; lang?: string | null; reference: string },
    options?: OperationOptions,
  ): Promise<TokenUpdateResult>;
  /** Charges an Apple Pay token (with the Apple Pay account); absent when the provider has no Apple Pay. */
  chargeApplePay?(
    account: ProviderAccount,
    charge: ApplePayCharge,
    options?: OperationOptions,
  ): Promise<OperationResult>;
  /** The installment plans on offer for an amount (embedded card entry, S20); absent when it has none. */
  installmentPlans?(
    account: ProviderAccount,
    query: InstallmentPlansQuery,
    options?: OperationOptions,
  ): Promise<InstallmentPlansAnswer>;
  /** A step of a one-time-code consumer-finance payment (valU); absent when the provider has none. */
  otpPayment?(
    account: ProviderAccount,
    step: OtpPaymentStep,
    options?: OperationOptions,
  ): Promise<OtpPaymentAnswer>;
}
