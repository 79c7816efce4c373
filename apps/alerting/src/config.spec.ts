import { ConfigError } from '@gt/service-kit';
import { loadAlertingConfig } from './config';

describe('alerting configuration', () => {
  it('needs only the service credential on a developer machine', () => {
    const c = loadAlertingConfig({ SERVICE_TOKEN: 'a-long-token' });
    expect(c.PORT).toBe(3004);
    expect(c.KAFKA_GROUP_ID).toBe('alerting-service');
    expect(c.KAFKA_TOPIC).toBe('telemetry.events.v1');
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6380');
    expect(c.SMTP_PORT).toBe(1025);
    expect(c.PORTAL_URL).toBe('http://127.0.0.1:3000');
    expect(c.DEDUP_WINDOW_HOURS).toBe(24);
  });

  it('names every bad variable at once', () => {
    expect(() => loadAlertingConfig({ REDIS_URL: 'http://x', RULES_POLL_MS: 'soon' })).toThrow(ConfigError);
    try {
      loadAlertingConfig({ REDIS_URL: 'http://x', RULES_POLL_MS: 'soon' });
    } catch (e) {
      const problems = (e as ConfigError).problems.join('\n');
      expect(problems).toContain('SERVICE_TOKEN');
      expect(problems).toContain('REDIS_URL');
      expect(problems).toContain('RULES_POLL_MS');
    }
  });
});
