// Turns the query parameters into a checked range, or a 400 that says what is wrong.
import { isIsoDateTime } from '@gt/contracts';
import { DomainError } from '@gt/service-kit';
import { DEFAULT_BUCKET, DEFAULT_RANGE_MS, type RangeQueryDto, type SeriesQueryDto } from './query.dto';
import {
  bucketStarts,
  BUCKETS,
  isValidTimeZone,
  nextBucketStart,
  TooManyBucketsError,
  type Bucket,
} from './time-grid';

export interface Period {
  from: number;
  to: number;
  tz: string;
}

export interface SeriesRange extends Period {
  bucket: Bucket;
  bucketMs: number;
  /** Every bucket start, first at `from`. */
  starts: number[];
  /** starts plus the end of the last bucket. */
  boundaries: number[];
}

function invalid(code: string, field: string, message: string): DomainError {
  return new DomainError(code, message, 400, { errors: [{ field, code, message }] });
}

function parseTime(field: 'from' | 'to', value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDateTime(value)) {
    throw invalid(
      'INVALID_RANGE',
      field,
      `${field} must be an ISO-8601 date-time with a zone, e.g. 2026-11-24T00:00:00Z`,
    );
  }
  return Date.parse(value);
}

export function resolveTimeZone(tz: string | undefined): string {
  const zone = tz ?? 'UTC';
  if (!isValidTimeZone(zone)) {
    throw invalid(
      'INVALID_TIMEZONE',
      'tz',
      `tz must be an IANA time zone such as UTC or Europe/Paris, got '${zone}'`,
    );
  }
  return zone;
}

/** from/to/tz without buckets (top events, progression, summary totals). */
export function resolvePeriod(q: RangeQueryDto, nowMs: number, defaultRangeMs = DEFAULT_RANGE_MS): Period {
  const tz = resolveTimeZone(q.tz);
  const to = parseTime('to', q.to) ?? nowMs;
  const from = parseTime('from', q.from) ?? to - defaultRangeMs;
  if (from >= to) throw invalid('INVALID_RANGE', 'to', 'to must be after from');
  return { from, to, tz };
}

/** from/to/bucket/tz, widened to whole buckets and limited to `maxBuckets`. */
export function resolveSeriesRange(q: SeriesQueryDto, nowMs: number, maxBuckets: number): SeriesRange {
  const period = resolvePeriod(q, nowMs);
  const bucket = q.bucket ?? DEFAULT_BUCKET;
  const bucketMs = BUCKETS[bucket];
  let starts: number[];
  try {
    starts = bucketStarts(period.from, period.to, bucketMs, period.tz, maxBuckets);
  } catch (err) {
    if (err instanceof TooManyBucketsError) {
      throw invalid(
        'TOO_MANY_BUCKETS',
        'bucket',
        `from..to holds more than ${maxBuckets} buckets of ${bucket}: choose a larger bucket or a shorter range`,
      );
    }
    throw err;
  }
  const first = starts[0] as number;
  const end = nextBucketStart(starts[starts.length - 1] as number, bucketMs, period.tz);
  return { from: first, to: end, tz: period.tz, bucket, bucketMs, starts, boundaries: [...starts, end] };
}
