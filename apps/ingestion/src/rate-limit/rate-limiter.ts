import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@gt/service-kit';
import { CLOCK, type Clock } from '../clock';
import { INGESTION_CONFIG, type IngestionConfig } from '../config';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Per-key token bucket counted in events: RATE_LIMIT_EVENTS_PER_SECOND refill, RATE_LIMIT_BURST
 * capacity. A request costs one token per event (at least one, so empty requests are not free)
 * and is refused whole, with Retry-After saying when it would fit, rather than half-accepted.
 *
 * The buckets live in this process: with N instances behind a balancer a key gets up to N times
 * the limit. That is the intent (a guard against a runaway client, not a billing quota), and it
 * keeps a shared store off the hot path.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly rate: number;
  private readonly burst: number;
  private sweeps = 0;

  constructor(
    @Inject(INGESTION_CONFIG) config: IngestionConfig,
    @Inject(CLOCK) private readonly now: Clock,
  ) {
    this.rate = config.RATE_LIMIT_EVENTS_PER_SECOND;
    this.burst = config.RATE_LIMIT_BURST;
  }

  /** Takes `events` tokens from the key's bucket or throws RATE_LIMITED (429 + Retry-After). */
  consume(keyId: string, events: number): void {
    const cost = Math.min(Math.max(events, 1), this.burst);
    const now = this.now();
    let bucket = this.buckets.get(keyId);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(keyId, bucket);
      if (++this.sweeps % 1024 === 0) this.sweep(now);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.rate);
      bucket.updatedAt = now;
    }
    if (bucket.tokens < cost) {
      const retryAfterSeconds = Math.max(1, Math.ceil((cost - bucket.tokens) / this.rate));
      throw new DomainError(
        'RATE_LIMITED',
        `This key may send ${this.rate} events per second (bursts up to ${this.burst}); retry in ${retryAfterSeconds} s`,
        429,
        { retryAfterSeconds },
      );
    }
    bucket.tokens -= cost;
  }

  /** Forgets full buckets: a key idle long enough to refill is the same as a new key. */
  private sweep(now: number): void {
    const refillMs = (this.burst / this.rate) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= refillMs) this.buckets.delete(key);
    }
  }
}
