/**
 * Back-office sessions (S11). The browser holds a random token; the database holds only its SHA-256,
 * so a leaked sessions table signs nobody in. A session ends after two idle hours or twelve hours in
 * all, whichever comes first, and carries its own CSRF token for the forms it renders.
 */
import type { Clock } from '../../clock.js';
import { constantTimeEqual } from '../../crypto/compare.js';
import { randomSecret, sha256Hex } from '../../crypto/random.js';
import type { Store } from '../../store/database.js';
import type { SessionRecord, UserRecord } from '../../store/repositories/index.js';

/** Idle time after which a session ends. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** Longest a session lives, however active. */
export const SESSION_MAX_MS = 12 * 60 * 60_000;
/** Activity is written at most this often, so browsing does not write on every page. */
const TOUCH_INTERVAL_MS = 60_000;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{32,128}$/;

/** A signed-in session and its user. */
export interface ActiveSession {
  session: SessionRecord;
  user: UserRecord;
}

/** The stored id of a session token. */
export function sessionIdOf(token: string): string {
  return sha256Hex(`payport-session:${token}`);
}

function expiryFor(createdAt: Date, now: Date): Date {
  return new Date(Math.min(createdAt.getTime() + SESSION_MAX_MS, now.getTime() + SESSION_IDLE_MS));
}

/** Starts a session for `userId`; returns the token for the cookie (never stored) and the session. */
export async function startSession(
  store: Store,
  clock: Clock,
  userId: string,
): Promise<{ token: string; session: SessionRecord }> {
  const token = randomSecret(32);
  const now = clock.now();
  const session = await store.repos.sessions.insert({
    id: sessionIdOf(token),
    userId,
    csrfToken: randomSecret(32),
    expiresAt: expiryFor(now, now),
  });
  return { token, session };
}

/** The live session of a cookie token and its user, sliding its idle expiry; undefined when there is none. */
export async function resumeSession(
  store: Store,
  clock: Clock,
  token: unknown,
): Promise<ActiveSession | undefined> {
  if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) return undefined;
  const now = clock.now();
  const id = sessionIdOf(token);
  const session = await store.repos.sessions.findActive(id, now);
  if (!session) return undefined;
  const user = await store.repos.users.findById(session.userId);
  if (!user) {
    await store.repos.sessions.delete(id);
    return undefined;
  }
  if (now.getTime() - new Date(session.lastSeenAt).getTime() >= TOUCH_INTERVAL_MS) {
    const expiresAt = expiryFor(new Date(session.createdAt), now);
    await store.repos.sessions.touch(id, now, expiresAt);
    return {
      session: { ...session, lastSeenAt: now.toISOString(), expiresAt: expiresAt.toISOString() },
      user,
    };
  }
  return { session, user };
}

/** Ends the session of a cookie token (sign-out); unknown tokens are ignored. */
export async function endSession(store: Store, token: unknown): Promise<void> {
  if (typeof token !== 'string' || !TOKEN_FORMAT.test(token)) return;
  await store.repos.sessions.delete(sessionIdOf(token));
}

/** True when a submitted form carries the session's CSRF token (constant-time). */
export function csrfMatches(session: Pick<SessionRecord, 'csrfToken'>, submitted: unknown): boolean {
  return typeof submitted === 'string' && submitted !== '' && constantTimeEqual(submitted, session.csrfToken);
}
