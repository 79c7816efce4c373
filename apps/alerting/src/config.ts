import { appPort, env, loadConfig, localInfra, type ConfigOf } from '@gt/service-kit';
import { TOPIC_DLQ, TOPIC_EVENTS } from '@gt/contracts';

const infra = localInfra();

/** Every environment variable of the service; apps/alerting/README.md documents the same list. */
export const alertingConfigSpec = {
  PORT: env.port(appPort('alerting', 3004)),
  HOST: env.string({ default: '0.0.0.0', description: 'interface to listen on' }),
  SERVICE_TOKEN: env.string({
    minLength: 8,
    description: 'shared service credential for core and our internal routes',
  }),
  CORE_URL: env.url({ default: `http://127.0.0.1:${appPort('core', 3001)}`, protocols: ['http', 'https'] }),
  KAFKA_BROKERS: env.list({ default: [infra.kafkaBrokers] }),
  KAFKA_TOPIC: env.string({ default: TOPIC_EVENTS }),
  KAFKA_DLQ_TOPIC: env.string({ default: TOPIC_DLQ }),
  KAFKA_GROUP_ID: env.string({ default: 'alerting-service' }),
  REDIS_URL: env.url({ default: infra.redisUrl, protocols: ['redis', 'rediss'] }),
  REDIS_KEY_PREFIX: env.string({ default: 'alerting:' }),
  SMTP_HOST: env.string({ default: infra.smtpHost }),
  SMTP_PORT: env.port(infra.smtpPort),
  SMTP_SECURE: env.bool({
    default: false,
    description: 'TLS from the first byte (port 465); STARTTLS is used when offered otherwise',
  }),
  SMTP_USER: env.string({ optional: true }),
  SMTP_PASS: env.string({ optional: true }),
  MAIL_FROM: env.string({ default: 'Game Telemetry Alerts <alerts@game-telemetry.local>' }),
  PORTAL_URL: env.url({ default: 'http://127.0.0.1:3000', protocols: ['http', 'https'] }),
  RULES_POLL_MS: env.int({ default: 2000, min: 100 }),
  DEDUP_WINDOW_HOURS: env.int({ default: 24, min: 1, max: 24 * 30 }),
  PLAYERS_EXACT_FLOOR: env.int({ default: 10_000, min: 0 }),
  MAIL_MAX_ATTEMPTS: env.int({ default: 10, min: 1 }),
  MAIL_RETRY_BASE_MS: env.int({ default: 1000, min: 10 }),
  MAIL_RETRY_MAX_MS: env.int({ default: 60_000, min: 10 }),
  OUTBOX_LEASE_MS: env.int({ default: 30_000, min: 1000 }),
  OUTBOX_POLL_MS: env.int({ default: 1000, min: 50 }),
};

export type AlertingConfig = ConfigOf<typeof alertingConfigSpec>;

export function loadAlertingConfig(source: Record<string, string | undefined> = process.env): AlertingConfig {
  return loadConfig(alertingConfigSpec, source);
}

/** Nest injection token of the validated configuration. */
export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');
