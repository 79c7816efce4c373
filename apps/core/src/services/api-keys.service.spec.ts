import { DomainError, MetricsRegistry } from '@gt/service-kit';
import { generateApiKey, hashApiKey } from '@gt/api-keys';
import { FixedClock } from '../common/clock';
import type { CoreConfig } from '../config';
import type { ApiKeysRepository, KeyIndexEntry } from '../repositories/api-keys.repository';
import { ApiKeysService, keyStatus, validationAnswer } from './api-keys.service';
import type { KeyUsageTracker } from './key-usage.tracker';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const entry = (over: Partial<KeyIndexEntry> = {}): KeyIndexEntry => ({
  keyId: 'k1',
  studioId: 's1',
  gameId: 'g1',
  gameClientId: 'c1',
  platform: 'unity',
  expiresAt: null,
  revokedAt: null,
  signing: null,
  ...over,
});

describe('keyStatus', () => {
  it('is revoked before anything else, expired at (not after) its expiry, else active', () => {
    expect(keyStatus({ revokedAt: NOW, expiresAt: new Date(NOW.getTime() + 1000) }, NOW)).toBe('revoked');
    expect(keyStatus({ revokedAt: null, expiresAt: NOW }, NOW)).toBe('expired');
    expect(keyStatus({ revokedAt: null, expiresAt: new Date(NOW.getTime() + 1) }, NOW)).toBe('active');
    expect(keyStatus({ revokedAt: null, expiresAt: null }, NOW)).toBe('active');
  });
});

describe('validationAnswer', () => {
  it('answers unknown, cacheable like any other answer', () => {
    expect(validationAnswer(null, NOW, 10)).toEqual({ status: 'unknown', cacheTtlSeconds: 10 });
  });

  it('gives only the key id for revoked and expired keys', () => {
    expect(validationAnswer(entry({ revokedAt: NOW }), NOW, 10)).toEqual({
      status: 'revoked',
      keyId: 'k1',
      cacheTtlSeconds: 10,
    });
    expect(validationAnswer(entry({ expiresAt: NOW }), NOW, 10)).toEqual({
      status: 'expired',
      keyId: 'k1',
      cacheTtlSeconds: 10,
    });
  });

  it('gives studio, game, client and platform for an active key', () => {
    expect(validationAnswer(entry(), NOW, 10)).toEqual({
      status: 'active',
      keyId: 'k1',
      studioId: 's1',
      gameId: 'g1',
      gameClientId: 'c1',
      platform: 'unity',
      signing: { required: false, secrets: [] },
      cacheTtlSeconds: 10,
    });
  });

  it("carries the client's signing policy with its live secrets only", () => {
    const at = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();
    const answer = validationAnswer(
      entry({
        signing: {
          required: true,
          secrets: [
            { id: 'new', secret: 'gts_new', expiresAt: null },
            { id: 'old', secret: 'gts_old', expiresAt: at(2500) },
            { id: 'gone', secret: 'gts_gone', expiresAt: at(0) },
          ],
        },
      }),
      NOW,
      10,
    );
    expect(answer.signing).toEqual({ required: true, secrets: ['gts_new', 'gts_old'] });
    // Cacheable only until the secret in its grace period stops verifying.
    expect(answer.cacheTtlSeconds).toBe(2);
  });

  it('never lets a key in its grace period be cached past its expiry', () => {
    // 4.5 s left: cacheable for 4 whole seconds, not the usual 10.
    expect(
      validationAnswer(entry({ expiresAt: new Date(NOW.getTime() + 4500) }), NOW, 10).cacheTtlSeconds,
    ).toBe(4);
    // An hour left: the configured 10 s.
    expect(
      validationAnswer(entry({ expiresAt: new Date(NOW.getTime() + 3600_000) }), NOW, 10).cacheTtlSeconds,
    ).toBe(10);
  });
});

describe('ApiKeysService.validate', () => {
  function service(found: KeyIndexEntry | null) {
    const findByHash = jest.fn(async (_hash: string) => found);
    const note = jest.fn();
    const svc = new ApiKeysService(
      { KEY_CACHE_SECONDS: 10, KEY_ROTATION_GRACE_HOURS: 24 } as CoreConfig,
      new FixedClock(NOW),
      {} as never,
      {} as never,
      {} as never,
      { findByHash } as unknown as ApiKeysRepository,
      {} as never,
      { note } as unknown as KeyUsageTracker,
      new MetricsRegistry(),
    );
    return { svc, findByHash, note };
  }

  it('refuses a mistyped key by its checksum without looking it up', async () => {
    const { svc, findByHash } = service(entry());
    const key = generateApiKey();
    const typo = key.slice(0, 15) + (key[15] === 'Q' ? 'R' : 'Q') + key.slice(16);
    const err = await svc.validate(typo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ status: 400, code: 'KEY_BAD_CHECKSUM' });
    await expect(svc.validate('hello')).rejects.toMatchObject({ status: 400, code: 'KEY_MALFORMED' });
    expect(findByHash).not.toHaveBeenCalled();
  });

  it('looks the key up by its SHA-256 and notes the use of an active key', async () => {
    const { svc, findByHash, note } = service(entry());
    const key = generateApiKey();
    expect((await svc.validate(key)).status).toBe('active');
    expect(findByHash).toHaveBeenCalledWith(hashApiKey(key));
    expect(note).toHaveBeenCalledWith('k1', 's1', NOW);
  });

  it('does not note uses of revoked keys', async () => {
    const { svc, note } = service(entry({ revokedAt: NOW }));
    expect((await svc.validate(generateApiKey())).status).toBe('revoked');
    expect(note).not.toHaveBeenCalled();
  });
});
