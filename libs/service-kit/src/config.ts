import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Typed configuration, validated once at boot. A service declares a spec of environment
 * variables; loadConfig() returns a typed object or throws a ConfigError that names every
 * missing or malformed variable at once, so an operator fixes them in one go.
 */
export interface VarSpec<T> {
  readonly kind: string;
  readonly parse: (raw: string) => T;
  readonly default?: T;
  readonly optional?: boolean;
  readonly description?: string;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

interface Common<T> {
  default?: T;
  optional?: boolean;
  description?: string;
}

function spec<T>(kind: string, parse: (raw: string) => T, o: Common<T> = {}): VarSpec<T> {
  return { kind, parse, default: o.default, optional: o.optional, description: o.description };
}

export const env = {
  string(o: Common<string> & { minLength?: number } = {}): VarSpec<string> {
    return spec(
      'string',
      (raw) => {
        if (o.minLength && raw.length < o.minLength)
          throw new Error(`must be at least ${o.minLength} characters`);
        return raw;
      },
      o,
    );
  },
  int(o: Common<number> & { min?: number; max?: number } = {}): VarSpec<number> {
    return spec(
      'integer',
      (raw) => {
        if (!/^-?\d+$/.test(raw.trim())) throw new Error(`must be an integer, got '${raw}'`);
        const n = Number(raw);
        if (o.min !== undefined && n < o.min) throw new Error(`must be >= ${o.min}, got ${n}`);
        if (o.max !== undefined && n > o.max) throw new Error(`must be <= ${o.max}, got ${n}`);
        return n;
      },
      o,
    );
  },
  port(defaultPort?: number): VarSpec<number> {
    return env.int({ min: 0, max: 65535, default: defaultPort });
  },
  bool(o: Common<boolean> = {}): VarSpec<boolean> {
    return spec(
      'boolean',
      (raw) => {
        const v = raw.trim().toLowerCase();
        if (['1', 'true', 'yes', 'on'].includes(v)) return true;
        if (['0', 'false', 'no', 'off'].includes(v)) return false;
        throw new Error(`must be true or false, got '${raw}'`);
      },
      o,
    );
  },
  url(o: Common<string> & { protocols?: string[] } = {}): VarSpec<string> {
    return spec(
      'url',
      (raw) => {
        let u: URL;
        try {
          u = new URL(raw);
        } catch {
          throw new Error(`must be a URL, got '${raw}'`);
        }
        if (o.protocols && !o.protocols.includes(u.protocol.replace(/:$/, ''))) {
          throw new Error(`must use ${o.protocols.join(' or ')}, got '${u.protocol}'`);
        }
        return raw.replace(/\/$/, '');
      },
      o,
    );
  },
  oneOf<T extends string>(values: readonly T[], o: Common<T> = {}): VarSpec<T> {
    return spec(
      `one of ${values.join('|')}`,
      (raw) => {
        if (!(values as readonly string[]).includes(raw))
          throw new Error(`must be one of ${values.join(', ')}, got '${raw}'`);
        return raw as T;
      },
      o,
    );
  },
  list(o: Common<string[]> = {}): VarSpec<string[]> {
    return spec(
      'comma-separated list',
      (raw) =>
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      o,
    );
  },
};

type Out<S> = S extends VarSpec<infer T> ? (S extends { optional: true } ? T | undefined : T) : never;
export type ConfigOf<S extends Record<string, VarSpec<unknown>>> = { readonly [K in keyof S]: Out<S[K]> };

export function loadConfig<S extends Record<string, VarSpec<unknown>>>(
  specs: S,
  source: Record<string, string | undefined> = process.env,
): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(specs)) {
    const raw = source[name];
    if (raw === undefined || raw === '') {
      if (s.default !== undefined) out[name] = s.default;
      else if (s.optional) out[name] = undefined;
      else problems.push(`${name}: is required (${s.kind}${s.description ? `: ${s.description}` : ''})`);
      continue;
    }
    try {
      out[name] = s.parse(raw);
    } catch (e) {
      problems.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

export interface PlatformConfig {
  infra: {
    postgres: { port: number; user: string; password: string; database: string };
    redis: { port: number };
    kafka: { port: number; controllerPort: number; partitions: number };
    influxdb: { port: number; database: string };
    smtp: { port: number; webPort: number };
  };
  topics: { events: string; deadLetter: string };
  apps: { name: string; port: number; [k: string]: unknown }[];
}

let cachedPlatform: PlatformConfig | null | undefined;

/**
 * platform.config.json at the repository root owns ports and the app list. Services use it
 * only for defaults on a developer machine; in a deployment every value comes from the
 * environment and the file may be absent.
 */
export function platformConfig(): PlatformConfig | null {
  if (cachedPlatform !== undefined) return cachedPlatform;
  const starts = [process.cwd(), __dirname];
  for (const start of starts) {
    let dir = start;
    for (let i = 0; i < 8; i++) {
      const f = path.join(dir, 'platform.config.json');
      if (existsSync(f)) {
        cachedPlatform = JSON.parse(readFileSync(f, 'utf8')) as PlatformConfig;
        return cachedPlatform;
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  cachedPlatform = null;
  return null;
}

/** The default port of an app from platform.config.json. */
export function appPort(name: string, fallback: number): number {
  return platformConfig()?.apps.find((a) => a.name === name)?.port ?? fallback;
}

/** Local-development defaults for infrastructure URLs, from platform.config.json. */
export function localInfra() {
  const p = platformConfig()?.infra;
  const pg = p?.postgres ?? { port: 5433, user: 'telemetry', password: 'telemetry', database: 'telemetry' };
  return {
    postgresUrl: `postgres://${pg.user}:${pg.password}@127.0.0.1:${pg.port}/${pg.database}`,
    redisUrl: `redis://127.0.0.1:${p?.redis.port ?? 6380}`,
    kafkaBrokers: `127.0.0.1:${p?.kafka.port ?? 9092}`,
    influxUrl: `http://127.0.0.1:${p?.influxdb.port ?? 8086}`,
    influxDatabase: p?.influxdb.database ?? 'telemetry',
    smtpHost: '127.0.0.1',
    smtpPort: p?.smtp.port ?? 1025,
  };
}
