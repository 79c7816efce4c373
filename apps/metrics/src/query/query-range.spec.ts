import { DomainError } from '@gt/service-kit';
import { resolvePeriod, resolveSeriesRange } from './query-range';

const NOW = Date.parse('2026-11-24T10:37:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

function problem(fn: () => unknown): { code: string; status: number; field?: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError)
      return { code: e.code, status: e.status, field: e.details?.errors?.[0]?.field };
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('resolveSeriesRange', () => {
  it('defaults to the last 24 hours in hourly buckets, UTC, widened to whole buckets', () => {
    const r = resolveSeriesRange({}, NOW, 1500);
    expect([iso(r.from), iso(r.to), r.bucket, r.tz, r.starts.length]).toEqual([
      '2026-11-23T10:00:00.000Z',
      '2026-11-24T11:00:00.000Z',
      '1h',
      'UTC',
      25,
    ]);
  });

  it('aligns days to local midnight of the time zone', () => {
    const r = resolveSeriesRange(
      {
        from: '2026-11-20T12:00:00+01:00',
        to: '2026-11-22T00:00:00+01:00',
        bucket: '1d',
        tz: 'Europe/Paris',
      },
      NOW,
      1500,
    );
    expect(r.starts.map(iso)).toEqual(['2026-11-19T23:00:00.000Z', '2026-11-20T23:00:00.000Z']);
    expect(iso(r.to)).toBe('2026-11-21T23:00:00.000Z');
  });

  it('refuses bad ranges, zones and too many buckets with a code and the field', () => {
    expect(problem(() => resolveSeriesRange({ from: iso(NOW), to: iso(NOW) }, NOW, 1500))).toEqual({
      code: 'INVALID_RANGE',
      status: 400,
      field: 'to',
    });
    expect(problem(() => resolveSeriesRange({ from: '2026-11-24' }, NOW, 1500))).toMatchObject({
      code: 'INVALID_RANGE',
      field: 'from',
    });
    expect(problem(() => resolveSeriesRange({ tz: 'Nowhere/Land' }, NOW, 1500))).toMatchObject({
      code: 'INVALID_TIMEZONE',
      field: 'tz',
    });
    expect(problem(() => resolveSeriesRange({ bucket: '1m' }, NOW, 1000))).toMatchObject({
      code: 'TOO_MANY_BUCKETS',
      field: 'bucket',
    });
  });
});

describe('resolvePeriod', () => {
  it('keeps the exact range (no buckets) and defaults to the last 24 hours', () => {
    expect(resolvePeriod({}, NOW)).toEqual({ from: NOW - 86_400_000, to: NOW, tz: 'UTC' });
    expect(resolvePeriod({ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }, NOW)).toEqual({
      from: Date.parse('2026-11-01T00:00:00Z'),
      to: Date.parse('2026-11-02T00:00:00Z'),
      tz: 'UTC',
    });
  });
});
