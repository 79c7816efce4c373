import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from './backoff';

describe('backoffDelay', () => {
  it('doubles from initialDelayMs up to maxDelayMs, with half of each step random', () => {
    const opts = { initialDelayMs: 1000, maxDelayMs: 8000 };
    expect([0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, opts, () => 0))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, opts, () => 0.999999))).toEqual(
      [1000, 2000, 4000, 8000, 8000].map((n) => expect.closeTo(n, 0) as unknown as number),
    );
  });

  it('waits at least what Retry-After asked, up to ten minutes', () => {
    expect(backoffDelay(0, {}, () => 0, 30_000)).toBe(30_000);
    expect(backoffDelay(0, {}, () => 0, 24 * 3600_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
