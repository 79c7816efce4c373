import {
  bucketStart,
  bucketStarts,
  isValidTimeZone,
  nextBucketStart,
  TooManyBucketsError,
  zoneOffsetMs,
} from './time-grid';

const H = 3_600_000;
const D = 24 * H;
const t = (s: string) => Date.parse(s);

describe('time zones', () => {
  it('knows IANA zones and refuses others', () => {
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('computes offsets, DST included', () => {
    expect(zoneOffsetMs('Europe/Paris', t('2026-07-01T12:00:00Z'))).toBe(2 * H);
    expect(zoneOffsetMs('Europe/Paris', t('2026-11-24T12:00:00Z'))).toBe(1 * H);
    expect(zoneOffsetMs('Asia/Kolkata', t('2026-11-24T12:00:00Z'))).toBe(5.5 * H);
    expect(zoneOffsetMs('America/New_York', t('2026-11-24T12:00:00Z'))).toBe(-5 * H);
  });
});

describe('buckets as InfluxDB makes them', () => {
  it('starts days at local midnight', () => {
    expect(bucketStart(t('2026-11-24T10:00:00Z'), D, 'UTC')).toBe(t('2026-11-24T00:00:00Z'));
    expect(bucketStart(t('2026-11-24T10:00:00Z'), D, 'Europe/Paris')).toBe(t('2026-11-23T23:00:00Z'));
    expect(bucketStart(t('2026-11-24T23:30:00Z'), D, 'Europe/Paris')).toBe(t('2026-11-24T23:00:00Z'));
    expect(bucketStart(t('2026-11-24T02:00:00Z'), D, 'America/New_York')).toBe(t('2026-11-23T05:00:00Z'));
  });

  // Observed on InfluxDB 1.6 with GROUP BY time(1d) tz('Europe/Paris'): 25 October 2026 (CEST ->
  // CET) starts at 22:00Z on the 24th and lasts 25 hours, so the 26th starts at 23:00Z.
  it('makes a 25-hour day when DST ends and a 23-hour day when it starts', () => {
    const autumn = bucketStarts(t('2026-10-24T12:00:00Z'), t('2026-10-27T00:00:00Z'), D, 'Europe/Paris', 10);
    expect(autumn.map((s) => new Date(s).toISOString())).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-10-26T23:00:00.000Z',
    ]);
    const spring = bucketStarts(t('2026-03-28T12:00:00Z'), t('2026-03-30T12:00:00Z'), D, 'Europe/Paris', 10);
    expect(spring.map((s) => new Date(s).toISOString())).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });

  it('aligns 6-hour buckets to local 00, 06, 12, 18 across a DST change', () => {
    const s = bucketStarts(t('2026-10-24T12:00:00Z'), t('2026-10-25T18:00:00Z'), 6 * H, 'Europe/Paris', 20);
    // Same instants InfluxDB 1.6 answered (local 12:00 and 18:00 CEST, then CET).
    expect(s.map((x) => new Date(x).toISOString())).toEqual([
      '2026-10-24T10:00:00.000Z',
      '2026-10-24T16:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T05:00:00.000Z',
      '2026-10-25T11:00:00.000Z',
      '2026-10-25T17:00:00.000Z',
    ]);
  });

  it('follows half-hour zones for hours', () => {
    expect(bucketStart(t('2026-11-24T10:10:00Z'), H, 'Asia/Kolkata')).toBe(t('2026-11-24T09:30:00Z'));
    expect(nextBucketStart(t('2026-11-24T09:30:00Z'), H, 'Asia/Kolkata')).toBe(t('2026-11-24T10:30:00Z'));
  });

  it('stops at the bucket limit', () => {
    expect(
      bucketStarts(t('2026-11-24T00:00:00Z'), t('2026-11-24T01:00:00Z'), 60_000, 'UTC', 60),
    ).toHaveLength(60);
    expect(() =>
      bucketStarts(t('2026-11-24T00:00:00Z'), t('2026-11-24T01:00:01Z'), 60_000, 'UTC', 60),
    ).toThrow(TooManyBucketsError);
  });
});
