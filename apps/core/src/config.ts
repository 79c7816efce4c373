import { ConfigError, appPort, env, loadConfig, localInfra, type ConfigOf } from '@gt/service-kit';

/**
 * Every environment variable core reads, validated once at boot (apps/core/README.md lists
 * them). Defaults suit a developer machine; production must set DATABASE_URL explicitly.
 */
export const coreConfigSpec = {
  PORT: env.port(appPort('core', 3001)),
  HOST: env.string({ default: '0.0.0.0', description: 'interface to listen on' }),
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, { default: 'development' }),
  DATABASE_URL: env.url({ protocols: ['postgres', 'postgresql'], default: localInfra().postgresUrl }),
  DATABASE_POOL_SIZE: env.int({ min: 1, max: 200, default: 10 }),
  /** How long a request waits for a pooled connection before it is answered 503. */
  DATABASE_CONNECT_TIMEOUT_MS: env.int({ min: 100, max: 60_000, default: 3000 }),
  SERVICE_TOKEN: env.string({ minLength: 16, description: 'shared service-to-service credential' }),
  SESSION_TTL_HOURS: env.int({ min: 1, max: 24 * 365, default: 24 * 7 }),
  SESSION_MAX_AGE_HOURS: env.int({ min: 1, max: 24 * 365 * 2, default: 24 * 30 }),
  KEY_CACHE_SECONDS: env.int({ min: 0, max: 3600, default: 10 }),
  KEY_ROTATION_GRACE_HOURS: env.int({ min: 0, max: 24 * 30, default: 24 }),
  MIGRATE_ON_START: env.bool({ default: true }),
  /** Seconds the start-up waits for PostgreSQL before giving up (the process then exits 1). */
  DATABASE_STARTUP_WAIT_SECONDS: env.int({ min: 0, max: 600, default: 30 }),
  PORTAL_URL: env.url({ protocols: ['http', 'https'], default: 'http://127.0.0.1:3000' }),
};

export type CoreConfig = ConfigOf<typeof coreConfigSpec>;

export function loadCoreConfig(source: Record<string, string | undefined> = process.env): CoreConfig {
  const config = loadConfig(coreConfigSpec, source);
  // The local default points at the developer cluster; a production deployment that forgot
  // DATABASE_URL must not quietly look for it on 127.0.0.1.
  if (config.NODE_ENV === 'production' && !source.DATABASE_URL) {
    throw new ConfigError(['DATABASE_URL: is required when NODE_ENV=production']);
  }
  return config;
}
