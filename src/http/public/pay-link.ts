/**
 * Signed `/payment/pay` links for the customer routes. The algorithm lives in services (the CLI's
 * `payport links sign` makes the same links); this module is the routes' door to it.
 */
export * from '../../services/signed-pay-links.js';
