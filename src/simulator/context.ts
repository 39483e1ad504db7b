/** Everything a simulator route needs, built once by `createSimulator`. */
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { FeedbackSender } from './feedback-sender.js';
import type { SimulatorState } from './state.js';
import type { TimerGroup } from './timers.js';

/** Tunable behaviour of one simulator. */
export interface SimulatorSettings {
  /** Lifetime of a hosted-page session (S17: 30 minutes). */
  sessionTtlMs: number;
  /** Delay before a pending, on-hold or uncertain payment settles with a Notification. */
  pendingResolutionMs: number;
  /** Base URL shown on the dashboard; when unset, the request's own host is used. */
  publicUrl: string | undefined;
}

/** The simulator's state, clock, timers and feedback sender. */
export interface SimulatorContext {
  state: SimulatorState;
  clock: Clock;
  timers: TimerGroup;
  feedback: FeedbackSender;
  settings: SimulatorSettings;
  log: FastifyBaseLogger;
}
