/**
 * The simulator's whole state, in memory, with lookups by merchant account and reference; it can be
 * serialised to JSON and read back (see `state-file.ts`). Every mutation ends with `changed()`, which
 * is where persistence hooks in.
 */
import { systemClock, type Clock } from '../clock.js';
import { ConfigError } from '../errors.js';
import {
  noFaults,
  type Delivery,
  type Faults,
  type HostedSession,
  type MerchantAccount,
  type SimToken,
  type SimTransaction,
} from './model.js';

/** Deliveries older than the newest this many are dropped from the log. */
const DELIVERY_LOG_LIMIT = 2000;
const STATE_VERSION = 1;

/** The JSON form of the state, as written to the state file. */
export interface SerializedState {
  version: number;
  accounts: MerchantAccount[];
  transactions: SimTransaction[];
  sessions: HostedSession[];
  deliveries: Delivery[];
  faults: Faults;
  /** Card tokens; absent in state files written before tokenization existed. */
  tokens?: SimToken[];
}

function orderKey(merchantIdentifier: string, merchantReference: string): string {
  return `${merchantIdentifier}\n${merchantReference}`;
}

/** Accounts, sessions, transactions, the delivery log and the faults of one simulator. */
export class SimulatorState {
  readonly accounts = new Map<string, MerchantAccount>();
  readonly sessions = new Map<string, HostedSession>();
  private readonly transactions = new Map<string, SimTransaction>();
  private readonly tokenMap = new Map<string, SimToken>();
  private readonly reservedReferences = new Set<string>();
  private deliveryLog: Delivery[] = [];
  faults: Faults = noFaults();
  private readonly listeners: Array<() => void> = [];

  /** `clock` dates every record the state creates. */
  constructor(readonly clock: Clock = systemClock) {}

  /** The current time as an ISO-8601 UTC string. */
  now(): string {
    return this.clock.now().toISOString();
  }

  /** Registers a callback run after every change (persistence). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Signals that something changed. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** The transaction of one merchant's order, if APS knows it. */
  transaction(merchantIdentifier: string, merchantReference: string): SimTransaction | undefined {
    return this.transactions.get(orderKey(merchantIdentifier, merchantReference));
  }

  /** Every transaction, oldest first. */
  allTransactions(): SimTransaction[] {
    return [...this.transactions.values()];
  }

  /** Stores a new or updated transaction. */
  saveTransaction(transaction: SimTransaction): void {
    const key = orderKey(transaction.merchantIdentifier, transaction.merchantReference);
    this.transactions.set(key, transaction);
    this.reservedReferences.add(key);
  }

  /**
   * Stores a hosted-page session and reserves its merchant reference; a tokenization session reserves
   * nothing, since the official plugins charge the token under the tokenization's own reference.
   */
  saveSession(session: HostedSession): void {
    this.sessions.set(session.id, session);
    if (session.kind === 'tokenization') return;
    this.reservedReferences.add(orderKey(session.merchantIdentifier, session.merchantReference));
  }

  /** One merchant's token by `token_name`. */
  token(merchantIdentifier: string, tokenName: string): SimToken | undefined {
    return this.tokenMap.get(orderKey(merchantIdentifier, tokenName));
  }

  /** Every token, oldest first. */
  allTokens(): SimToken[] {
    return [...this.tokenMap.values()];
  }

  /** Stores a new or updated token. */
  saveToken(token: SimToken): void {
    this.tokenMap.set(orderKey(token.merchantIdentifier, token.tokenName), token);
  }

  /** Forgets a token (renamed by UPDATE_TOKEN `new_token_name`). */
  deleteToken(merchantIdentifier: string, tokenName: string): void {
    this.tokenMap.delete(orderKey(merchantIdentifier, tokenName));
  }

  /** True once a valid paymentPage request used this reference (the order exists, APS-wise). */
  isReferenceUsed(merchantIdentifier: string, merchantReference: string): boolean {
    return this.reservedReferences.has(orderKey(merchantIdentifier, merchantReference));
  }

  /** The delivery log, oldest first. */
  get deliveries(): readonly Delivery[] {
    return this.deliveryLog;
  }

  /** Appends a delivery to the log, dropping the oldest beyond the limit. */
  addDelivery(delivery: Delivery): void {
    this.deliveryLog.push(delivery);
    if (this.deliveryLog.length > DELIVERY_LOG_LIMIT) {
      this.deliveryLog = this.deliveryLog.slice(-DELIVERY_LOG_LIMIT);
    }
  }

  /** The state as plain JSON-able data. */
  toJSON(): SerializedState {
    return {
      version: STATE_VERSION,
      accounts: [...this.accounts.values()],
      transactions: [...this.transactions.values()],
      sessions: [...this.sessions.values()],
      deliveries: this.deliveryLog,
      faults: this.faults,
      tokens: [...this.tokenMap.values()],
    };
  }

  /** Rebuilds a state from {@link toJSON} output; `source` names the origin in errors. */
  static fromJSON(data: unknown, source: string, clock: Clock = systemClock): SimulatorState {
    const parsed = data as Partial<SerializedState> | null;
    if (typeof parsed !== 'object' || parsed === null || parsed.version !== STATE_VERSION) {
      throw new ConfigError(
        'state-file',
        `${source} is not a simulator state file of version ${STATE_VERSION}; move it away or pass another --state-file`,
      );
    }
    const lists = ['accounts', 'transactions', 'sessions', 'deliveries'] as const;
    for (const name of lists) {
      if (!Array.isArray(parsed[name])) {
        throw new ConfigError('state-file', `${source} has no "${name}" list; the file is damaged`);
      }
    }
    const state = new SimulatorState(clock);
    for (const account of parsed.accounts ?? []) state.accounts.set(account.merchantIdentifier, account);
    for (const transaction of parsed.transactions ?? []) state.saveTransaction(transaction);
    for (const session of parsed.sessions ?? []) state.saveSession(session);
    state.deliveryLog = [...(parsed.deliveries ?? [])];
    for (const token of Array.isArray(parsed.tokens) ? parsed.tokens : []) state.saveToken(token);
    state.faults = { ...noFaults(), ...(parsed.faults ?? {}) };
    return state;
  }
}
