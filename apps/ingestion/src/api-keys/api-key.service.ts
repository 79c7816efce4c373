import { Inject, Injectable, Logger } from '@nestjs/common';
import { parseApiKey } from '@gt/api-keys';
import { DomainError } from '@gt/service-kit';
import { CLOCK, type Clock } from '../clock';
import { INGESTION_CONFIG, type IngestionConfig } from '../config';
import { IngestionMetrics } from '../observability/ingestion.metrics';
import {
  KeyDirectory,
  KeyDirectoryUnavailableError,
  type KeyIdentity,
  type KeyVerdict,
} from './key-directory';

interface CacheEntry {
  verdict: KeyVerdict;
  expiresAt: number;
  /** Positive answers are refreshed in the background from here on, so hot keys never wait for core. */
  refreshAt: number;
}

/**
 * Authenticates X-API-Key: format and checksum locally (no I/O for a mistyped key), then
 * core's verdict through a cache of positive and negative answers.
 *
 * - A positive answer lives KEY_CACHE_TTL_SECONDS (or less if core asks): the longest a revoked
 *   key keeps working. A negative one lives KEY_NEGATIVE_CACHE_TTL_SECONDS.
 * - Only fresh answers are used. Core unreachable and nothing fresh: 503 CORE_UNAVAILABLE.
 * - Concurrent misses for one key share one call to core.
 * - After 3/4 of its life a positive entry is refreshed in the background while it keeps
 *   serving, so a busy key does not stall every TTL seconds.
 * - The cache is bounded (KEY_CACHE_MAX_ENTRIES): keys with a valid checksum can be made up
 *   by anyone, and each would otherwise stay in memory.
 */
@Injectable()
export class ApiKeyService {
  private readonly log = new Logger(ApiKeyService.name);
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<KeyVerdict>>();

  constructor(
    private readonly directory: KeyDirectory,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly metrics: IngestionMetrics,
    @Inject(CLOCK) private readonly now: Clock,
  ) {}

  async authenticate(header: string | string[] | undefined): Promise<KeyIdentity> {
    const key = (Array.isArray(header) ? header[0] : header)?.trim();
    if (!key) throw new DomainError('KEY_MISSING', 'The X-API-Key header is required', 401);
    const parsed = parseApiKey(key);
    if (!parsed.ok) throw new DomainError(parsed.code, parsed.message, 401);

    const now = this.now();
    const entry = this.cache.get(key);
    let verdict: KeyVerdict;
    if (entry && entry.expiresAt > now) {
      this.metrics.keyCacheHit();
      if (entry.refreshAt <= now) this.refreshInBackground(key);
      verdict = entry.verdict;
    } else {
      this.metrics.keyCacheMiss();
      if (entry) this.cache.delete(key);
      verdict = await this.fetch(key);
    }
    return this.toIdentity(verdict);
  }

  /** Entries currently held (for the metrics gauge and tests). */
  get size(): number {
    return this.cache.size;
  }

  private toIdentity(verdict: KeyVerdict): KeyIdentity {
    switch (verdict.status) {
      case 'active':
        return verdict.identity;
      case 'revoked':
        throw new DomainError('KEY_REVOKED', 'This API key has been revoked', 401);
      case 'expired':
        throw new DomainError('KEY_EXPIRED', 'This API key has expired', 401);
      case 'unknown':
        throw new DomainError('KEY_UNKNOWN', 'This API key is not known', 401);
    }
  }

  private fetch(key: string): Promise<KeyVerdict> {
    const running = this.inflight.get(key);
    if (running) return running;
    const call = this.directory
      .lookup(key)
      .then((verdict) => {
        this.store(key, verdict);
        return verdict;
      })
      .catch((e: unknown) => {
        if (e instanceof KeyDirectoryUnavailableError) {
          this.log.warn(`core unavailable for key validation: ${e.message}`);
          throw new DomainError(
            'CORE_UNAVAILABLE',
            'API keys cannot be checked right now; retry later',
            503,
            { retryAfterSeconds: this.config.UNAVAILABLE_RETRY_AFTER_SECONDS },
          );
        }
        throw e;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, call);
    return call;
  }

  private refreshInBackground(key: string): void {
    if (this.inflight.has(key)) return;
    // A failed refresh leaves the entry to expire on its own schedule (the next miss reports
    // it) and waits a second before trying again, so a down core is not asked on every request.
    this.fetch(key).catch(() => {
      const entry = this.cache.get(key);
      if (entry) entry.refreshAt = this.now() + 1000;
    });
  }

  private store(key: string, verdict: KeyVerdict): void {
    const configured =
      verdict.status === 'active'
        ? this.config.KEY_CACHE_TTL_SECONDS
        : this.config.KEY_NEGATIVE_CACHE_TTL_SECONDS;
    // Core may ask for less (e.g. a key about to expire), never for more than we document.
    const ttlSeconds =
      verdict.cacheTtlSeconds !== undefined && verdict.cacheTtlSeconds >= 0
        ? Math.min(configured, verdict.cacheTtlSeconds)
        : configured;
    this.cache.delete(key);
    if (ttlSeconds <= 0) return;
    while (this.cache.size >= this.config.KEY_CACHE_MAX_ENTRIES) {
      // Maps iterate in insertion order and every store re-inserts: the first key is the stalest.
      const oldest = this.cache.keys().next();
      if (oldest.done) break;
      this.cache.delete(oldest.value);
    }
    const now = this.now();
    const ttlMs = ttlSeconds * 1000;
    this.cache.set(key, {
      verdict,
      expiresAt: now + ttlMs,
      refreshAt: verdict.status === 'active' ? now + ttlMs * 0.75 : Number.POSITIVE_INFINITY,
    });
    this.metrics.keyCacheEntries.set(this.cache.size);
  }
}
