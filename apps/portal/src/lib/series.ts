// Shapes the dashboard's series for the charts: one row per bucket with a column per key, times
// as epoch milliseconds (a numeric time axis spaces buckets by time, not by index).

export interface KeyedSeriesLike {
  key: string;
  total: number;
  points: readonly { time: string; count: number }[];
}

export type Row = { t: number } & Record<string, number>;

/** Merges keyed series on their bucket times: [{ t, design: 3, purchase: 1 }, ...]. */
export function keyedRows(series: readonly KeyedSeriesLike[]): Row[] {
  const byTime = new Map<number, Row>();
  for (const s of series) {
    for (const p of s.points) {
      const t = Date.parse(p.time);
      const row = byTime.get(t) ?? ({ t } as Row);
      row[s.key] = (row[s.key] ?? 0) + p.count;
      byTime.set(t, row);
    }
  }
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  // Every row gets every key, so stacked areas do not break where a key has no point.
  for (const row of rows) for (const s of series) row[s.key] ??= 0;
  return rows;
}

/** Points with an ISO `time` to rows with a numeric `t`, keeping the other fields. */
export function timeRows<P extends { time: string }>(
  points: readonly P[],
): (Omit<P, 'time'> & { t: number })[] {
  return points.map(({ time, ...rest }) => ({ ...rest, t: Date.parse(time) }));
}

/** True when a series has nothing but zeros (metrics zero-fills empty buckets). */
export function allZero(values: readonly number[]): boolean {
  return values.every((v) => !v);
}

/** Display names of event types and error severities as the metrics API keys them. */
const KEY_LABELS: Record<string, string> = {
  session_start: 'Session start',
  session_end: 'Session end',
  design: 'Custom',
  progression: 'Progression',
  purchase: 'Purchase',
  error: 'Error',
  debug: 'Debug',
  info: 'Info',
  warning: 'Warning',
  critical: 'Critical',
};

export function keyLabel(key: string): string {
  return KEY_LABELS[key.toLowerCase()] ?? key;
}

/** Colours that stay apart for common colour-vision deficiencies (Okabe–Ito based). */
export const PALETTE = [
  '#3b5bdb',
  '#e8590c',
  '#2b8a3e',
  '#ae3ec9',
  '#0c8599',
  '#c92a2a',
  '#f59f00',
  '#495057',
];

const SEVERITY_COLORS: Record<string, string> = {
  debug: '#adb5bd',
  info: '#4dabf7',
  warning: '#fab005',
  error: '#f03e3e',
  critical: '#862e9c',
};

export function colorFor(key: string, index: number): string {
  return SEVERITY_COLORS[key.toLowerCase()] ?? PALETTE[index % PALETTE.length];
}
