import {
  planPlayers,
  planSums,
  RangeNotAvailableError,
  tierFitsBuckets,
  type TierAvailability,
} from './planner';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-24T10:37:00Z');
const t = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString();
const avail: TierAvailability = {
  nowMs: NOW,
  rawRetentionMs: 35 * D,
  hourlyRetentionMs: 400 * D,
  dailyRetentionMs: 0,
};
const all = () => true;
const show = (segs: { tier: string; from: number; to: number }[]) =>
  segs.map((s) => `${s.tier} ${iso(s.from)} ${iso(s.to)}`);

describe('planSums', () => {
  it('reads settled whole days from daily rollups, settled hours from hourly, the rest raw', () => {
    // Daily rollups settle 2 h after the day (so up to the 24th 00:00), hourly 10 min after the hour
    // (10:00 settled at 10:10; 10:37 - 10 min = 10:27 -> up to 10:00).
    expect(show(planSums(t('2026-11-20T06:30:00Z'), t('2026-11-24T11:00:00Z'), avail, all))).toEqual([
      'raw 2026-11-20T06:30:00.000Z 2026-11-20T07:00:00.000Z',
      'hourly 2026-11-20T07:00:00.000Z 2026-11-21T00:00:00.000Z',
      'daily 2026-11-21T00:00:00.000Z 2026-11-24T00:00:00.000Z',
      'hourly 2026-11-24T00:00:00.000Z 2026-11-24T10:00:00.000Z',
      'raw 2026-11-24T10:00:00.000Z 2026-11-24T11:00:00.000Z',
    ]);
  });

  it('keeps the just-ended hour on raw events until its rollup settled', () => {
    const at = { ...avail, nowMs: t('2026-11-24T10:05:00Z') };
    expect(show(planSums(t('2026-11-24T08:00:00Z'), t('2026-11-24T11:00:00Z'), at, all))).toEqual([
      'hourly 2026-11-24T08:00:00.000Z 2026-11-24T09:00:00.000Z',
      'raw 2026-11-24T09:00:00.000Z 2026-11-24T11:00:00.000Z',
    ]);
  });

  it('uses raw events only when no rollup tier fits the buckets', () => {
    expect(show(planSums(t('2026-11-20T00:00:00Z'), t('2026-11-22T00:00:00Z'), avail, () => false))).toEqual([
      'raw 2026-11-20T00:00:00.000Z 2026-11-22T00:00:00.000Z',
    ]);
  });

  it('refuses a range that is older than raw retention when only raw events could answer', () => {
    expect(() => planSums(NOW - 40 * D, NOW - 39 * D, avail, () => false)).toThrow(RangeNotAvailableError);
    // Hourly rollups hold it.
    expect(
      planSums(t('2026-10-10T00:00:00Z'), t('2026-10-11T00:00:00Z'), avail, (tier) => tier === 'hourly'),
    ).toEqual([{ tier: 'hourly', from: t('2026-10-10T00:00:00Z'), to: t('2026-10-11T00:00:00Z') }]);
  });
});

describe('tierFitsBuckets', () => {
  it('needs every bucket boundary on the tier grid', () => {
    const paris = [t('2026-11-23T23:00:00Z'), t('2026-11-24T23:00:00Z')];
    expect(tierFitsBuckets('hourly', D, paris)).toBe(true);
    expect(tierFitsBuckets('daily', D, paris)).toBe(false);
    expect(tierFitsBuckets('daily', D, [t('2026-11-24T00:00:00Z'), t('2026-11-25T00:00:00Z')])).toBe(true);
    expect(tierFitsBuckets('hourly', D, [t('2026-11-23T18:30:00Z')])).toBe(false);
    expect(tierFitsBuckets('hourly', 15 * 60_000, [t('2026-11-24T00:00:00Z')])).toBe(false);
  });
});

describe('planPlayers', () => {
  it('picks the coarsest presence tier that fits and holds the start', () => {
    expect(planPlayers(NOW - 100 * D, avail, all)).toBe('daily');
    expect(planPlayers(NOW - 100 * D, avail, (tier) => tier === 'hourly')).toBe('hourly');
    expect(planPlayers(NOW - D, avail, () => false)).toBe('raw');
    expect(() => planPlayers(NOW - 500 * D, avail, (tier) => tier === 'hourly')).toThrow(
      RangeNotAvailableError,
    );
  });
});
