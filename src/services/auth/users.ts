/**
 * Back-office users (S11): creation with a generated (or given) password, password resets, role changes
 * and removal. Passwords are only ever stored as scrypt hashes; a generated one is returned once for the
 * caller to show, and every change of password or role ends the user's sessions.
 */
import { generatePassword, hashPassword, type ScryptCost } from '../../crypto/passwords.js';
import { Conflict, NotFound, ValidationError } from '../../errors.js';
import type { Store } from '../../store/database.js';
import type { UserRecord } from '../../store/repositories/index.js';
import { USER_ROLES, type UserRole } from '../../store/schema.js';

/** Shortest password a person may choose, as for PAYPORT_ADMIN_PASSWORD (generated ones are longer). */
export const MIN_PASSWORD_LENGTH = 8;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/** A user and the password to hand over once (`generated` says whether payport chose it). */
export interface UserWithPassword {
  user: UserRecord;
  password: string;
  generated: boolean;
}

/** Options shared by the functions that hash passwords. */
export interface PasswordOptions {
  /** scrypt cost; the library default when absent. */
  cost?: ScryptCost;
}

/** Returns the role when it is `admin` or `operator`; otherwise a ValidationError on `role`. */
export function parseRole(value: unknown): UserRole {
  if (typeof value === 'string' && (USER_ROLES as readonly string[]).includes(value))
    return value as UserRole;
  const message = `must be one of ${USER_ROLES.join(', ')}`;
  throw new ValidationError(`role ${message}`, [{ field: 'role', message }]);
}

/** The email as stored (trimmed, lower-cased); refuses anything that is not an address or a plain user name. */
export function parseUserEmail(value: unknown): string {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  // `admin` (the demo's first user) is a valid sign-in name too, so a bare name without "@" is accepted.
  const plainName = /^[a-z0-9._-]{3,64}$/.test(email);
  if (email === '' || email.length > 254 || (!plainName && !EMAIL.test(email))) {
    const message =
      'must be an email address (or a plain user name of 3-64 letters, digits, ".", "_" or "-")';
    throw new ValidationError(`email ${message}`, [{ field: 'email', message }]);
  }
  return email;
}

function checkChosenPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    const message = `must be at least ${MIN_PASSWORD_LENGTH} characters`;
    throw new ValidationError(`password ${message}`, [{ field: 'password', message }]);
  }
  return password;
}

/** Creates a user; without `password` one is generated. An email already in use is a Conflict. */
export async function addUser(
  store: Store,
  input: { email: unknown; role: unknown; password?: string | undefined },
  options: PasswordOptions = {},
): Promise<UserWithPassword> {
  const email = parseUserEmail(input.email);
  const role = parseRole(input.role);
  const generated = input.password === undefined || input.password === '';
  const password = generated ? generatePassword() : checkChosenPassword(input.password as string);
  if (await store.repos.users.findByEmail(email))
    throw new Conflict(`A user with the email ${email} already exists.`);
  const passwordHash = await hashPassword(password, options.cost);
  const user = await store.repos.users.insert({ email, role, passwordHash });
  return { user, password, generated };
}

/** Gives the user a new generated password, lifts any lockout and signs them out everywhere. */
export async function resetUserPassword(
  store: Store,
  email: unknown,
  options: PasswordOptions = {},
): Promise<UserWithPassword> {
  const address = typeof email === 'string' ? email : '';
  const user = await store.repos.users.findByEmail(address);
  if (!user) throw new NotFound(`No user with the email ${address.trim().toLowerCase() || '(empty)'}.`);
  const password = generatePassword();
  const passwordHash = await hashPassword(password, options.cost);
  await store.transaction(async (repos) => {
    await repos.users.setPasswordHash(user.id, passwordHash);
    await repos.sessions.deleteForUser(user.id);
  });
  const updated = (await store.repos.users.findById(user.id)) ?? user;
  return { user: updated, password, generated: true };
}

/** True when removing the admin role from (or deleting) `user` would leave no admin at all. */
function isLastAdmin(users: UserRecord[], user: UserRecord): boolean {
  return user.role === 'admin' && users.filter((u) => u.role === 'admin').length <= 1;
}

/** Changes a user's role; refuses to demote the last admin. The user's sessions end. */
export async function changeUserRole(store: Store, userId: string, role: unknown): Promise<UserRecord> {
  const newRole = parseRole(role);
  return store.transaction(async (repos) => {
    const users = await repos.users.list();
    const user = users.find((u) => u.id === userId);
    if (!user) throw new NotFound('This user no longer exists.');
    if (user.role === newRole) return user;
    if (isLastAdmin(users, user)) {
      const message = 'the last admin cannot become an operator; make another user admin first';
      throw new ValidationError(message, [{ field: 'role', message }]);
    }
    await repos.users.setRole(user.id, newRole);
    await repos.sessions.deleteForUser(user.id);
    return { ...user, role: newRole };
  });
}

/** Deletes a user (and their sessions); refuses to delete yourself or the last admin. */
export async function removeUser(store: Store, actorId: string, userId: string): Promise<UserRecord> {
  if (actorId === userId) {
    const message = 'you cannot delete your own account while signed in with it';
    throw new ValidationError(message, [{ field: 'user', message }]);
  }
  return store.transaction(async (repos) => {
    const users = await repos.users.list();
    const user = users.find((u) => u.id === userId);
    if (!user) throw new NotFound('This user no longer exists.');
    if (isLastAdmin(users, user)) {
      const message = 'the last admin cannot be deleted';
      throw new ValidationError(message, [{ field: 'user', message }]);
    }
    await repos.users.delete(user.id);
    return user;
  });
}
