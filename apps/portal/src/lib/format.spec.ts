import { formatDuration, formatMoney, formatSpan, formatUtc } from './format';

describe('formatting for people', () => {
  it('turns minor units into prices, with the currency’s own decimals', () => {
    expect(formatMoney(1999, 'USD')).toMatch(/19\.99/);
    // The yen has no minor unit: 500 is 500 yen, not 5.
    expect(formatMoney(500, 'JPY')).toMatch(/500/);
    expect(formatMoney(500, 'JPY')).not.toMatch(/5\.00/);
  });

  it('writes session lengths and windows in words', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(252)).toBe('4 min 12 s');
    expect(formatDuration(3780)).toBe('1 h 3 min');
    expect(formatDuration(null)).toBe('—');
    expect(formatSpan(300)).toBe('5 minutes');
    expect(formatSpan(3600)).toBe('1 hour');
    expect(formatSpan(172800)).toBe('2 days');
  });

  it('shows the UTC instant for the hover title', () => {
    expect(formatUtc('2026-11-24T09:05:00.000Z')).toBe('2026-11-24 09:05:00 UTC');
  });
});
