import { MAX_EVENTS_PER_REQUEST, MAX_REQUEST_BYTES, TOPIC_EVENTS } from '@gt/contracts';
import { appPort, ConfigError, env, loadConfig, localInfra, type ConfigOf } from '@gt/service-kit';

/**
 * Every setting of the ingestion service, read once at boot (apps/ingestion/README.md lists them).
 * Infrastructure defaults come from platform.config.json, so a developer machine needs none.
 */
export const ingestionConfigSpec = {
  PORT: env.port(appPort('ingestion', 3002)),
  HOST: env.string({ default: '0.0.0.0' }),
  SERVICE_TOKEN: env.string({ minLength: 16, description: 'shared credential for core internal routes' }),
  CORE_URL: env.url({ default: 'http://127.0.0.1:3001', protocols: ['http', 'https'] }),
  CORE_TIMEOUT_MS: env.int({ min: 100, max: 60_000, default: 2000 }),
  KAFKA_BROKERS: env.list({ default: [localInfra().kafkaBrokers] }),
  KAFKA_TOPIC: env.string({ default: TOPIC_EVENTS }),
  KAFKA_CLIENT_ID: env.string({ default: 'ingestion' }),
  PRODUCE_TIMEOUT_MS: env.int({ min: 100, max: 120_000, default: 5000 }),
  /** Kafka sends on the wire at once; requests arriving meanwhile are merged into the next send. */
  PRODUCE_MAX_IN_FLIGHT: env.int({ min: 1, max: 64, default: 8 }),
  /** Lifetime of an `active` answer: the longest a revoked key keeps working. */
  KEY_CACHE_TTL_SECONDS: env.int({ min: 1, max: 3600, default: 10 }),
  /** Lifetime of `unknown`, `revoked` and `expired` answers. */
  KEY_NEGATIVE_CACHE_TTL_SECONDS: env.int({ min: 0, max: 3600, default: 30 }),
  KEY_CACHE_MAX_ENTRIES: env.int({ min: 100, max: 10_000_000, default: 100_000 }),
  RATE_LIMIT_EVENTS_PER_SECOND: env.int({ min: 1, default: 5000 }),
  RATE_LIMIT_BURST: env.int({ min: 1, default: 20_000 }),
  CORS_ORIGINS: env.list({ default: ['*'] }),
  /** How far X-Signature's `t` may be from this server's clock, either way (request signing). */
  SIGNATURE_TOLERANCE_SECONDS: env.int({ min: 30, max: 3600, default: 300 }),
  MAX_EVENTS_PER_REQUEST: env.int({ min: 1, max: 10_000, default: MAX_EVENTS_PER_REQUEST }),
  MAX_BODY_BYTES: env.int({ min: 1024, max: 64 * 1024 * 1024, default: MAX_REQUEST_BYTES }),
  /** Seconds a client is told to wait (Retry-After) when core or Kafka is unavailable. */
  UNAVAILABLE_RETRY_AFTER_SECONDS: env.int({ min: 1, max: 600, default: 5 }),
};

export type IngestionConfig = ConfigOf<typeof ingestionConfigSpec>;

/** Reads the environment and checks the settings that depend on each other. */
export function loadIngestionConfig(
  source: Record<string, string | undefined> = process.env,
): IngestionConfig {
  const config = loadConfig(ingestionConfigSpec, source);
  const problems: string[] = [];
  // A bucket smaller than one full request would refuse that request forever.
  if (config.RATE_LIMIT_BURST < config.MAX_EVENTS_PER_REQUEST) {
    problems.push(
      `RATE_LIMIT_BURST: must be >= MAX_EVENTS_PER_REQUEST (${config.MAX_EVENTS_PER_REQUEST}), got ${config.RATE_LIMIT_BURST}`,
    );
  }
  if (config.KAFKA_BROKERS.length === 0) problems.push('KAFKA_BROKERS: must name at least one broker');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');
