import { ConfigError } from '@gt/service-kit';
import { loadMetricsConfig } from './config';

describe('loadMetricsConfig', () => {
  it('needs only the service credential on a developer machine', () => {
    const c = loadMetricsConfig({ SERVICE_TOKEN: 'a-long-enough-token' });
    expect(c).toMatchObject({
      PORT: 3003,
      KAFKA_TOPIC: 'telemetry.events.v1',
      KAFKA_GROUP_ID: 'metrics-service',
      INFLUX_URL: 'http://127.0.0.1:8086',
      BATCH_MAX_EVENTS: 5000,
      BATCH_LINGER_MS: 250,
      RETENTION_RAW_DAYS: 35,
      RETENTION_HOURLY_DAYS: 400,
      RETENTION_DAILY_DAYS: 0,
    });
  });

  it('names every problem at once', () => {
    let err: unknown;
    try {
      loadMetricsConfig({
        SERVICE_TOKEN: 'short',
        RETENTION_RAW_DAYS: '31',
        RETENTION_HOURLY_DAYS: '20',
        INFLUX_USERNAME: 'u',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SERVICE_TOKEN: must be at least 16 characters/);
    expect(problems).toMatch(/RETENTION_HOURLY_DAYS: must be >= 31/);
  });

  it('refuses raw retention that would not cover a 30-day-old event, and half a credential', () => {
    expect(() => loadMetricsConfig({ SERVICE_TOKEN: 'a-long-enough-token', INFLUX_USERNAME: 'u' })).toThrow(
      /INFLUX_USERNAME and INFLUX_PASSWORD: set both or neither/,
    );
    expect(() =>
      loadMetricsConfig({ SERVICE_TOKEN: 'a-long-enough-token', INFLUX_DATABASE: 'bad name' }),
    ).toThrow(/INFLUX_DATABASE/);
  });
});
