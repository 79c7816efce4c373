// Ranges that start before raw-event retention (35 days), as the portal's "last 90 days" view asks
// them: from/to on whole minutes, 90 days apart. Raw events that old are gone; only rollups hold
// them. Those rollups were written by the continuous queries when the data was fresh; here they are
// written directly (the consumer refuses events older than raw retention), then the answers are
// checked figure by figure. Before the fix, progression and top-events answered 500 here.
import { makeEvent } from '@gt/contracts';
import { line, presenceHourPoint } from '../src/ingest/event-points';
import { MEASUREMENT, RP } from '../src/storage/schema';
import { envelopeFor, MetricsStack, newGameId, qs, type MetricsApp } from './harness';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const floorTo = (ms: number, p: number) => Math.floor(ms / p) * p;
const ceilTo = (ms: number, p: number) => Math.ceil(ms / p) * p;

const stack = new MetricsStack('long_ranges');
let app: MetricsApp;
const game = newGameId();
// The portal's 90-day range: ends at "now" rounded up to the minute.
const to = ceilTo(Date.now(), MIN);
const from = to - 90 * DAY;
// What metrics answers for it: whole hours (raw events no longer hold the first one).
const answeredFrom = floorTo(from, HOUR);
const answeredTo = ceilTo(to, HOUR);
const sixtyDaysAgo = floorTo(to, DAY) - 60 * DAY;

/** A rollup point as the continuous queries write it: the tags of the raw series, integer sums. */
function rollup(measurement: string, tags: Record<string, string>, events: number, atMs: number): string {
  const tagText = Object.entries({ game, ...tags })
    .map(([k, v]) => `,${k}=${v}`)
    .join('');
  return `${measurement}${tagText} events=${events}i,amount=0i,duration_sum=0,duration_count=0i ${atMs}000000`;
}

beforeAll(async () => {
  await stack.setUp();
  app = await stack.start();
  const repo = stack.repository();
  await repo.write([
    {
      rp: RP.hourly,
      lines: [
        // The first (partial) hour of the range: counted, the range is widened to whole hours.
        rollup(MEASUREMENT.events1h, { type: 'design', name: 'Edge' }, 1, answeredFrom),
        // The hour before it: outside the range whatever the widening.
        rollup(MEASUREMENT.events1h, { type: 'design', name: 'Before' }, 7, answeredFrom - HOUR),
        rollup(
          MEASUREMENT.events1h,
          { type: 'progression', level: 'level-1', status: 'start' },
          1,
          answeredFrom,
        ),
        // 60 days ago, hourly presence of a player who has not come back since.
        line(presenceHourPoint(game, 'old-player', sixtyDaysAgo + 5 * HOUR)),
      ],
    },
    {
      rp: RP.daily,
      lines: [
        // 60 days ago, one whole UTC day.
        rollup(MEASUREMENT.events1d, { type: 'design', name: 'Kill' }, 5, sixtyDaysAgo),
        rollup(
          MEASUREMENT.events1d,
          { type: 'progression', level: 'level-1', status: 'start' },
          3,
          sixtyDaysAgo,
        ),
        rollup(
          MEASUREMENT.events1d,
          { type: 'progression', level: 'level-1', status: 'complete' },
          2,
          sixtyDaysAgo,
        ),
      ],
    },
  ]);
  // Recent events through Kafka: raw events, and (2 days ago, a period that ended) rollups.
  await stack.produce([
    envelopeFor(
      game,
      makeEvent('progression', {
        playerId: 'p1',
        level: 'level-1',
        status: 'fail',
        timestamp: iso(Date.now() - 2 * DAY),
      }),
    ),
    envelopeFor(
      game,
      makeEvent('design', { playerId: 'p2', name: 'Kill', timestamp: iso(Date.now() - MIN) }),
    ),
  ]);
  await app.drained(2);
});

afterAll(async () => {
  await stack.tearDown();
});

const range = { from: iso(from), to: iso(to) };

describe('the portal 90-day range (starts 55 days before raw retention)', () => {
  it('answers progression from rollups and raw events, over the range widened to whole hours', async () => {
    const r = await app.get<{ from: string; to: string; levels: unknown[] }>(
      `/v1/games/${game}/progression${qs(range)}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.from).toBe(iso(answeredFrom));
    expect(r.body.to).toBe(iso(answeredTo));
    // started: 1 in the edge hour + 3 sixty days ago; completed: 2; failed: 1 (Kafka, 2 days ago).
    expect(r.body.levels).toEqual([{ level: 'level-1', started: 4, completed: 2, failed: 1 }]);
  });

  it('answers top events: rollups of 60 days ago, the edge hour and the raw tail; nothing before the range', async () => {
    const r = await app.get<{ from: string; items: { name: string; count: number }[] }>(
      `/v1/games/${game}/top-events${qs(range)}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.from).toBe(iso(answeredFrom));
    // Kill: 5 (daily rollup) + 1 (raw, a minute ago); Edge: 1 (hourly rollup); Before: outside.
    expect(r.body.items).toEqual([
      { name: 'Kill', count: 6 },
      { name: 'Edge', count: 1 },
    ]);
  });

  it('answers the summary of the range, players counted from hourly presence', async () => {
    const r = await app.get<{ range: Record<string, unknown> }>(`/v1/games/${game}/summary${qs(range)}`);
    expect(r.status).toBe(200);
    expect(r.body.range).toMatchObject({
      from: iso(answeredFrom),
      to: iso(answeredTo),
      // 1 Edge + 1 progression in the edge hour, 10 sixty days ago, 2 through Kafka.
      events: 14,
      // old-player (60 days ago), p1 and p2.
      activePlayers: 3,
    });
  });

  it('still answers the bucketed charts of the same view (daily buckets)', async () => {
    for (const series of ['events', 'active-players', 'new-players', 'sessions', 'revenue', 'errors']) {
      const r = await app.get(`/v1/games/${game}/${series}${qs({ ...range, bucket: '1d' })}`);
      expect([series, r.status]).toEqual([series, 200]);
    }
  });

  it('still refuses, with 400 and an earliest start, what only raw events could answer', async () => {
    const r = await app.get<{ code: string; detail: string }>(
      `/v1/games/${game}/events${qs({ ...range, bucket: '15m', from: iso(to - 40 * DAY), to: iso(to - 39.5 * DAY) })}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('RANGE_NOT_AVAILABLE');
    expect(r.body.detail).toMatch(/from must be \d{4}-\d{2}-\d{2}T/);
  });
});
