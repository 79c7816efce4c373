// Formatting for people: dates in the viewer's own time zone (UTC on hover, see <Time>), numbers
// and money in their locale. Every function takes the locale/zone from the browser unless told,
// so tests can pin them.

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The viewer's IANA time zone, e.g. Europe/Paris; UTC when the browser does not say. */
export function userTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function toDate(value: string | number | Date): Date {
  return value instanceof Date ? value : new Date(value);
}

/** "24 Nov 2026, 10:05" in the viewer's zone. */
export function formatDateTime(value: string | number | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    toDate(value),
  );
}

/** "24 Nov 2026" in the viewer's zone. */
export function formatDate(value: string | number | Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone }).format(toDate(value));
}

/** The same instant in UTC, for the hover title: "2026-11-24 09:05:00 UTC". */
export function formatUtc(value: string | number | Date): string {
  return `${toDate(value).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "3 minutes ago", "in 2 days": for last-used and expiry times. */
export function formatRelative(value: string | number | Date, now: Date = new Date()): string {
  const seconds = Math.round((toDate(value).getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < HOUR) return rtf.format(Math.round(seconds / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(seconds / HOUR), 'hour');
  if (abs < 30 * DAY) return rtf.format(Math.round(seconds / DAY), 'day');
  if (abs < 365 * DAY) return rtf.format(Math.round(seconds / (30 * DAY)), 'month');
  return rtf.format(Math.round(seconds / (365 * DAY)), 'year');
}

/** Axis tick for a time series: the time of day for short ranges, the date for long ones. */
export function formatTick(ms: number, spanMs: number, timeZone?: string): string {
  const opts: Intl.DateTimeFormatOptions =
    spanMs <= 2 * DAY * 1000
      ? { hour: '2-digit', minute: '2-digit', timeZone }
      : { month: 'short', day: 'numeric', timeZone };
  return new Intl.DateTimeFormat(undefined, opts).format(new Date(ms));
}

export function formatNumber(n: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits }).format(n);
}

/** 1.2K, 3.4M: axis labels. */
export function formatCompact(n: number): string {
  return new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

/** Digits after the decimal point of a currency (JPY 0, EUR 2, BHD 3); 2 for unknown codes. */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Minor units (cents, as the platform stores money) to a price: 1999 USD -> "$19.99". */
export function formatMoney(minorUnits: number, currency: string): string {
  const value = minorUnits / 10 ** currencyDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
  } catch {
    // Not an ISO 4217 code Intl knows: still show the amount.
    return `${formatNumber(value, 2)} ${currency}`;
  }
}

/** Session lengths: "45 s", "4 min 12 s", "1 h 3 min". */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '—';
  const s = Math.round(totalSeconds);
  if (s < MINUTE) return `${s} s`;
  if (s < HOUR) {
    const rest = s % MINUTE;
    return rest ? `${Math.floor(s / MINUTE)} min ${rest} s` : `${s / MINUTE} min`;
  }
  const minutes = Math.round((s % HOUR) / MINUTE);
  return minutes ? `${Math.floor(s / HOUR)} h ${minutes} min` : `${Math.floor(s / HOUR)} h`;
}

/** "5 minutes", "1 hour", "2 days" for windows and cool-downs given in seconds. */
export function formatSpan(seconds: number): string {
  const unit = (n: number, word: string) => `${formatNumber(n, 1)} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % DAY === 0) return unit(seconds / DAY, 'day');
  if (seconds % HOUR === 0) return unit(seconds / HOUR, 'hour');
  if (seconds % MINUTE === 0) return unit(seconds / MINUTE, 'minute');
  return unit(seconds, 'second');
}
