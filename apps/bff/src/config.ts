import { ConfigError, appPort, env, loadConfig, type ConfigOf } from '@gt/service-kit';

/**
 * Every environment variable the BFF reads, validated once at boot (apps/bff/README.md lists
 * them). Defaults suit a developer machine: core and metrics on their platform.config.json
 * ports, the BFF itself on 3000.
 */
export const bffConfigSpec = {
  PORT: env.port(appPort('bff', 3000)),
  HOST: env.string({ default: '0.0.0.0', description: 'interface to listen on' }),
  NODE_ENV: env.oneOf(['development', 'test', 'production'] as const, { default: 'development' }),
  SERVICE_TOKEN: env.string({ minLength: 16, description: 'shared service-to-service credential' }),
  CORE_URL: env.url({ protocols: ['http', 'https'], default: `http://127.0.0.1:${appPort('core', 3001)}` }),
  METRICS_URL: env.url({
    protocols: ['http', 'https'],
    default: `http://127.0.0.1:${appPort('metrics', 3003)}`,
  }),
  /** The origin browsers use to reach the BFF: OAuth callback URL, redirects, CSRF origin check. */
  PUBLIC_URL: env.url({ protocols: ['http', 'https'], default: `http://127.0.0.1:${appPort('bff', 3000)}` }),
  /** Directory of the built portal, served at `/` (index.html for client-side routes). */
  PORTAL_DIST: env.string({ optional: true }),
  GOOGLE_CLIENT_ID: env.string({ optional: true }),
  GOOGLE_CLIENT_SECRET: env.string({ optional: true }),
  GOOGLE_AUTH_URL: env.url({
    protocols: ['http', 'https'],
    default: 'https://accounts.google.com/o/oauth2/v2/auth',
  }),
  GOOGLE_TOKEN_URL: env.url({ protocols: ['http', 'https'], default: 'https://oauth2.googleapis.com/token' }),
  GOOGLE_USERINFO_URL: env.url({
    protocols: ['http', 'https'],
    default: 'https://openidconnect.googleapis.com/v1/userinfo',
  }),
  DEV_LOGIN_ENABLED: env.bool({ default: false }),
  /** Secure cookies; defaults to true when PUBLIC_URL is https. */
  COOKIE_SECURE: env.bool({ optional: true }),
  /** How long a validated session or token is trusted without asking core again (max 5 s). */
  SESSION_CACHE_SECONDS: env.int({ min: 0, max: 5, default: 3 }),
  /** GraphiQL at GET /graphql and introspection for signed-in callers; default on outside production. */
  GRAPHQL_IDE: env.bool({ optional: true }),
  GRAPHQL_MAX_DEPTH: env.int({ min: 2, max: 50, default: 12 }),
  GRAPHQL_MAX_COMPLEXITY: env.int({ min: 10, max: 1_000_000, default: 5000 }),
  /** GraphQL operations per minute per session or token (anonymous callers: per IP). */
  RATE_LIMIT_PER_MINUTE: env.int({ min: 1, max: 1_000_000, default: 600 }),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: env.int({ min: 1, max: 1_000_000, default: 60 }),
  /** Express `trust proxy`: which hops may set X-Forwarded-For (the client IP for anonymous rate limits). */
  TRUST_PROXY: env.string({ default: 'loopback' }),
  /** Refresh period of the live dashboard subscription. */
  LIVE_INTERVAL_SECONDS: env.int({ min: 1, max: 300, default: 5 }),
  /** Per-call timeout of downstream REST calls. */
  DOWNSTREAM_TIMEOUT_MS: env.int({ min: 100, max: 120_000, default: 10_000 }),
};

type RawBffConfig = ConfigOf<typeof bffConfigSpec>;

export interface BffConfig extends Omit<RawBffConfig, 'COOKIE_SECURE' | 'GRAPHQL_IDE'> {
  readonly COOKIE_SECURE: boolean;
  readonly GRAPHQL_IDE: boolean;
  /** Google sign-in is offered only when both client id and secret are set. */
  readonly googleEnabled: boolean;
}

export function loadBffConfig(source: Record<string, string | undefined> = process.env): BffConfig {
  const raw = loadConfig(bffConfigSpec, source);
  const problems: string[] = [];
  const production = raw.NODE_ENV === 'production';
  // The development sign-in hands out sessions for any email; a production deployment that
  // inherited the run command's environment must not start with it.
  if (production && raw.DEV_LOGIN_ENABLED) {
    problems.push('DEV_LOGIN_ENABLED: must not be true when NODE_ENV=production');
  }
  if (Boolean(raw.GOOGLE_CLIENT_ID) !== Boolean(raw.GOOGLE_CLIENT_SECRET)) {
    problems.push('GOOGLE_CLIENT_ID/GOOGLE_CLIENT_SECRET: set both or neither');
  }
  if (production && !source.CORE_URL) problems.push('CORE_URL: is required when NODE_ENV=production');
  if (production && !source.METRICS_URL) problems.push('METRICS_URL: is required when NODE_ENV=production');
  if (production && !source.PUBLIC_URL) problems.push('PUBLIC_URL: is required when NODE_ENV=production');
  if (problems.length) throw new ConfigError(problems);
  return {
    ...raw,
    COOKIE_SECURE: raw.COOKIE_SECURE ?? raw.PUBLIC_URL.startsWith('https:'),
    GRAPHQL_IDE: raw.GRAPHQL_IDE ?? !production,
    googleEnabled: Boolean(raw.GOOGLE_CLIENT_ID && raw.GOOGLE_CLIENT_SECRET),
  };
}

export const BFF_CONFIG = Symbol('BFF_CONFIG');
