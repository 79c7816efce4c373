// A known set of events, consumed from Kafka into InfluxDB, answers every query with figures
// computed by hand below; replaying it (the same records again, then a new consumer group from
// the beginning) changes none of them.
import { makeEvent, type EventEnvelope, type EventType, type EventOfType } from '@gt/contracts';
import { envelopeFor, MetricsStack, newGameId, qs, type MetricsApp } from './harness';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
// Day D is the UTC day before yesterday: whole and ended, so its hours and days are rolled up
// by the consumer itself (late data) and queries read them from the rollups.
const D = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const at = iso;

const game = newGameId();
const P1 = 'player-one';
const P2 = 'player-two';
const P3 = 'player-three';
const P4 = 'player-four';

function ev<T extends EventType>(
  type: T,
  playerId: string,
  ms: number,
  extra: Partial<EventOfType<T>> = {},
): EventEnvelope {
  return envelopeFor(
    game,
    makeEvent(type, { playerId, sessionId: `${playerId}-s`, timestamp: at(ms), ...extra }),
  );
}

// The dataset. Times are UTC offsets from D.
const events: EventEnvelope[] = [
  // Day D, 01:00 - two session starts in the same millisecond: both count.
  ev('session_start', P1, D + 1 * HOUR),
  ev('session_start', P2, D + 1 * HOUR),
  // Two different Kill:Sword events with the same timestamp, game, type and name: both count.
  ev('design', P1, D + 1 * HOUR + 10 * MIN, { name: 'Kill:Sword', value: 1 }),
  ev('design', P1, D + 1 * HOUR + 10 * MIN, { name: 'Kill:Sword', value: 1 }),
  ev('design', P2, D + 1 * HOUR + 20 * MIN, { name: 'Kill:Bow', value: 2 }),
  ev('progression', P1, D + 1 * HOUR + 30 * MIN, { status: 'start', level: 'level-1' }),
  ev('progression', P1, D + 1 * HOUR + 40 * MIN, { status: 'complete', level: 'level-1', score: 100 }),
  ev('progression', P2, D + 1 * HOUR + 45 * MIN, { status: 'start', level: 'level-1' }),
  ev('progression', P2, D + 1 * HOUR + 50 * MIN, { status: 'fail', level: 'level-1' }),
  // 02:00
  ev('progression', P2, D + 2 * HOUR + 5 * MIN, { status: 'start', level: 'level-10' }),
  ev('progression', P2, D + 2 * HOUR + 6 * MIN, { status: 'start', level: 'level-2' }),
  ev('purchase', P1, D + 2 * HOUR + 10 * MIN, { currency: 'EUR', amount: 499, itemId: 'gems-s' }),
  ev('purchase', P2, D + 2 * HOUR + 20 * MIN, { currency: 'EUR', amount: 199, itemId: 'gems-xs' }),
  ev('purchase', P2, D + 2 * HOUR + 30 * MIN, { currency: 'USD', amount: 999, itemId: 'gems-m' }),
  ev('error', P1, D + 2 * HOUR + 40 * MIN, { severity: 'error', message: 'boom' }),
  ev('error', P2, D + 2 * HOUR + 50 * MIN, { severity: 'critical', message: 'crash' }),
  // 03:00
  ev('session_end', P1, D + 3 * HOUR, { durationSeconds: 7200 }),
  ev('session_end', P2, D + 3 * HOUR + 10 * MIN, { durationSeconds: 600 }),
  // 13:00, a third player
  ev('session_start', P3, D + 13 * HOUR),
  ev('design', P3, D + 13 * HOUR + 5 * MIN, { name: 'Kill:Sword' }),
  ev('session_end', P3, D + 13 * HOUR + 10 * MIN, { durationSeconds: 300 }),
  // Day D+1: player one again at 05:00, a fourth player at 23:30 UTC (00:30 on D+2 in Paris).
  ev('session_start', P1, D + DAY + 5 * HOUR),
  ev('design', P1, D + DAY + 5 * HOUR + 1 * MIN, { name: 'Kill:Sword' }),
  ev('session_start', P4, D + DAY + 23 * HOUR + 30 * MIN),
  ev('error', P4, D + DAY + 23 * HOUR + 31 * MIN, { severity: 'warning', message: 'slow' }),
];
// Per UTC day: D has 3 session_start, 3 session_end, 4 design, 6 progression, 3 purchase,
// 2 error = 21 events; D+1 has 2 session_start, 1 design, 1 error = 4 events. 25 in all.

const range = { from: iso(D), to: iso(D + 2 * DAY) };
const stack = new MetricsStack('figures');
let app: MetricsApp;

beforeAll(async () => {
  await stack.setUp();
  await stack.produce(events);
  app = await stack.start();
  await app.drained(events.length);
});

afterAll(async () => {
  await stack.tearDown();
});

const path = (series: string, params: Record<string, string | number | undefined> = {}) =>
  `/v1/games/${game}/${series}${qs({ ...range, ...params })}`;

interface Series {
  key: string;
  total: number;
  points: { time: string; count: number }[];
}

function byKey(series: Series[]): Record<string, number[]> {
  return Object.fromEntries(series.map((s) => [s.key, s.points.map((p) => p.count)]));
}

async function everyFigure() {
  return {
    byType: await app.ok(path('events', { bucket: '1d' })),
    byName: await app.ok(path('events', { bucket: '1d', by: 'name' })),
    top: await app.ok(path('top-events')),
    dau: await app.ok(path('active-players', { bucket: '1d' })),
    hourly: await app.ok(path('active-players', { bucket: '1h', to: iso(D + 14 * HOUR) })),
    newPlayers: await app.ok(path('new-players', { bucket: '1d' })),
    sessions: await app.ok(path('sessions', { bucket: '1d' })),
    progression: await app.ok(path('progression')),
    revenue: await app.ok(path('revenue', { bucket: '1d' })),
    errors: await app.ok(path('errors', { bucket: '1d' })),
    paris: await app.ok(
      path('events', { bucket: '1d', tz: 'Europe/Paris', from: iso(D - HOUR), to: iso(D + 3 * DAY - HOUR) }),
    ),
    kolkata: await app.ok(
      path('events', {
        bucket: '1d',
        tz: 'Asia/Kolkata',
        from: iso(D - 5.5 * HOUR),
        to: iso(D + 3 * DAY - 5.5 * HOUR),
      }),
    ),
    // generatedAt is the only field that moves with the clock.
    summary: { ...(await app.ok(`/v1/games/${game}/summary${qs(range)}`)), generatedAt: undefined },
  };
}

describe('figures of a known set of events', () => {
  it('counts events per day by type, both same-timestamp pairs included', async () => {
    const r = await app.ok<{ total: number; series: Series[]; from: string; to: string; bucket: string }>(
      path('events', { bucket: '1d' }),
    );
    expect(r).toMatchObject({
      from: iso(D),
      to: iso(D + 2 * DAY),
      bucket: '1d',
      tz: 'UTC',
      by: 'type',
      total: 25,
    });
    expect(r.series[0]!.points.map((p) => p.time)).toEqual([iso(D), iso(D + DAY)]);
    expect(byKey(r.series)).toEqual({
      session_start: [3, 2], // P1+P2 at 01:00 (same ms), P3 at 13:00 | P1, P4
      session_end: [3, 0],
      design: [4, 1], // Kill:Sword x2 (same ms) + Kill:Bow + P3's Kill:Sword | P1's Kill:Sword
      progression: [6, 0],
      purchase: [3, 0],
      error: [2, 1],
    });
  });

  it('counts custom events by name, most frequent first, and ranks the top names', async () => {
    const r = await app.ok<{ total: number; series: Series[] }>(path('events', { bucket: '1d', by: 'name' }));
    expect(r.total).toBe(4 + 1); // custom events of every name
    expect(r.series.map((s) => [s.key, s.total, s.points.map((p) => p.count)])).toEqual([
      ['Kill:Sword', 4, [3, 1]],
      ['Kill:Bow', 1, [1, 0]],
    ]);
    const top = await app.ok<{ items: unknown[] }>(path('top-events', { limit: 5 }));
    expect(top.items).toEqual([
      { name: 'Kill:Sword', count: 4 },
      { name: 'Kill:Bow', count: 1 },
    ]);
    const top1 = await app.ok<{ items: unknown[] }>(path('top-events', { limit: 1 }));
    expect(top1.items).toEqual([{ name: 'Kill:Sword', count: 4 }]);
  });

  it('counts distinct players per day and per hour', async () => {
    const dau = await app.ok<{ points: unknown[] }>(path('active-players', { bucket: '1d' }));
    expect(dau.points).toEqual([
      { time: iso(D), players: 3 }, // P1, P2, P3
      { time: iso(D + DAY), players: 2 }, // P1, P4
    ]);
    const hourly = await app.ok<{ points: { time: string; players: number }[] }>(
      path('active-players', { bucket: '1h', to: iso(D + 14 * HOUR) }),
    );
    expect(hourly.points).toHaveLength(14);
    expect(hourly.points.filter((p) => p.players > 0)).toEqual([
      { time: iso(D + 1 * HOUR), players: 2 },
      { time: iso(D + 2 * HOUR), players: 2 },
      { time: iso(D + 3 * HOUR), players: 2 },
      { time: iso(D + 13 * HOUR), players: 1 },
    ]);
    // 6-hour buckets: distinct over the 6 hours (P1 and P2 counted once for 00:00-06:00).
    const six = await app.ok<{ points: { players: number }[] }>(
      path('active-players', { bucket: '6h', to: iso(D + DAY) }),
    );
    expect(six.points.map((p) => p.players)).toEqual([2, 0, 1, 0]);
  });

  it('counts new players on the day of their first event', async () => {
    const r = await app.ok<{ total: number; points: unknown[] }>(path('new-players', { bucket: '1d' }));
    expect(r.total).toBe(4);
    expect(r.points).toEqual([
      { time: iso(D), players: 3 },
      { time: iso(D + DAY), players: 1 }, // P4; P1 was already known
    ]);
  });

  it('counts sessions and their average length', async () => {
    const r = await app.ok(path('sessions', { bucket: '1d' }));
    expect(r).toMatchObject({
      total: 5,
      averageSeconds: 2700, // (7200 + 600 + 300) / 3 sessions ended
      points: [
        { time: iso(D), sessions: 3, averageSeconds: 2700 },
        { time: iso(D + DAY), sessions: 2, averageSeconds: null },
      ],
    });
  });

  it('builds the progression funnel per level, in natural level order', async () => {
    const r = await app.ok<{ levels: unknown[] }>(path('progression'));
    expect(r.levels).toEqual([
      { level: 'level-1', started: 2, completed: 1, failed: 1 },
      { level: 'level-2', started: 1, completed: 0, failed: 0 },
      { level: 'level-10', started: 1, completed: 0, failed: 0 },
    ]);
  });

  it('sums revenue per currency in minor units', async () => {
    const r = await app.ok<{ currencies: unknown[] }>(path('revenue', { bucket: '1d' }));
    expect(r.currencies).toEqual([
      {
        currency: 'USD',
        amount: 999,
        purchases: 1,
        points: [
          { time: iso(D), amount: 999, purchases: 1 },
          { time: iso(D + DAY), amount: 0, purchases: 0 },
        ],
      },
      {
        currency: 'EUR',
        amount: 698, // 499 + 199
        purchases: 2,
        points: [
          { time: iso(D), amount: 698, purchases: 2 },
          { time: iso(D + DAY), amount: 0, purchases: 0 },
        ],
      },
    ]);
  });

  it('counts errors per severity', async () => {
    const r = await app.ok<{ total: number; series: Series[] }>(path('errors', { bucket: '1d' }));
    expect(r.total).toBe(3);
    expect(byKey(r.series)).toEqual({
      debug: [0, 0],
      info: [0, 0],
      warning: [0, 1],
      error: [1, 0],
      critical: [1, 0],
    });
  });

  it('follows the time zone: local days in Paris (rollups) and Kolkata (raw events, +05:30)', async () => {
    // In both zones every event of D stays on local day D; P1's 05:00Z events are on D+1; P4's
    // 23:30Z events fall on local D+2.
    for (const [tz, offset] of [
      ['Europe/Paris', HOUR],
      ['Asia/Kolkata', 5.5 * HOUR],
    ] as const) {
      const r = await app.ok<{ total: number; from: string; series: Series[] }>(
        path('events', { bucket: '1d', tz, from: iso(D - offset), to: iso(D + 3 * DAY - offset) }),
      );
      expect(r.from).toBe(iso(D - offset));
      expect(r.series[0]!.points.map((p) => p.time)).toEqual([
        iso(D - offset),
        iso(D + DAY - offset),
        iso(D + 2 * DAY - offset),
      ]);
      expect(byKey(r.series)).toEqual({
        session_start: [3, 1, 1],
        session_end: [3, 0, 0],
        design: [4, 1, 0],
        progression: [6, 0, 0],
        purchase: [3, 0, 0],
        error: [2, 0, 1],
      });
    }
  });

  it('rolled the late events up into hourly and daily rollups, which hold the raw figures', async () => {
    const repo = stack.repository();
    const spec = { game, fromMs: D, toMs: D + 2 * DAY, groupBy: [], measures: ['events', 'amount'] } as const;
    const [raw, hourly, daily] = await repo.sumEvents([
      { ...spec, tier: 'raw' },
      { ...spec, tier: 'hourly' },
      { ...spec, tier: 'daily' },
    ]);
    for (const rows of [raw, hourly, daily]) {
      expect(rows).toHaveLength(1);
      expect(rows![0]).toMatchObject({ events: 25, amount: 499 + 199 + 999 });
    }
  });

  it('widens a range to whole buckets', async () => {
    const r = await app.ok<{ from: string; to: string; series: Series[] }>(
      path('events', { bucket: '1h', from: iso(D + 1 * HOUR + 15 * MIN), to: iso(D + 2 * HOUR + 1) }),
    );
    expect([r.from, r.to]).toEqual([iso(D + 1 * HOUR), iso(D + 3 * HOUR)]);
    expect(byKey(r.series).design).toEqual([3, 0]);
  });

  it('answers the summary: range totals, and today (empty: all events are older)', async () => {
    const r = await app.ok(`/v1/games/${game}/summary${qs(range)}`);
    expect(r).toMatchObject({
      gameId: game,
      tz: 'UTC',
      onlineNow: 0,
      totalPlayers: 4,
      range: {
        from: iso(D),
        to: iso(D + 2 * DAY),
        events: 25,
        activePlayers: 4,
        newPlayers: 4,
        sessions: 5,
        averageSessionSeconds: 2700,
        revenue: [
          { currency: 'USD', amount: 999, purchases: 1 },
          { currency: 'EUR', amount: 698, purchases: 2 },
        ],
        errors: 3,
      },
      today: {
        events: 0,
        activePlayers: 0,
        newPlayers: 0,
        sessions: 0,
        averageSessionSeconds: null,
        revenue: [],
        errors: 0,
      },
    });
  });

  it('changes no figure when the same records are published again and when a new group replays the topic', async () => {
    const before = await everyFigure();
    const s = app.consumer().status();
    // 1) The same events published a second time (a client retry that ingestion accepted twice).
    await stack.produce(events);
    await app.drained(s.handled + s.deadLettered + events.length);
    expect(await everyFigure()).toEqual(before);
    // 2) Offsets reset: a fresh instance with a new consumer group reads the topic from the start.
    await stack.stop(app);
    app = await stack.start({ KAFKA_GROUP_ID: `${stack.database}_replay` });
    await app.drained(2 * events.length);
    expect(await everyFigure()).toEqual(before);
  });
});
