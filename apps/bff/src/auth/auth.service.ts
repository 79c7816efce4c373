import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BFF_CONFIG, type BffConfig } from '../config';
import { CoreGateway } from '../downstream/core.gateway';
import { AuthMethod } from '../graphql/enums';
import type { Credential } from './credentials';
import type { Principal } from './principal';

interface CacheEntry {
  principal: Principal | null;
  until: number;
}

/** A cache key that never keeps the raw credential in memory longer than the request. */
export function credentialKey(c: Exclude<Credential, { kind: 'malformed-bearer' }>): string {
  return createHash('sha256').update(`${c.kind}:${c.token}`).digest('base64url');
}

/**
 * Turns a credential into a principal by asking core (sessions and personal access tokens are
 * core's). Answers are trusted for SESSION_CACHE_SECONDS (at most 5), so a revoked session or
 * token stops working within that time, while a page that fires ten queries at once costs
 * core one validation. Only answers are cached, never failures: when core is unavailable the
 * error propagates as UPSTREAM_UNAVAILABLE, and a valid session is never reported as
 * UNAUTHENTICATED because core could not be asked.
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<Principal | null>>();
  private readonly ttlMs: number;

  constructor(
    private readonly core: CoreGateway,
    @Inject(BFF_CONFIG) config: BffConfig,
  ) {
    this.ttlMs = config.SESSION_CACHE_SECONDS * 1000;
  }

  async resolve(credential: Credential): Promise<Principal | null> {
    if (credential.kind === 'malformed-bearer') return null;
    const key = credentialKey(credential);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.principal;
    // Concurrent requests with the same credential share one call to core.
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const call = this.validate(credential).then((principal) => {
      if (this.ttlMs > 0) this.remember(key, principal, Date.now() + this.ttlMs);
      return principal;
    });
    this.inflight.set(key, call);
    try {
      return await call;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Forgets a credential at once (sign-out on this instance). */
  forget(credential: Credential): void {
    if (credential.kind !== 'malformed-bearer') this.cache.delete(credentialKey(credential));
  }

  private async validate(
    credential: Exclude<Credential, { kind: 'malformed-bearer' }>,
  ): Promise<Principal | null> {
    switch (credential.kind) {
      case 'session': {
        const v = await this.core.validateSession(credential.token);
        return v && { user: v.user, method: AuthMethod.SESSION, credentialId: v.sessionId };
      }
      case 'personal-token': {
        const v = await this.core.validatePersonalToken(credential.token);
        return v && { user: v.user, method: AuthMethod.PERSONAL_ACCESS_TOKEN, credentialId: v.tokenId };
      }
    }
  }

  private remember(key: string, principal: Principal | null, until: number): void {
    // Bounded: expired entries go first; a flood of random tokens cannot grow the map without end.
    if (this.cache.size >= 10_000) {
      const now = Date.now();
      for (const [k, e] of this.cache) if (e.until <= now) this.cache.delete(k);
      if (this.cache.size >= 10_000) this.cache.clear();
    }
    this.cache.set(key, { principal, until });
  }
}
