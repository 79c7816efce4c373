import { lateRollupRanges } from './rollup-ranges';

const H = 3_600_000;
const D = 24 * H;
const t = (s: string) => Date.parse(s);
const w = { nowMs: t('2026-11-24T10:20:00Z'), rawRetentionMs: 35 * D, hourlyRetentionMs: 400 * D };

describe('lateRollupRanges', () => {
  it('refreshes ended hours (merged when consecutive) and ended days, not the current ones', () => {
    const touched = new Map([
      [
        'g1',
        new Set([
          t('2026-11-24T10:00:00Z'),
          t('2026-11-24T09:00:00Z'),
          t('2026-11-22T05:00:00Z'),
          t('2026-11-22T06:00:00Z'),
          t('2026-11-22T08:00:00Z'),
        ]),
      ],
    ]);
    expect(lateRollupRanges(touched, w)).toEqual([
      { tier: 'hourly', game: 'g1', fromMs: t('2026-11-22T05:00:00Z'), toMs: t('2026-11-22T07:00:00Z') },
      { tier: 'hourly', game: 'g1', fromMs: t('2026-11-22T08:00:00Z'), toMs: t('2026-11-22T09:00:00Z') },
      { tier: 'hourly', game: 'g1', fromMs: t('2026-11-24T09:00:00Z'), toMs: t('2026-11-24T10:00:00Z') },
      { tier: 'daily', game: 'g1', fromMs: t('2026-11-22T00:00:00Z'), toMs: t('2026-11-23T00:00:00Z') },
    ]);
  });

  it('leaves alone hours whose raw events are partly expired (a rollup from them would shrink)', () => {
    const old = t('2026-11-24T10:00:00Z') - 35 * D;
    expect(lateRollupRanges(new Map([['g', new Set([old, old + H])]]), w)).toEqual([
      { tier: 'hourly', game: 'g', fromMs: old + H, toMs: old + 2 * H },
      // Days are recomputed from hourly rollups, which are kept much longer.
      { tier: 'daily', game: 'g', fromMs: t('2026-10-20T00:00:00Z'), toMs: t('2026-10-21T00:00:00Z') },
    ]);
  });
});
