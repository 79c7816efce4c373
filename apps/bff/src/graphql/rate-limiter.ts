/**
 * A fixed-window counter per key (a session, a token or, for anonymous callers, an IP).
 * In memory: one BFF instance enforces its own share. A deployment with several instances
 * behind a balancer gets N times the limit per caller, which still bounds abuse; a shared
 * store (Redis) would make it exact and is a drop-in behind this class.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; says whether it is within `limit` and when to retry if not. */
  take(key: string, limit: number): { allowed: boolean; retryAfterSeconds: number; remaining: number } {
    const now = this.now();
    this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    return { allowed: w.count <= limit, retryAfterSeconds, remaining: Math.max(0, limit - w.count) };
  }

  /** Drops finished windows now and then, so the map does not grow with every caller ever seen. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
