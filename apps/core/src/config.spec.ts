import { ConfigError } from '@gt/service-kit';
import { loadCoreConfig } from './config';

describe('loadCoreConfig', () => {
  it('fills development defaults and requires only the service token', () => {
    const c = loadCoreConfig({ SERVICE_TOKEN: 'a-long-enough-token' });
    expect(c).toMatchObject({
      PORT: 3001,
      NODE_ENV: 'development',
      DATABASE_POOL_SIZE: 10,
      KEY_CACHE_SECONDS: 10,
      KEY_ROTATION_GRACE_HOURS: 24,
      SESSION_TTL_HOURS: 168,
      MIGRATE_ON_START: true,
    });
    expect(c.DATABASE_URL).toMatch(/^postgres:\/\/.+:5433\//);
  });

  it('names every bad variable', () => {
    expect(() =>
      loadCoreConfig({ SERVICE_TOKEN: 'short', KEY_CACHE_SECONDS: '-1', DATABASE_URL: 'mysql://x' }),
    ).toThrow(
      /DATABASE_URL: must use postgres[\s\S]*SERVICE_TOKEN: must be at least 16[\s\S]*KEY_CACHE_SECONDS: must be >= 0/,
    );
  });

  it('requires an explicit DATABASE_URL in production', () => {
    expect(() => loadCoreConfig({ SERVICE_TOKEN: 'a-long-enough-token', NODE_ENV: 'production' })).toThrow(
      ConfigError,
    );
    expect(
      loadCoreConfig({
        SERVICE_TOKEN: 'a-long-enough-token',
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://db.internal/core',
      }).DATABASE_URL,
    ).toBe('postgres://db.internal/core');
  });
});
