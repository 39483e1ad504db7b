/**
 * Wall-clock time in the merchant's time zone (S21): which IANA zones are valid, the instant a local
 * day starts, and a local date-time typed in a form read back as an instant. Only `Intl` is used, so
 * every zone the runtime knows works, daylight saving included.
 */

/** True when `zone` is an IANA time zone this runtime knows (e.g. `Asia/Riyadh`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  if (zone === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zones offered in a picker (the runtime's list, UTC first). */
export function timeZoneChoices(): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.(
    'timeZone',
  );
  return ['UTC', ...(all ?? []).filter((z) => z !== 'UTC')];
}

/** Minutes that `zone` is ahead of UTC at `at`. */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a wall-clock time (`YYYY-MM-DDTHH:MM`, seconds optional) happens in `zone`. */
export function localToInstant(local: string, zone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return undefined;
  // Two passes settle the offset also on the day the clocks change.
  let instant = guess - zoneOffsetMinutes(zone, new Date(guess)) * 60_000;
  instant = guess - zoneOffsetMinutes(zone, new Date(instant)) * 60_000;
  return new Date(instant);
}

/** The date (`YYYY-MM-DD`) it is in `zone` at `at`. */
export function localDate(at: Date, zone: string): string {
  const shifted = new Date(at.getTime() + zoneOffsetMinutes(zone, at) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** The instant today began in `zone`, as seen at `now`. */
export function startOfLocalDay(now: Date, zone: string): Date {
  return localToInstant(`${localDate(now, zone)}T00:00`, zone) ?? now;
}

/** `at` as the wall-clock text `YYYY-MM-DDTHH:MM` in `zone` (for a datetime-local field). */
export function instantToLocal(at: Date, zone: string): string {
  const shifted = new Date(at.getTime() + zoneOffsetMinutes(zone, at) * 60_000);
  return shifted.toISOString().slice(0, 16);
}
