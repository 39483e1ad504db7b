/**
 * Customer e-mail addresses: the one shape payport accepts on every surface, and the one APS accepts.
 *
 * APS documents `customer_email` as alphanumeric, at most 254 characters, with `_ - . @ +` as the only
 * special characters (reference §2.1, from the PayFort parameter tables; confirmed by the official SDKs
 * sending it unchanged). An address APS would refuse (`00002`) — `o'brien@…`, `ü@…`, a comment — must be
 * refused by payport before it creates anything, not by APS after the customer was sent there.
 */

/** Local part, one `@`, and a domain of dot-separated labels ending in a label of 2+ letters/digits. */
export const EMAIL_ADDRESS =
  /^[A-Za-z0-9_.+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$/;

/** APS' maximum length of `customer_email`. */
export const MAX_EMAIL_LENGTH = 254;

/** True when APS would take `value` as `customer_email` (and it looks deliverable: a dotted domain). */
export function isEmailAddress(value: string): boolean {
  return value.length <= MAX_EMAIL_LENGTH && EMAIL_ADDRESS.test(value);
}
