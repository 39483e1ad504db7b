/**
 * When a saved card stops being chargeable (S18). A card's expiry is `MM/YY` as the provider reported
 * it; the card works through the last day of that month (UTC), so it is expired from the first instant
 * of the next month. A card without a known expiry is left to the provider to judge.
 */

/** True when a card that expires `expiry` (`MM/YY`) can no longer be charged at `now`. */
export function isCardExpired(expiry: string | null | undefined, now: Date): boolean {
  const match = /^(\d{2})\/(\d{2})$/.exec(expiry ?? '');
  if (!match) return false;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return false;
  const year = 2000 + Number(match[2]);
  // Date.UTC rolls month 12 over into January of the next year.
  return now.getTime() >= Date.UTC(year, month, 1);
}
