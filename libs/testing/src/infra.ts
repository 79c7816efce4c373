import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root';

/** Endpoints of the local stack that tools/infra/infra.sh runs, from platform.config.json. */
export interface InfraEndpoints {
  readonly postgres: {
    readonly host: string;
    readonly port: number;
    readonly user: string;
    readonly password: string;
    readonly database: string;
    /** postgres://user:password@127.0.0.1:5433/telemetry */
    readonly url: string;
  };
  readonly redis: { readonly host: string; readonly port: number; readonly url: string };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly topics: { readonly events: string; readonly deadLetter: string };
  };
  readonly influxdb: { readonly url: string; readonly database: string };
  readonly smtp: { readonly host: string; readonly port: number };
  readonly maildev: {
    /** Base of maildev's REST API (maildev 3 serves it under /api): `${apiUrl}/email`. */
    readonly apiUrl: string;
    readonly webUrl: string;
  };
}

interface PlatformConfigFile {
  infra?: {
    postgres?: { port?: number; user?: string; password?: string; database?: string };
    redis?: { port?: number };
    kafka?: { port?: number };
    influxdb?: { port?: number; database?: string };
    smtp?: { port?: number; webPort?: number };
  };
  topics?: { events?: string; deadLetter?: string };
}

// 127.0.0.1, never "localhost": the stack binds IPv4 loopback only, and "localhost" may resolve
// to ::1 first, which would fail (or be slow) for every client.
const HOST = '127.0.0.1';

function load(): InfraEndpoints {
  const file = path.join(repoRoot, 'platform.config.json');
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as PlatformConfigFile;
  const i = cfg.infra ?? {};
  const pg = {
    port: i.postgres?.port ?? 5433,
    user: i.postgres?.user ?? 'telemetry',
    password: i.postgres?.password ?? 'telemetry',
    database: i.postgres?.database ?? 'telemetry',
  };
  const redisPort = i.redis?.port ?? 6380;
  const influxPort = i.influxdb?.port ?? 8086;
  const webPort = i.smtp?.webPort ?? 1080;
  return {
    postgres: {
      host: HOST,
      ...pg,
      url: `postgres://${encodeURIComponent(pg.user)}:${encodeURIComponent(pg.password)}@${HOST}:${pg.port}/${encodeURIComponent(pg.database)}`,
    },
    redis: { host: HOST, port: redisPort, url: `redis://${HOST}:${redisPort}` },
    kafka: {
      brokers: [`${HOST}:${i.kafka?.port ?? 9092}`],
      topics: {
        events: cfg.topics?.events ?? 'telemetry.events.v1',
        deadLetter: cfg.topics?.deadLetter ?? 'telemetry.events.dlq.v1',
      },
    },
    influxdb: { url: `http://${HOST}:${influxPort}`, database: i.influxdb?.database ?? 'telemetry' },
    smtp: { host: HOST, port: i.smtp?.port ?? 1025 },
    maildev: { apiUrl: `http://${HOST}:${webPort}/api`, webUrl: `http://${HOST}:${webPort}` },
  };
}

export const infra: InfraEndpoints = load();
