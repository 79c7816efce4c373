import { EVENT_LIMITS, TOPIC_DLQ, TOPIC_EVENTS } from '@gt/contracts';
import { appPort, ConfigError, env, loadConfig, localInfra, type ConfigOf } from '@gt/service-kit';

const DAY_MS = 86_400_000;

/**
 * Every setting of the metrics service, read once at boot (apps/metrics/README.md lists them).
 * Infrastructure defaults come from platform.config.json, so a developer machine needs none.
 */
export const metricsConfigSpec = {
  PORT: env.port(appPort('metrics', 3003)),
  HOST: env.string({ default: '0.0.0.0' }),
  SERVICE_TOKEN: env.string({
    minLength: 16,
    description: 'shared credential every caller of the query API sends',
  }),

  KAFKA_BROKERS: env.list({ default: [localInfra().kafkaBrokers] }),
  KAFKA_TOPIC: env.string({ default: TOPIC_EVENTS }),
  KAFKA_DLQ_TOPIC: env.string({ default: TOPIC_DLQ }),
  KAFKA_GROUP_ID: env.string({ default: 'metrics-service' }),
  KAFKA_CLIENT_ID: env.string({ default: 'metrics' }),
  /** A new consumer group starts at the oldest record, so events produced before the first start count. */
  KAFKA_FROM_BEGINNING: env.bool({ default: true }),
  /** false: query API only (a read replica); the consumer is not started. */
  CONSUMER_ENABLED: env.bool({ default: true }),
  /** A batch is written to InfluxDB when it holds this many events... */
  BATCH_MAX_EVENTS: env.int({ min: 1, max: 100_000, default: 5000 }),
  /** ...or when its first event has waited this long. */
  BATCH_LINGER_MS: env.int({ min: 0, max: 60_000, default: 250 }),

  INFLUX_URL: env.url({ default: localInfra().influxUrl, protocols: ['http', 'https'] }),
  INFLUX_DATABASE: env.string({ default: localInfra().influxDatabase }),
  INFLUX_USERNAME: env.string({ optional: true }),
  INFLUX_PASSWORD: env.string({ optional: true }),
  INFLUX_TIMEOUT_MS: env.int({ min: 100, max: 300_000, default: 10_000 }),
  /** Create the database, retention policies and continuous queries at boot (idempotent). */
  INFLUX_MANAGE_SCHEMA: env.bool({ default: true }),
  /** Raw events. Must outlive the oldest event ingestion accepts (30 days) plus catch-up time. */
  RETENTION_RAW_DAYS: env.int({ min: 31, max: 3650, default: 35 }),
  /** Hourly rollups and hourly active players. */
  RETENTION_HOURLY_DAYS: env.int({ min: 31, max: 3650, default: 400 }),
  /** Daily rollups and daily active players; 0 keeps them forever. */
  RETENTION_DAILY_DAYS: env.int({ min: 0, max: 36500, default: 0 }),

  /** Most buckets one answer may hold. */
  QUERY_MAX_BUCKETS: env.int({ min: 10, max: 100_000, default: 1500 }),
  /** Players whose first-seen time the consumer remembers (the rest is looked up in InfluxDB). */
  FIRST_SEEN_CACHE_SIZE: env.int({ min: 1000, max: 50_000_000, default: 1_000_000 }),
};

export type MetricsConfig = ConfigOf<typeof metricsConfigSpec>;

/** Reads the environment and checks the settings that depend on each other. */
export function loadMetricsConfig(source: Record<string, string | undefined> = process.env): MetricsConfig {
  const config = loadConfig(metricsConfigSpec, source);
  const problems: string[] = [];
  if (config.KAFKA_BROKERS.length === 0) problems.push('KAFKA_BROKERS: must name at least one broker');
  // Late events refresh the hourly rollups from raw events: raw data must cover every accepted event.
  if (config.RETENTION_RAW_DAYS * DAY_MS <= EVENT_LIMITS.maxPastAgeMs) {
    problems.push(
      `RETENTION_RAW_DAYS: must exceed the ${EVENT_LIMITS.maxPastAgeMs / DAY_MS} days an event may be late, got ${config.RETENTION_RAW_DAYS}`,
    );
  }
  if (config.RETENTION_HOURLY_DAYS < config.RETENTION_RAW_DAYS) {
    problems.push(`RETENTION_HOURLY_DAYS: must be >= RETENTION_RAW_DAYS (${config.RETENTION_RAW_DAYS})`);
  }
  if (config.RETENTION_DAILY_DAYS !== 0 && config.RETENTION_DAILY_DAYS < config.RETENTION_HOURLY_DAYS) {
    problems.push(
      `RETENTION_DAILY_DAYS: must be 0 (forever) or >= RETENTION_HOURLY_DAYS (${config.RETENTION_HOURLY_DAYS})`,
    );
  }
  if (!/^[A-Za-z0-9_-]+$/.test(config.INFLUX_DATABASE)) {
    problems.push(`INFLUX_DATABASE: letters, digits, _ and - only, got '${config.INFLUX_DATABASE}'`);
  }
  if ((config.INFLUX_USERNAME === undefined) !== (config.INFLUX_PASSWORD === undefined)) {
    problems.push('INFLUX_USERNAME and INFLUX_PASSWORD: set both or neither');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const METRICS_CONFIG = Symbol('METRICS_CONFIG');
