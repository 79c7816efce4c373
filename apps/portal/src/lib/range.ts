// Dashboard ranges: the presets, a custom range, and the bucket that fits each. The range lives
// in the URL (?range=7d or ?from=...&to=...) so a reload, the back button or a shared link show
// the same view.
import type { DashboardRange, RangePreset, TimeBucket } from '../generated/graphql';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The BFF refuses longer ranges. */
export const MAX_RANGE_MS = 400 * DAY_MS;

export type PresetId = '1h' | '24h' | '7d' | '30d' | '90d';

interface PresetDef {
  id: PresetId;
  label: string;
  short: string;
  ms: number;
  /** The BFF's preset: the BFF pins it to the minute, so repeated requests hit the cache. */
  preset: RangePreset;
}

export const PRESETS: readonly PresetDef[] = [
  { id: '1h', label: 'Last hour', short: '1 h', ms: HOUR_MS, preset: 'LAST_HOUR' },
  { id: '24h', label: 'Last 24 hours', short: '24 h', ms: DAY_MS, preset: 'LAST_24_HOURS' },
  { id: '7d', label: 'Last 7 days', short: '7 d', ms: 7 * DAY_MS, preset: 'LAST_7_DAYS' },
  { id: '30d', label: 'Last 30 days', short: '30 d', ms: 30 * DAY_MS, preset: 'LAST_30_DAYS' },
  { id: '90d', label: 'Last 90 days', short: '90 d', ms: 90 * DAY_MS, preset: 'LAST_90_DAYS' },
];

export type RangeSelection = { kind: 'preset'; id: PresetId } | { kind: 'custom'; from: Date; to: Date };

export const DEFAULT_RANGE: RangeSelection = { kind: 'preset', id: '24h' };

export function presetById(id: string): PresetDef | undefined {
  return PRESETS.find((p) => p.id === id);
}

export function rangeSpanMs(sel: RangeSelection): number {
  return sel.kind === 'preset' ? (presetById(sel.id)?.ms ?? DAY_MS) : sel.to.getTime() - sel.from.getTime();
}

const BUCKETS: readonly { bucket: TimeBucket; ms: number; label: string }[] = [
  { bucket: 'ONE_MINUTE', ms: MINUTE_MS, label: 'per minute' },
  { bucket: 'FIVE_MINUTES', ms: 5 * MINUTE_MS, label: 'per 5 minutes' },
  { bucket: 'FIFTEEN_MINUTES', ms: 15 * MINUTE_MS, label: 'per 15 minutes' },
  { bucket: 'ONE_HOUR', ms: HOUR_MS, label: 'per hour' },
  { bucket: 'SIX_HOURS', ms: 6 * HOUR_MS, label: 'per 6 hours' },
  { bucket: 'ONE_DAY', ms: DAY_MS, label: 'per day' },
];

/** Most points a chart gets: enough to see shape, few enough to read (and cheap for metrics). */
const MAX_POINTS = 240;

/**
 * The smallest bucket that keeps a range at or under MAX_POINTS points: 1 h -> 1 min (60),
 * 24 h -> 15 min (96), 7 d -> 1 h (168), 30 d -> 6 h (120), 90 d -> 1 day (90).
 */
export function bucketFor(spanMs: number): TimeBucket {
  for (const b of BUCKETS) if (spanMs / b.ms <= MAX_POINTS) return b.bucket;
  return 'ONE_DAY';
}

export function bucketLabel(bucket: TimeBucket): string {
  return BUCKETS.find((b) => b.bucket === bucket)?.label ?? '';
}

export function bucketMs(bucket: TimeBucket): number {
  return BUCKETS.find((b) => b.bucket === bucket)?.ms ?? HOUR_MS;
}

/**
 * The GraphQL range for a selection: a preset as the BFF's `last` (which ends it at the next
 * whole minute, so repeated requests within a minute ask the same question), a custom range as
 * from/to.
 */
export function toDashboardRange(sel: RangeSelection): DashboardRange {
  if (sel.kind === 'custom') return { from: sel.from.toISOString(), to: sel.to.toISOString() };
  return { last: presetById(sel.id)?.preset ?? 'LAST_24_HOURS' };
}

export function parseRange(params: URLSearchParams): RangeSelection {
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) {
    const f = new Date(from);
    const t = new Date(to);
    if (!Number.isNaN(f.getTime()) && !Number.isNaN(t.getTime()) && customRangeProblem(f, t) === undefined) {
      return { kind: 'custom', from: f, to: t };
    }
  }
  const id = params.get('range');
  if (id && presetById(id)) return { kind: 'preset', id: id as PresetId };
  return DEFAULT_RANGE;
}

export function rangeToParams(sel: RangeSelection): Record<string, string> {
  return sel.kind === 'preset'
    ? { range: sel.id }
    : { from: sel.from.toISOString(), to: sel.to.toISOString() };
}

export function customRangeProblem(from: Date, to: Date): string | undefined {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'Enter both a start and an end.';
  if (to.getTime() <= from.getTime()) return 'The end must be after the start.';
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) return 'A range may span at most 400 days.';
  return undefined;
}

/** `<input type="datetime-local">` speaks local wall-clock time without a zone: "2026-11-24T10:05". */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): Date {
  // Without a zone, Date parses date-time strings as local time: what the person typed.
  return value ? new Date(value) : new Date(Number.NaN);
}

export function describeRange(sel: RangeSelection): string {
  return sel.kind === 'preset' ? (presetById(sel.id)?.label ?? '') : 'Custom range';
}

/** A string that identifies a selection (for memoising on it): "7d" or "<from ISO>/<to ISO>". */
export function selectionKey(sel: RangeSelection): string {
  return sel.kind === 'preset' ? sel.id : `${sel.from.toISOString()}/${sel.to.toISOString()}`;
}

export function selectionFromKey(key: string): RangeSelection {
  const [from, to] = key.split('/');
  if (to !== undefined) return parseRange(new URLSearchParams({ from, to }));
  return parseRange(new URLSearchParams({ range: key }));
}
