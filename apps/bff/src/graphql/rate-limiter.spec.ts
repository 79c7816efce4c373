import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows `limit` requests per window and key, then says when to retry', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(60_000, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('a', 3).allowed).toBe(true);
    const refused = limiter.take('a', 3);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 60, remaining: 0 });
    // Another key has its own budget.
    expect(limiter.take('b', 3).allowed).toBe(true);
    // 45 s later the window still holds; 15 s left to wait.
    now += 45_000;
    expect(limiter.take('a', 3)).toMatchObject({ allowed: false, retryAfterSeconds: 15 });
    // A new window starts after 60 s.
    now += 15_000;
    expect(limiter.take('a', 3)).toMatchObject({ allowed: true, remaining: 2 });
  });
});
