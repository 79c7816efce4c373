import {
  answerablePeriod,
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

describe('answerablePeriod', () => {
  const show1 = (p: { from: number; to: number }) => `${iso(p.from)} ${iso(p.to)}`;

  it('leaves a range that raw events still hold as it is', () => {
    expect(show1(answerablePeriod(t('2026-11-20T06:31:00Z'), NOW, avail))).toBe(
      '2026-11-20T06:31:00.000Z 2026-11-24T10:37:00.000Z',
    );
  });

  it('widens the portal 90-day range (minute edges, start 55 days before raw retention) to whole hours', () => {
    const to = t('2026-11-24T10:38:00Z'); // the portal's "now", rounded up to the minute
    const p = answerablePeriod(to - 90 * D, to, avail);
    expect(show1(p)).toBe('2026-08-26T10:00:00.000Z 2026-11-24T11:00:00.000Z');
    // And the planner then answers it without any raw segment older than raw retention.
    expect(show(planSums(p.from, p.to, avail, all))).toEqual([
      'hourly 2026-08-26T10:00:00.000Z 2026-08-27T00:00:00.000Z',
      'daily 2026-08-27T00:00:00.000Z 2026-11-24T00:00:00.000Z',
      'hourly 2026-11-24T00:00:00.000Z 2026-11-24T10:00:00.000Z',
      'raw 2026-11-24T10:00:00.000Z 2026-11-24T11:00:00.000Z',
    ]);
    // Whole hours: hourly presence can count its distinct players.
    expect(planPlayers(p.from, avail, (tier) => tier === 'hourly')).toBe('hourly');
  });

  it('widens a range older than hourly retention to whole UTC days', () => {
    const p = answerablePeriod(t('2025-09-01T10:15:00Z'), t('2025-09-03T08:00:00Z'), avail);
    expect(show1(p)).toBe('2025-09-01T00:00:00.000Z 2025-09-04T00:00:00.000Z');
  });

  it('refuses a start no tier holds, naming a finite earliest start', () => {
    const finite = { ...avail, dailyRetentionMs: 800 * D };
    let caught: unknown;
    try {
      answerablePeriod(NOW - 900 * D, NOW, finite);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RangeNotAvailableError);
    // The first whole UTC day daily rollups still hold: 800 days before 2026-11-24T10:37 is
    // 2024-09-15T10:37, so the 16th.
    expect(iso((caught as RangeNotAvailableError).earliest)).toBe('2024-09-16T00:00:00.000Z');
  });
});

describe('RangeNotAvailableError.earliest', () => {
  it('is a finite instant even when a tier kept forever takes part (the cause of the 90-day 500)', () => {
    // An unaligned old start planned directly (without answerablePeriod) leaves a raw edge.
    let caught: unknown;
    try {
      planSums(NOW - 90 * D, NOW, avail, all);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RangeNotAvailableError);
    expect(Number.isFinite((caught as RangeNotAvailableError).earliest)).toBe(true);
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
