/** Request size limits shared by the app and scoped parsers. */

/** Largest request body accepted anywhere (S7: APS messages over 64 KiB → 413). */
export const BODY_LIMIT = 64 * 1024;
