// Shared by the metrics benchmarks: a reproducible dataset of one game over 30 days, shaped like
// play (sessions of ~20 events by one player within half an hour), in time order as a real
// backlog is; percentiles; the result table and file.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ERROR_SEVERITIES, FIXTURE_IDS, type EventEnvelope, type TelemetryEvent } from '@gt/contracts';
import { repoRoot } from '@gt/testing';

export const DAY_MS = 86_400_000;
export const BENCH_TOKEN = 'metrics-bench-service-token';

/** mulberry32: the same seed gives the same dataset, so two passes see the same events. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = Array.from(
  { length: 30 },
  (_, i) => `Action:${['Kill', 'Craft', 'Shop', 'Quest', 'Boss'][i % 5]}:${i}`,
);
const LEVELS = Array.from({ length: 20 }, (_, i) => `level-${i + 1}`);
const CURRENCIES = ['EUR', 'USD', 'GBP'];

/** A UUID v4 derived from a seed string, so replays of the dataset keep event ids. */
function uuidFrom(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface DatasetOptions {
  events: number;
  gameId: string;
  players: number;
  days: number;
  /** Newest event time (events go back `days` from here). */
  endMs: number;
  seed: number;
}

/**
 * `events` events of one game, in time order, as sessions: session_start, ~18 actions (design,
 * progression start/complete/fail, purchases, errors), session_end with its duration.
 */
export function* dataset(o: DatasetOptions): Generator<EventEnvelope> {
  const rng = seededRng(o.seed);
  // 19.5 events per session on average; 2% more sessions so the count is reached (the last few
  // hours of the range may be cut).
  const sessions = Math.ceil((o.events / 19.5) * 1.02);
  const span = o.days * DAY_MS - 3_600_000;
  const start = o.endMs - o.days * DAY_MS;
  // Session start times, sorted; each session's events are interleaved with the next ones'.
  const starts = Array.from({ length: sessions }, () => start + Math.floor(rng() * span)).sort(
    (a, b) => a - b,
  );
  // A session spans at most ~30 minutes: events become due in order through a small window.
  type Pending = { at: number; event: TelemetryEvent };
  const queue: Pending[] = [];
  let produced = 0;
  let s = 0;
  const flushUntil = function* (t: number): Generator<EventEnvelope> {
    queue.sort((a, b) => a.at - b.at);
    while (queue.length > 0 && queue[0]!.at <= t && produced < o.events) {
      const { event } = queue.shift()!;
      produced++;
      yield {
        v: 1,
        studioId: FIXTURE_IDS.studioId,
        gameId: o.gameId,
        gameClientId: FIXTURE_IDS.gameClientId,
        platform: 'unity',
        receivedAt: event.timestamp,
        event,
      };
    }
  };
  while (produced < o.events && s < starts.length) {
    const t0 = starts[s]!;
    yield* flushUntil(t0);
    const player = `player-${Math.floor(rng() * o.players)}`;
    const sessionId = `s-${s}`;
    const n = 15 + Math.floor(rng() * 10);
    let t = t0;
    const base = { playerId: player, sessionId };
    const add = (partial: Record<string, unknown> & { type: TelemetryEvent['type'] }) => {
      queue.push({
        at: t,
        event: {
          ...base,
          eventId: uuidFrom(`${o.seed}:${s}:${queue.length}:${t}`),
          timestamp: new Date(t).toISOString(),
          ...partial,
        } as TelemetryEvent,
      });
    };
    add({ type: 'session_start' });
    let level = Math.floor(rng() * LEVELS.length);
    for (let i = 0; i < n - 2; i++) {
      t += Math.floor(rng() * 120_000);
      const r = rng();
      if (r < 0.6)
        add({
          type: 'design',
          name: NAMES[Math.floor(Math.pow(rng(), 2) * NAMES.length)]!,
          value: Math.floor(rng() * 100),
        });
      else if (r < 0.85) {
        const status = rng() < 0.5 ? 'start' : rng() < 0.7 ? 'complete' : 'fail';
        add({ type: 'progression', status, level: LEVELS[level]!, score: Math.floor(rng() * 1000) });
        if (status === 'complete') level = Math.min(level + 1, LEVELS.length - 1);
      } else if (r < 0.9)
        add({
          type: 'purchase',
          currency: CURRENCIES[Math.floor(rng() * 3)]!,
          amount: 99 + Math.floor(rng() * 900),
          itemId: 'gems',
        });
      else
        add({
          type: 'error',
          severity: ERROR_SEVERITIES[Math.floor(rng() * ERROR_SEVERITIES.length)]!,
          message: 'bench error',
        });
    }
    t += 30_000;
    add({ type: 'session_end', durationSeconds: Math.round((t - t0) / 1000) });
    s++;
  }
  yield* flushUntil(Number.POSITIVE_INFINITY);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  console.log(`\n${title}`);
  console.log(line(keys));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(keys.map((k) => String(r[k] ?? ''))));
}

export function writeResult(name: string, result: unknown): string {
  const dir = path.join(repoRoot, 'tools', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return path.relative(repoRoot, file);
}
