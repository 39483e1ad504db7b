/** Customer email addresses: the one shape payport accepts on every surface. */

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

/** True when `value` looks like a deliverable address (local part, @, a dotted domain; no spaces). */
export function isEmailAddress(value: string): boolean {
  return EMAIL.test(value);
}
