import { firstSeenShard, firstSeenTimeNs } from './event-points';
import { FirstSeenTracker, type FirstSeenStore } from './first-seen.tracker';

/** An in-memory players_first_seen: (game, player) -> times (ns). */
function fakeStore() {
  const points = new Map<string, bigint[]>();
  const lookups: string[][] = [];
  const loads: string[] = [];
  const store: FirstSeenStore = {
    findFirstSeen: (game, players) => {
      lookups.push([...players]);
      const out = new Map<string, bigint[]>();
      for (const p of players) {
        const list = points.get(`${game}:${p}`);
        if (list?.length)
          out.set(
            p,
            [...list].sort((a, b) => (a < b ? -1 : 1)),
          );
      }
      return Promise.resolve(out);
    },
    allFirstSeen: (game, max) => {
      loads.push(game);
      const out = new Map<string, bigint[]>();
      for (const [k, list] of points)
        if (k.startsWith(`${game}:`) && list.length) out.set(k.slice(game.length + 1), [...list]);
      return Promise.resolve(out.size > max ? undefined : out);
    },
    deleteFirstSeen: (dels) => {
      for (const d of dels) {
        for (const [k, list] of points) {
          if (k.startsWith(`${d.game}:`) && firstSeenShard(k.slice(d.game.length + 1)) === d.shard) {
            points.set(
              k,
              list.filter((t) => t !== d.timeNs),
            );
          }
        }
      }
      return Promise.resolve();
    },
    write: (batches) => {
      for (const b of batches) {
        for (const line of b.lines) {
          const m = /^players_first_seen,game=([^,]+),shard=\d+ player="(.*)" (\d+)$/.exec(line)!;
          const k = `${m[1]}:${m[2]}`;
          points.set(k, [...(points.get(k) ?? []), BigInt(m[3]!)]);
        }
      }
      return Promise.resolve();
    },
  };
  return { store, points, lookups, loads };
}

const T = Date.parse('2026-11-24T10:00:00Z');
const obs = (game: string, entries: [string, number][]) => new Map([[game, new Map(entries)]]);

describe('FirstSeenTracker', () => {
  it('records a player once, at their earliest event of the batch', async () => {
    const { store, points } = fakeStore();
    const tracker = new FirstSeenTracker(store, 1000);
    expect(
      await tracker.record(
        obs('g', [
          ['p1', T + 5],
          ['p2', T],
        ]),
      ),
    ).toEqual({ newPlayers: 2, moved: 0, healed: 0 });
    expect(await tracker.record(obs('g', [['p1', T + 60_000]]))).toEqual({
      newPlayers: 0,
      moved: 0,
      healed: 0,
    });
    expect(points.get('g:p1')).toEqual([firstSeenTimeNs('p1', T + 5)]);
  });

  it('knows players recorded by an earlier process: loads the game once, then answers from memory', async () => {
    const { store, lookups, loads } = fakeStore();
    await new FirstSeenTracker(store, 1000).record(obs('g', [['p1', T]]));
    const fresh = new FirstSeenTracker(store, 1000);
    expect((await fresh.record(obs('g', [['p1', T + 1000]]))).newPlayers).toBe(0);
    expect(
      (
        await fresh.record(
          obs('g', [
            ['p1', T + 2000],
            ['p2', T + 2000],
          ]),
        )
      ).newPlayers,
    ).toBe(1);
    expect(loads).toEqual(['g', 'g']); // once per process
    expect(lookups).toEqual([]);
  });

  it('reloads after clear() (another consumer may have recorded players meanwhile)', async () => {
    const { store, loads } = fakeStore();
    const a = new FirstSeenTracker(store, 1000);
    const b = new FirstSeenTracker(store, 1000);
    await a.record(obs('g', [['p0', T]]));
    await b.record(obs('g', [['p0', T]])); // b holds a snapshot without p1
    await a.record(obs('g', [['p1', T]])); // a records p1 (b does not know)
    b.clear(); // b noticed a rebalance
    expect((await b.record(obs('g', [['p1', T + 5]]))).newPlayers).toBe(0);
    expect(loads).toEqual(['g', 'g', 'g']);
  });

  it('looks players up, one batch at a time, in a game too large to hold', async () => {
    const { store, lookups, points } = fakeStore();
    for (let i = 0; i < 5; i++) points.set(`g:p${i}`, [firstSeenTimeNs(`p${i}`, T)]);
    const tracker = new FirstSeenTracker(store, 3); // room for 3 players, the game has 5
    expect(
      (
        await tracker.record(
          obs('g', [
            ['p1', T + 1],
            ['p9', T + 1],
          ]),
        )
      ).newPlayers,
    ).toBe(1);
    expect(
      (
        await tracker.record(
          obs('g', [
            ['p1', T + 2],
            ['p9', T + 2],
          ]),
        )
      ).newPlayers,
    ).toBe(0);
    expect(lookups).toEqual([['p1', 'p9']]); // the second batch was answered by the cache
  });

  it('moves a player whose earlier event arrives late, leaving one point', async () => {
    const { store, points } = fakeStore();
    const tracker = new FirstSeenTracker(store, 1000);
    await tracker.record(obs('g', [['p1', T]]));
    expect(await tracker.record(obs('g', [['p1', T - 3_600_000]]))).toEqual({
      newPlayers: 0,
      moved: 1,
      healed: 0,
    });
    expect(points.get('g:p1')).toEqual([firstSeenTimeNs('p1', T - 3_600_000)]);
  });

  it('heals a duplicate left by a crash between write and delete', async () => {
    const { store, points } = fakeStore();
    points.set('g:p1', [firstSeenTimeNs('p1', T), firstSeenTimeNs('p1', T - 1000)]);
    const result = await new FirstSeenTracker(store, 1000).record(obs('g', [['p1', T + 1]]));
    expect(result).toEqual({ newPlayers: 0, moved: 0, healed: 1 });
    expect(points.get('g:p1')).toEqual([firstSeenTimeNs('p1', T - 1000)]);
  });

  it('keeps games apart', async () => {
    const { store } = fakeStore();
    const tracker = new FirstSeenTracker(store, 1000);
    await tracker.record(obs('g1', [['p1', T]]));
    expect((await tracker.record(obs('g2', [['p1', T]]))).newPlayers).toBe(1);
  });
});
