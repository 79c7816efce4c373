import {
  bucketFor,
  customRangeProblem,
  parseRange,
  rangeToParams,
  selectionFromKey,
  selectionKey,
  toDashboardRange,
} from './range';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('dashboard ranges', () => {
  it('picks the smallest bucket that keeps a chart at or under 240 points', () => {
    expect(bucketFor(HOUR)).toBe('ONE_MINUTE'); // 60 points
    expect(bucketFor(DAY)).toBe('FIFTEEN_MINUTES'); // 1440 at 1 min, 288 at 5 min, 96 at 15 min
    expect(bucketFor(7 * DAY)).toBe('ONE_HOUR'); // 168
    expect(bucketFor(30 * DAY)).toBe('SIX_HOURS'); // 720 hourly is too many, 120 six-hourly
    expect(bucketFor(90 * DAY)).toBe('ONE_DAY'); // 360 six-hourly is too many, 90 daily
    expect(bucketFor(400 * DAY)).toBe('ONE_DAY');
  });

  it('sends every preset as the BFF’s `last`, 90 days included, and a custom range as from/to', () => {
    expect(toDashboardRange({ kind: 'preset', id: '7d' })).toEqual({ last: 'LAST_7_DAYS' });
    expect(toDashboardRange({ kind: 'preset', id: '90d' })).toEqual({ last: 'LAST_90_DAYS' });
    const from = new Date('2026-11-01T00:00:00.000Z');
    const to = new Date('2026-11-02T00:00:00.000Z');
    expect(toDashboardRange({ kind: 'custom', from, to })).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
  });

  it('reads the range from the URL, falling back to 24 hours for anything it does not understand', () => {
    expect(parseRange(new URLSearchParams('range=30d'))).toEqual({ kind: 'preset', id: '30d' });
    expect(parseRange(new URLSearchParams('range=2y'))).toEqual({ kind: 'preset', id: '24h' });
    expect(parseRange(new URLSearchParams('from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z'))).toEqual({
      kind: 'preset',
      id: '24h',
    });
    const custom = parseRange(
      new URLSearchParams('from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z'),
    );
    expect(custom.kind).toBe('custom');
    expect(rangeToParams(custom)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
    expect(selectionFromKey(selectionKey(custom))).toEqual(custom);
  });

  it('explains what is wrong with a custom range', () => {
    const d = (s: string) => new Date(s);
    expect(customRangeProblem(d('2026-11-02'), d('2026-11-01'))).toBe('The end must be after the start.');
    expect(customRangeProblem(d('2025-01-01'), d('2026-11-01'))).toBe('A range may span at most 400 days.');
    expect(customRangeProblem(d('invalid'), d('2026-11-01'))).toBe('Enter both a start and an end.');
    expect(customRangeProblem(d('2026-11-01'), d('2026-11-02'))).toBeUndefined();
  });
});
