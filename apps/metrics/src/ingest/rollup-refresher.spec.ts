import type { RollupRange } from '../storage/influx.repository';
import { RollupRefresher, toRanges } from './rollup-refresher';

const H = 3_600_000;
const T = Date.parse('2026-11-20T00:00:00Z');

function fakeRepo(left: RollupRange[] = []) {
  const refreshed: RollupRange[][] = [];
  const cleared: RollupRange[][] = [];
  let failing = false;
  let during: (() => void) | undefined;
  const repo = {
    pendingRollups: () => Promise.resolve(left),
    refreshRollups: (r: readonly RollupRange[]) => {
      if (failing) return Promise.reject(new Error('down'));
      refreshed.push([...r]);
      during?.();
      return Promise.resolve();
    },
    clearPendingRollups: (r: readonly RollupRange[]) => {
      cleared.push([...r]);
      return Promise.resolve();
    },
  };
  return {
    repo,
    refreshed,
    cleared,
    fail: (v: boolean) => (failing = v),
    onRefresh: (f: () => void) => (during = f),
  };
}

describe('RollupRefresher', () => {
  it('recomputes every pending period once per pass, merged into ranges, then unmarks them', async () => {
    const f = fakeRepo();
    const r = new RollupRefresher(f.repo, 60_000);
    r.enqueue([{ tier: 'hourly', game: 'g', fromMs: T, toMs: T + H }]);
    r.enqueue([{ tier: 'hourly', game: 'g', fromMs: T, toMs: T + 2 * H }]); // overlaps: one period more
    await r.refreshNow();
    expect(f.refreshed).toEqual([[{ tier: 'hourly', game: 'g', fromMs: T, toMs: T + 2 * H }]]);
    expect(f.cleared).toEqual(f.refreshed);
    expect(r.size()).toBe(0);
  });

  it('keeps a period marked again during its refresh for the next pass', async () => {
    const f = fakeRepo();
    const r = new RollupRefresher(f.repo, 60_000);
    r.enqueue([{ tier: 'hourly', game: 'g', fromMs: T, toMs: T + H }]);
    f.onRefresh(() => r.enqueue([{ tier: 'hourly', game: 'g', fromMs: T, toMs: T + H }]));
    await r.refreshNow();
    expect(f.cleared).toEqual([[]]);
    expect(r.size()).toBe(1);
  });

  it('keeps everything when InfluxDB is down, and resumes marks left by a previous run', async () => {
    const f = fakeRepo([{ tier: 'daily', game: 'g', fromMs: T, toMs: T + 24 * H }]);
    const r = new RollupRefresher(f.repo, 60_000);
    await r.start();
    f.fail(true);
    await r.refreshNow();
    expect(r.size()).toBe(1);
    expect(r.error()).toBe('down');
    f.fail(false);
    await r.stop();
    expect(r.size()).toBe(0);
  });

  it('merges consecutive periods per tier and game', () => {
    expect(
      toRanges([
        { tier: 'hourly', game: 'b', start: T },
        { tier: 'hourly', game: 'a', start: T + H },
        { tier: 'hourly', game: 'a', start: T },
        { tier: 'hourly', game: 'a', start: T + 3 * H },
        { tier: 'daily', game: 'a', start: T },
      ]),
    ).toEqual([
      { tier: 'daily', game: 'a', fromMs: T, toMs: T + 24 * H },
      { tier: 'hourly', game: 'a', fromMs: T, toMs: T + 2 * H },
      { tier: 'hourly', game: 'a', fromMs: T + 3 * H, toMs: T + 4 * H },
      { tier: 'hourly', game: 'b', fromMs: T, toMs: T + H },
    ]);
  });
});
