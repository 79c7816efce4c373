// Buckets in a time zone, exactly as InfluxDB's GROUP BY time(...) tz(...) makes them, so the
// service can list every bucket of an answer (zero-filled) and align ranges to them. A bucket of
// 1 day starts at local midnight and lasts 23, 24 or 25 hours around DST changes; 6 hours start
// at local 00, 06, 12, 18; shorter buckets are plain multiples of their size in local time.

export const BUCKETS = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '6h': 21_600_000,
  '1d': 86_400_000,
} as const;
export type Bucket = keyof typeof BUCKETS;
export const BUCKET_NAMES = Object.keys(BUCKETS) as Bucket[];

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** An IANA zone name this runtime knows ("UTC", "Europe/Paris"); abbreviations like "CET" too. */
export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset of local time from UTC at instant t, in ms (Europe/Paris in summer: +7 200 000). */
export function zoneOffsetMs(tz: string, t: number): number {
  const parts = formatter(tz).formatToParts(new Date(t));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const seconds = Math.floor(t / 1000) * 1000;
  return local - seconds;
}

/** Start of the bucket holding t (InfluxDB's window rule, DST-aware). */
export function bucketStart(t: number, bucketMs: number, tz: string): number {
  const zone = zoneOffsetMs(tz, t);
  let dt = (t + zone) % bucketMs;
  if (dt < 0) dt += bucketMs;
  let start = t - dt;
  // The zone may differ at the start (a DST change inside the bucket): realign to local time,
  // unless the shift is as large as the bucket (then the grid is uniform anyway).
  const o = zone - zoneOffsetMs(tz, start);
  if (o !== 0 && Math.abs(o) < bucketMs) start += o;
  return start;
}

/** Start of the bucket after the one starting at `start`. */
export function nextBucketStart(start: number, bucketMs: number, tz: string): number {
  if (bucketMs <= HOUR) return start + bucketMs;
  // An hour past the nominal end lands inside the next bucket even when this one is 25 hours long.
  return bucketStart(start + bucketMs + HOUR, bucketMs, tz);
}

export class TooManyBucketsError extends Error {
  constructor(readonly max: number) {
    super(`more than ${max} buckets`);
  }
}

/** Bucket starts covering [from, to); the first starts at or before `from`. */
export function bucketStarts(from: number, to: number, bucketMs: number, tz: string, max: number): number[] {
  const out: number[] = [];
  for (let s = bucketStart(from, bucketMs, tz); s < to; s = nextBucketStart(s, bucketMs, tz)) {
    if (out.length >= max) throw new TooManyBucketsError(max);
    out.push(s);
  }
  return out;
}
