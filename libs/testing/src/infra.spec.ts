import { infra } from './infra';

describe('infra endpoints', () => {
  it('come from platform.config.json', () => {
    expect(infra.postgres.url).toMatch(/^postgres:\/\/[^:]+:[^@]+@127\.0\.0\.1:\d+\/\w+$/);
    expect(infra.redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(infra.kafka.brokers).toHaveLength(1);
    expect(infra.kafka.topics.events).toBe('telemetry.events.v1');
    expect(infra.kafka.topics.deadLetter).toBe('telemetry.events.dlq.v1');
    expect(infra.maildev.apiUrl).toMatch(/\/api$/);
  });
});
