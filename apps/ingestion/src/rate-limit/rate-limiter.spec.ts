import { DomainError } from '@gt/service-kit';
import { manualClock, testConfig } from '../../test/fakes';
import { RateLimiter } from './rate-limiter';

function setup() {
  const clock = manualClock();
  const limiter = new RateLimiter(
    testConfig({
      RATE_LIMIT_EVENTS_PER_SECOND: '100',
      RATE_LIMIT_BURST: '500',
      MAX_EVENTS_PER_REQUEST: '500',
    }),
    clock,
  );
  return { clock, limiter };
}

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected RATE_LIMITED');
}

describe('RateLimiter', () => {
  it('lets a burst through, then refuses with Retry-After until enough tokens have refilled', () => {
    const { clock, limiter } = setup();
    limiter.consume('k', 500);
    const e = refusal(() => limiter.consume('k', 250));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.status).toBe(429);
    // 250 events at 100/s: 2.5 s, rounded up.
    expect(e.details?.retryAfterSeconds).toBe(3);
    clock.advance(2_500);
    expect(() => limiter.consume('k', 250)).not.toThrow();
  });

  it('counts each key on its own', () => {
    const { limiter } = setup();
    limiter.consume('a', 500);
    expect(() => limiter.consume('b', 500)).not.toThrow();
    expect(() => limiter.consume('a', 1)).toThrow(DomainError);
  });

  it('charges an empty request one token, so empty requests are not free', () => {
    const { limiter } = setup();
    for (let i = 0; i < 500; i++) limiter.consume('k', 0);
    expect(() => limiter.consume('k', 0)).toThrow(DomainError);
  });

  it('never refills beyond the burst', () => {
    const { clock, limiter } = setup();
    clock.advance(3_600_000);
    limiter.consume('k', 500);
    expect(() => limiter.consume('k', 1)).toThrow(DomainError);
  });
});
