// Which storage tier answers which part of a query's range. Sums (events, revenue, sessions,
// errors) add up across tiers, so a range is cut into segments: settled daily rollups for old
// whole days, settled hourly rollups for old whole hours, raw events for the rest (the recent
// tail, edges that are not whole periods, and zones whose buckets do not fall on UTC hours).
// Distinct players do not add up: one presence tier answers the whole range. Ranges without
// buckets that start before raw retention are first widened to whole rollup periods
// (answerablePeriod), since their edges could otherwise only be answered by raw events.
import type { SourceTier } from '../storage/influx.repository';
import { DAY_MS, HOUR_MS, SETTLE_MS, type RollupTier } from '../storage/schema';

export interface Segment {
  tier: SourceTier;
  from: number;
  to: number;
}

export interface TierAvailability {
  nowMs: number;
  rawRetentionMs: number;
  hourlyRetentionMs: number;
  /** 0 = forever. */
  dailyRetentionMs: number;
}

export class RangeNotAvailableError extends Error {
  constructor(
    /** The oldest `from` that can be answered: a finite instant, it is shown to the caller. */
    readonly earliest: number,
    message: string,
  ) {
    super(message);
  }
}

const PERIOD: Record<RollupTier, number> = { hourly: HOUR_MS, daily: DAY_MS };

function floorTo(t: number, p: number): number {
  return Math.floor(t / p) * p;
}

function ceilTo(t: number, p: number): number {
  return Math.ceil(t / p) * p;
}

/** Oldest instant a tier is guaranteed to hold. */
export function tierOldest(tier: SourceTier, a: TierAvailability): number {
  switch (tier) {
    case 'raw':
      return a.nowMs - a.rawRetentionMs;
    case 'hourly':
      return a.nowMs - a.hourlyRetentionMs;
    case 'daily':
      return a.dailyRetentionMs === 0 ? Number.NEGATIVE_INFINITY : a.nowMs - a.dailyRetentionMs;
  }
}

/**
 * A rollup tier can answer bucketed queries only when every bucket boundary lies on its UTC
 * grid (hourly: whole-hour zone offsets, e.g. not Asia/Kolkata; daily: 1-day buckets in a zone
 * at UTC+0) and the bucket is a whole number of its periods.
 */
export function tierFitsBuckets(tier: RollupTier, bucketMs: number, boundaries: readonly number[]): boolean {
  const p = PERIOD[tier];
  return bucketMs % p === 0 && boundaries.every((b) => b % p === 0);
}

/**
 * The period a range without buckets (top events, progression, summary figures) is answered for.
 * Raw events hold any instant of the last RETENTION_RAW_DAYS; before that only rollups remain, and
 * they hold whole periods. A range that starts before raw retention is therefore widened to whole
 * periods of the finest rollup tier that still holds its start (hours, or UTC days beyond hourly
 * retention): the parts of the edge hours outside the asked range are counted, rather than the
 * whole query refused. The answer reports the period it covers. Both edges are widened, so one
 * presence tier can count distinct players over it. Throws RangeNotAvailableError only when no
 * tier holds the start (a daily retention that is not forever).
 */
export function answerablePeriod(
  from: number,
  to: number,
  a: TierAvailability,
): { from: number; to: number } {
  if (from >= tierOldest('raw', a)) return { from, to };
  for (const tier of ['hourly', 'daily'] as const) {
    const p = PERIOD[tier];
    const start = floorTo(from, p);
    if (start >= tierOldest(tier, a)) return { from: start, to: ceilTo(to, p) };
  }
  throw new RangeNotAvailableError(
    earliestStart(['hourly', 'daily'], a),
    'the range starts before the oldest data kept',
  );
}

/**
 * The oldest start a query can have when `tiers` may answer it: raw retention, or the first whole
 * period of a rollup tier. Always a finite instant (a tier kept forever never needs it).
 */
function earliestStart(tiers: readonly RollupTier[], a: TierAvailability): number {
  const starts = tiers.map((t) => ceilTo(tierOldest(t, a), PERIOD[t])).filter((t) => Number.isFinite(t));
  return Math.min(tierOldest('raw', a), ...starts);
}

/**
 * Segments for an additive query over [from, to). `fits` says whether a rollup tier may answer
 * this query at all (bucket alignment). Throws RangeNotAvailableError when part of the range is
 * older than every tier that could answer it. A range without buckets should first go through
 * answerablePeriod: its edges are rarely whole hours, and raw events cannot answer old edges.
 */
export function planSums(
  from: number,
  to: number,
  a: TierAvailability,
  fits: (tier: RollupTier) => boolean,
): Segment[] {
  const tiers: RollupTier[] = (['daily', 'hourly'] as const).filter(fits);
  const segments = assign(from, to, tiers, a);
  const rawOldest = tierOldest('raw', a);
  for (const s of segments) {
    if (s.tier === 'raw' && s.from < rawOldest) {
      throw new RangeNotAvailableError(
        earliestStart(tiers, a),
        tiers.length === 0
          ? 'this bucket and time zone are answered from raw events, which are kept ' +
              `${Math.round(a.rawRetentionMs / DAY_MS)} days`
          : 'part of the range is older than the data kept for this bucket size',
      );
    }
  }
  return segments;
}

function assign(from: number, to: number, tiers: readonly RollupTier[], a: TierAvailability): Segment[] {
  if (from >= to) return [];
  const [tier, ...finer] = tiers;
  if (tier === undefined) return [{ tier: 'raw', from, to }];
  const p = PERIOD[tier];
  // Usable: whole periods that are retained and whose rollup has settled.
  const settledUntil = floorTo(a.nowMs - SETTLE_MS[tier], p);
  const start = ceilTo(Math.max(from, tierOldest(tier, a)), p);
  const end = floorTo(Math.min(to, settledUntil), p);
  if (start >= end) return assign(from, to, finer, a);
  return [...assign(from, start, finer, a), { tier, from: start, to: end }, ...assign(end, to, finer, a)];
}

/**
 * The one tier for distinct players: daily presence (one point per player per UTC day), hourly
 * presence, or raw events, the coarsest that fits the buckets (or range edges) and still holds
 * `from`.
 */
export function planPlayers(
  from: number,
  a: TierAvailability,
  fits: (tier: RollupTier) => boolean,
): SourceTier {
  for (const tier of ['daily', 'hourly'] as const) {
    if (fits(tier) && from >= tierOldest(tier, a)) return tier;
  }
  const rawOldest = tierOldest('raw', a);
  if (from < rawOldest) {
    throw new RangeNotAvailableError(
      rawOldest,
      `players for this bucket, range and time zone are counted from raw events, which are kept ${Math.round(a.rawRetentionMs / DAY_MS)} days`,
    );
  }
  return 'raw';
}
