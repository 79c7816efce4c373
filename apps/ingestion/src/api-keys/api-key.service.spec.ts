import { generateApiKey } from '@gt/api-keys';
import { Logger } from '@nestjs/common';
import { DomainError, MetricsRegistry } from '@gt/service-kit';
import { FakeKeyDirectory, IDENTITY, manualClock, testConfig } from '../../test/fakes';
import { IngestionMetrics } from '../observability/ingestion.metrics';
import { ApiKeyService } from './api-key.service';

function setup(env: Record<string, string> = {}) {
  const directory = new FakeKeyDirectory();
  const clock = manualClock();
  const metrics = new IngestionMetrics(new MetricsRegistry());
  const config = testConfig({ KEY_CACHE_TTL_SECONDS: '10', KEY_NEGATIVE_CACHE_TTL_SECONDS: '30', ...env });
  const service = new ApiKeyService(directory, config, metrics, clock);
  return { directory, clock, metrics, service };
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; status: number; retryAfter?: number }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError)
      return { code: e.code, status: e.status, retryAfter: e.details?.retryAfterSeconds };
    throw e;
  }
  throw new Error('expected a DomainError');
}

beforeAll(() => Logger.overrideLogger(false));

describe('ApiKeyService', () => {
  it('refuses a missing, malformed or mistyped key without asking core', async () => {
    const { directory, service } = setup();
    expect(await codeOf(service.authenticate(undefined))).toEqual({ code: 'KEY_MISSING', status: 401 });
    expect(await codeOf(service.authenticate('  '))).toEqual({ code: 'KEY_MISSING', status: 401 });
    expect(await codeOf(service.authenticate('not-a-key'))).toEqual({ code: 'KEY_MALFORMED', status: 401 });
    const key = generateApiKey();
    // Change the last checksum character: the shape stays valid, the checksum does not.
    const typo = key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a');
    expect(await codeOf(service.authenticate(typo))).toEqual({ code: 'KEY_BAD_CHECKSUM', status: 401 });
    expect(directory.calls).toBe(0);
  });

  it('answers an active key from the cache until KEY_CACHE_TTL_SECONDS have passed', async () => {
    const { directory, clock, service } = setup();
    const key = directory.activeKey();
    await expect(service.authenticate(key)).resolves.toEqual(IDENTITY);
    clock.advance(7_000);
    await expect(service.authenticate(key)).resolves.toEqual(IDENTITY);
    expect(directory.calls).toBe(1);
    // Revoked in core: still served until the entry expires at 10 s, which bounds how long it works.
    directory.verdicts.set(key, { status: 'revoked' });
    clock.advance(3_001);
    expect(await codeOf(service.authenticate(key))).toEqual({ code: 'KEY_REVOKED', status: 401 });
    expect(directory.calls).toBe(2);
  });

  it('refreshes a busy key in the background after 3/4 of its lifetime, without making the caller wait', async () => {
    const { directory, clock, service } = setup();
    const key = directory.activeKey();
    await service.authenticate(key);
    clock.advance(7_600); // past 7.5 s = 3/4 of 10 s
    directory.verdicts.set(key, { status: 'revoked' });
    directory.delayMs = 50;
    // Served from the cache while the refresh runs...
    await expect(service.authenticate(key)).resolves.toEqual(IDENTITY);
    await new Promise((r) => setTimeout(r, 80));
    // ...and the refreshed (negative) answer applies from then on, before the old entry's expiry.
    expect(await codeOf(service.authenticate(key))).toEqual({ code: 'KEY_REVOKED', status: 401 });
    expect(directory.calls).toBe(2);
  });

  it('caches negative answers for KEY_NEGATIVE_CACHE_TTL_SECONDS, each with its own code', async () => {
    const { directory, clock, service } = setup();
    const unknown = generateApiKey();
    const revoked = generateApiKey();
    const expired = generateApiKey();
    directory.verdicts.set(revoked, { status: 'revoked' });
    directory.verdicts.set(expired, { status: 'expired' });
    expect(await codeOf(service.authenticate(unknown))).toEqual({ code: 'KEY_UNKNOWN', status: 401 });
    expect(await codeOf(service.authenticate(revoked))).toEqual({ code: 'KEY_REVOKED', status: 401 });
    expect(await codeOf(service.authenticate(expired))).toEqual({ code: 'KEY_EXPIRED', status: 401 });
    expect(await codeOf(service.authenticate(unknown))).toEqual({ code: 'KEY_UNKNOWN', status: 401 });
    expect(directory.calls).toBe(3);
    clock.advance(30_001);
    await codeOf(service.authenticate(unknown));
    expect(directory.calls).toBe(4);
  });

  it('answers 503 CORE_UNAVAILABLE with Retry-After when core is down and nothing fresh is cached', async () => {
    const { directory, clock, service } = setup({ UNAVAILABLE_RETRY_AFTER_SECONDS: '7' });
    const key = directory.activeKey();
    await service.authenticate(key);
    directory.down = true;
    // Fresh entry: core is not needed.
    await expect(service.authenticate(key)).resolves.toEqual(IDENTITY);
    // Expired entry: a stale answer is never used.
    clock.advance(10_001);
    expect(await codeOf(service.authenticate(key))).toEqual({
      code: 'CORE_UNAVAILABLE',
      status: 503,
      retryAfter: 7,
    });
    expect(await codeOf(service.authenticate(directory.activeKey()))).toMatchObject({
      code: 'CORE_UNAVAILABLE',
    });
    directory.down = false;
    await expect(service.authenticate(key)).resolves.toEqual(IDENTITY);
  });

  it('asks core once for concurrent requests with the same uncached key', async () => {
    const { directory, service } = setup();
    const key = directory.activeKey();
    directory.delayMs = 20;
    const all = await Promise.all(Array.from({ length: 20 }, () => service.authenticate(key)));
    expect(all).toHaveLength(20);
    expect(directory.calls).toBe(1);
  });

  it('uses core\u2019s cacheTtlSeconds when it is shorter than the configured lifetime', async () => {
    const { directory, clock, service } = setup();
    const key = generateApiKey();
    directory.verdicts.set(key, { status: 'active', identity: IDENTITY, cacheTtlSeconds: 2 });
    await service.authenticate(key);
    clock.advance(2_001);
    await service.authenticate(key);
    expect(directory.calls).toBe(2);
  });

  it('keeps at most KEY_CACHE_MAX_ENTRIES keys, forgetting the stalest first', async () => {
    const { directory, service } = setup({ KEY_CACHE_MAX_ENTRIES: '100' });
    const keys = Array.from({ length: 150 }, () => directory.activeKey());
    for (const k of keys) await service.authenticate(k);
    expect(service.size).toBe(100);
    await service.authenticate(keys[149]!);
    expect(directory.calls).toBe(150);
    await service.authenticate(keys[0]!);
    expect(directory.calls).toBe(151);
  });
});
