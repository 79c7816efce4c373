// Which rollup periods the consumer recomputes itself after a batch. The continuous queries keep
// recomputing the last 3 hours and 2 days on InfluxDB's clock; any event for a period that has
// already ended may arrive after their last run (offline play, a consumer catching up after an
// outage, a replay), so every ended period a batch touched is recomputed from the tier below
// before the batch is committed. Recomputing is idempotent: a replay changes nothing.
import type { RollupRange } from '../storage/influx.repository';
import { DAY_MS, HOUR_MS } from '../storage/schema';
import { floorTo } from './event-points';

export interface RollupWindow {
  nowMs: number;
  /** Raw events are kept this long: an hour is recomputed only if all of it is still there. */
  rawRetentionMs: number;
  /** Hourly rollups are kept this long: same rule for a day. */
  hourlyRetentionMs: number;
}

/** touched: game id -> start of each UTC hour that received events in the batch. */
export function lateRollupRanges(
  touched: ReadonlyMap<string, ReadonlySet<number>>,
  w: RollupWindow,
): RollupRange[] {
  const out: RollupRange[] = [];
  const oldestHour = floorTo(w.nowMs - w.rawRetentionMs, HOUR_MS) + HOUR_MS;
  const oldestDay = floorTo(w.nowMs - w.hourlyRetentionMs, DAY_MS) + DAY_MS;
  for (const [game, hoursSet] of touched) {
    const hours = [...hoursSet]
      .filter((h) => h + HOUR_MS <= w.nowMs && h >= oldestHour)
      .sort((a, b) => a - b);
    for (const [fromMs, toMs] of runs(hours, HOUR_MS)) out.push({ tier: 'hourly', game, fromMs, toMs });
    const days = [...new Set(hours.map((h) => floorTo(h, DAY_MS)))]
      .filter((d) => d + DAY_MS <= w.nowMs && d >= oldestDay)
      .sort((a, b) => a - b);
    for (const [fromMs, toMs] of runs(days, DAY_MS)) out.push({ tier: 'daily', game, fromMs, toMs });
  }
  return out;
}

/** Sorted period starts -> [from, to) ranges of consecutive periods. */
function runs(starts: readonly number[], period: number): [number, number][] {
  const out: [number, number][] = [];
  for (const s of starts) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === s) last[1] = s + period;
    else out.push([s, s + period]);
  }
  return out;
}
