import { RangePreset, TimeBucket } from './dashboard.models';
import { defaultBucket, isTimeZone, resolveRange } from './dashboard.service';

describe('dashboard ranges', () => {
  const now = new Date('2025-03-10T12:34:56.789Z');

  it('ends a preset at now rounded up to the minute, so every series asks the same question', () => {
    expect(resolveRange({ last: RangePreset.LAST_HOUR }, now)).toEqual({
      from: new Date('2025-03-10T11:35:00.000Z'),
      to: new Date('2025-03-10T12:35:00.000Z'),
    });
    // 30 days: the benchmark's range.
    const r = resolveRange({ last: RangePreset.LAST_30_DAYS }, now);
    expect(r.to.getTime() - r.from.getTime()).toBe(30 * 86_400_000);
  });

  it('refuses ranges that are empty, backwards, too long or half given', () => {
    const from = new Date('2025-03-10T00:00:00Z');
    expect(() => resolveRange({ from, to: from }, now)).toThrow(/before/);
    expect(() => resolveRange({ from: now, to: from }, now)).toThrow(/before/);
    expect(() => resolveRange({ from: new Date('2020-01-01T00:00:00Z'), to: now }, now)).toThrow(/400 days/);
    expect(() => resolveRange({ from }, now)).toThrow(/both/);
    expect(() => resolveRange({ last: RangePreset.LAST_HOUR, from }, now)).toThrow(/not both/);
  });

  it('picks a bucket that keeps charts readable', () => {
    expect(defaultBucket(3_600_000)).toBe(TimeBucket.ONE_MINUTE);
    expect(defaultBucket(86_400_000)).toBe(TimeBucket.ONE_HOUR);
    expect(defaultBucket(30 * 86_400_000)).toBe(TimeBucket.ONE_DAY);
  });

  it('covers the last 90 days with the 90-day preset, in daily buckets (90 points)', () => {
    const r = resolveRange({ last: RangePreset.LAST_90_DAYS }, now);
    expect(r).toEqual({
      from: new Date('2024-12-10T12:35:00.000Z'),
      to: new Date('2025-03-10T12:35:00.000Z'),
    });
    expect(defaultBucket(r.to.getTime() - r.from.getTime())).toBe(TimeBucket.ONE_DAY);
  });

  it('gives every preset a bucket of at most a few hundred points', () => {
    const MINUTE = 60_000;
    const bucketMs: Record<TimeBucket, number> = {
      [TimeBucket.ONE_MINUTE]: MINUTE,
      [TimeBucket.FIVE_MINUTES]: 5 * MINUTE,
      [TimeBucket.FIFTEEN_MINUTES]: 15 * MINUTE,
      [TimeBucket.ONE_HOUR]: 60 * MINUTE,
      [TimeBucket.SIX_HOURS]: 360 * MINUTE,
      [TimeBucket.ONE_DAY]: 1440 * MINUTE,
    };
    for (const last of Object.values(RangePreset)) {
      const { from, to } = resolveRange({ last }, now);
      const span = to.getTime() - from.getTime();
      expect(span / bucketMs[defaultBucket(span)]).toBeLessThanOrEqual(240);
    }
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
