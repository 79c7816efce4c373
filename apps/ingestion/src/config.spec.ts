import { ConfigError } from '@gt/service-kit';
import { loadIngestionConfig } from './config';

describe('loadIngestionConfig', () => {
  it('needs only SERVICE_TOKEN on a developer machine', () => {
    const c = loadIngestionConfig({ SERVICE_TOKEN: 'a-long-enough-token' });
    expect(c).toMatchObject({
      PORT: 3002,
      HOST: '0.0.0.0',
      CORE_URL: 'http://127.0.0.1:3001',
      KAFKA_TOPIC: 'telemetry.events.v1',
      KEY_CACHE_TTL_SECONDS: 10,
      MAX_EVENTS_PER_REQUEST: 500,
      MAX_BODY_BYTES: 1024 * 1024,
      CORS_ORIGINS: ['*'],
    });
    expect(c.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
  });

  it('names every bad variable at once', () => {
    expect(() => loadIngestionConfig({ PORT: 'x', KEY_CACHE_TTL_SECONDS: '0' })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          expect.stringMatching(/^PORT:/),
          expect.stringMatching(/^SERVICE_TOKEN: is required/),
          expect.stringMatching(/^KEY_CACHE_TTL_SECONDS:/),
        ]),
      }) as unknown as Error,
    );
  });

  it('refuses a burst smaller than one full request, which could never pass', () => {
    expect(() =>
      loadIngestionConfig({
        SERVICE_TOKEN: 'a-long-enough-token',
        RATE_LIMIT_BURST: '100',
        MAX_EVENTS_PER_REQUEST: '500',
      }),
    ).toThrow(ConfigError);
  });

  it('reads comma-separated CORS origins and brokers', () => {
    const c = loadIngestionConfig({
      SERVICE_TOKEN: 'a-long-enough-token',
      CORS_ORIGINS: 'https://game.example, https://play.example',
      KAFKA_BROKERS: 'k1:9092,k2:9092',
    });
    expect(c.CORS_ORIGINS).toEqual(['https://game.example', 'https://play.example']);
    expect(c.KAFKA_BROKERS).toEqual(['k1:9092', 'k2:9092']);
  });
});
