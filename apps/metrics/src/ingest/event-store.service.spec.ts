import { makeEnvelope, makeEvent, type EventEnvelope } from '@gt/contracts';
import { InfluxRejectedError, InfluxUnavailableError } from '../storage/influx.errors';
import type { LinesToWrite, RollupRange } from '../storage/influx.repository';
import { EventStore, type EventStoreRepository } from './event-store.service';
import type { FirstSeenTracker } from './first-seen.tracker';

const NOW = Date.parse('2026-11-24T10:30:00Z');
const H = 3_600_000;
const at = (ms: number) => new Date(ms).toISOString();

function setup(opts: { refuse?: (line: string) => boolean; down?: () => boolean } = {}) {
  const written: LinesToWrite[] = [];
  const rollups: RollupRange[][] = [];
  const marked: RollupRange[][] = [];
  const firstSeen: Map<string, Map<string, number>>[] = [];
  const repo: EventStoreRepository = {
    write: (batches) => {
      if (opts.down?.()) return Promise.reject(new InfluxUnavailableError('down'));
      const bad = batches.some((b) => b.lines.some((l) => opts.refuse?.(l)));
      if (bad)
        return Promise.reject(
          new InfluxRejectedError('partial write: max-values-per-tag limit exceeded', 400),
        );
      written.push(...batches.filter((b) => b.lines.length > 0));
      return Promise.resolve();
    },
    markRollupsPending: (ranges) => {
      marked.push([...ranges]);
      return Promise.resolve();
    },
  };
  const pending = { enqueue: (ranges: readonly RollupRange[]) => rollups.push([...ranges]) };
  const tracker = {
    record: (o: Map<string, Map<string, number>>) => {
      firstSeen.push(o);
      return Promise.resolve({ newPlayers: 0, moved: 0, healed: 0 });
    },
    clear: () => undefined,
  } as unknown as FirstSeenTracker;
  const store = new EventStore(
    repo,
    tracker,
    pending,
    { rawRetentionDays: 35, hourlyRetentionDays: 400, presenceCacheSize: 100 },
    () => NOW,
  );
  return { store, written, rollups, marked, firstSeen };
}

const design = (player: string, ms: number, name = 'Kill') =>
  makeEnvelope(makeEvent('design', { playerId: player, timestamp: at(ms), name }));

describe('EventStore', () => {
  it('writes raw points, one presence point per player and hour/day, first-seen times, and marks late periods', async () => {
    const { store, written, rollups, marked, firstSeen } = setup();
    const events: EventEnvelope[] = [
      design('a', NOW - 60_000),
      design('a', NOW - 30_000),
      design('b', NOW - 3 * H),
    ];
    const outcome = await store.store(events);
    expect(outcome).toMatchObject({ stored: 3, expired: 0, rejected: [], rollupRanges: 1 });
    expect(written.map((w) => [w.rp, w.lines.length])).toEqual([
      ['raw', 3],
      ['hourly', 2], // a@10:00, b@07:00
      ['daily', 2], // a, b
    ]);
    const game = events[0]!.gameId;
    expect(firstSeen[0]).toEqual(
      new Map([
        [
          game,
          new Map([
            ['a', NOW - 60_000],
            ['b', NOW - 3 * H],
          ]),
        ],
      ]),
    );
    // Only 07:00 has ended; 10:00 is the current hour (left to the continuous query). It is
    // marked pending in InfluxDB (durable) and handed to the refresher.
    expect(marked[0]).toEqual([{ tier: 'hourly', game, fromMs: NOW - 3.5 * H, toMs: NOW - 2.5 * H }]);
    expect(rollups[0]).toEqual(marked[0]);
  });

  it('does not write a presence point twice', async () => {
    const { store, written } = setup();
    await store.store([design('a', NOW - 60_000)]);
    await store.store([design('a', NOW - 50_000)]);
    expect(written.filter((w) => w.rp === 'hourly')).toHaveLength(1);
  });

  it('skips events older than raw retention (InfluxDB would drop them)', async () => {
    const { store, written } = setup();
    const outcome = await store.store([design('a', NOW - 36 * 24 * H), design('b', NOW)]);
    expect(outcome).toMatchObject({ stored: 1, expired: 1 });
    expect(written[0]!.lines).toHaveLength(1);
  });

  it('isolates the events InfluxDB refuses and stores the rest', async () => {
    const { store, written } = setup({ refuse: (l) => l.includes('name=Bad') });
    const bad = design('x', NOW, 'Bad');
    const outcome = await store.store([design('a', NOW), bad, design('b', NOW), design('c', NOW)]);
    expect(outcome.stored).toBe(3);
    expect(outcome.rejected).toEqual([
      { envelope: bad, message: expect.stringMatching(/max-values-per-tag/) },
    ]);
    expect(written.filter((w) => w.rp === 'raw').flatMap((w) => w.lines)).toHaveLength(3);
  });

  it('throws when InfluxDB is down, so the batch is retried, and writes presence again then', async () => {
    let down = true;
    const { store, written } = setup({ down: () => down });
    await expect(store.store([design('a', NOW)])).rejects.toBeInstanceOf(InfluxUnavailableError);
    down = false;
    await store.store([design('a', NOW)]);
    expect(written.map((w) => w.rp)).toEqual(['raw', 'hourly', 'daily']);
  });
});
