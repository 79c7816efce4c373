import { ConfigError } from '@gt/service-kit';
import { loadBffConfig } from './config';

const base = { SERVICE_TOKEN: 'a-service-token-of-some-length' };

describe('BFF configuration', () => {
  it('fills development defaults: core and metrics on their platform ports, IDE on, cookies not Secure on http', () => {
    const c = loadBffConfig(base);
    expect(c).toMatchObject({
      PORT: 3000,
      CORE_URL: 'http://127.0.0.1:3001',
      METRICS_URL: 'http://127.0.0.1:3003',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      GRAPHQL_IDE: true,
      COOKIE_SECURE: false,
      DEV_LOGIN_ENABLED: false,
      googleEnabled: false,
    });
    expect(c.SESSION_CACHE_SECONDS).toBeLessThanOrEqual(5);
  });

  it('refuses the development sign-in in production, and names the variable', () => {
    expect(() =>
      loadBffConfig({
        ...base,
        NODE_ENV: 'production',
        DEV_LOGIN_ENABLED: 'true',
        CORE_URL: 'http://core:3001',
        METRICS_URL: 'http://metrics:3003',
        PUBLIC_URL: 'https://telemetry.example',
      }),
    ).toThrow(/DEV_LOGIN_ENABLED: must not be true when NODE_ENV=production/);
  });

  it('turns the IDE off and cookies Secure for an https production deployment', () => {
    const c = loadBffConfig({
      ...base,
      NODE_ENV: 'production',
      CORE_URL: 'http://core:3001',
      METRICS_URL: 'http://metrics:3003',
      PUBLIC_URL: 'https://telemetry.example',
    });
    expect(c.GRAPHQL_IDE).toBe(false);
    expect(c.COOKIE_SECURE).toBe(true);
  });

  it('caps the session cache at 5 seconds and wants both Google credentials or neither', () => {
    let err: unknown;
    try {
      loadBffConfig({ ...base, SESSION_CACHE_SECONDS: '30', GOOGLE_CLIENT_ID: 'x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(() => loadBffConfig({ ...base, SESSION_CACHE_SECONDS: '30' })).toThrow(
      /SESSION_CACHE_SECONDS: must be <= 5/,
    );
    expect(() => loadBffConfig({ ...base, GOOGLE_CLIENT_ID: 'x' })).toThrow(/set both or neither/);
    expect(loadBffConfig({ ...base, GOOGLE_CLIENT_ID: 'x', GOOGLE_CLIENT_SECRET: 'y' }).googleEnabled).toBe(
      true,
    );
  });
});
