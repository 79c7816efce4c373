// Reads platform.config.json (the one file that owns ports) for tools/infra.
// `node config.mjs shell` prints shell assignments that infra.sh evals, so the shell script
// never parses JSON itself and the defaults below live in one place.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function loadConfig() {
  const raw = JSON.parse(readFileSync(path.join(root, 'platform.config.json'), 'utf8'));
  const i = raw.infra ?? {};
  const t = raw.topics ?? {};
  return {
    postgres: {
      port: i.postgres?.port ?? 5433,
      user: i.postgres?.user ?? 'telemetry',
      password: i.postgres?.password ?? 'telemetry',
      database: i.postgres?.database ?? 'telemetry',
    },
    redis: { port: i.redis?.port ?? 6380 },
    kafka: {
      port: i.kafka?.port ?? 9092,
      controllerPort: i.kafka?.controllerPort ?? 9093,
      partitions: i.kafka?.partitions ?? 12,
      deadLetterPartitions: i.kafka?.deadLetterPartitions ?? 3,
    },
    influxdb: {
      port: i.influxdb?.port ?? 8086,
      rpcPort: i.influxdb?.rpcPort ?? 8088,
      database: i.influxdb?.database ?? 'telemetry',
    },
    smtp: { port: i.smtp?.port ?? 1025, webPort: i.smtp?.webPort ?? 1080 },
    topics: {
      events: t.events ?? 'telemetry.events.v1',
      deadLetter: t.deadLetter ?? 'telemetry.events.dlq.v1',
    },
  };
}

const q = (v) => `'${String(v).replace(/'/g, `'\\''`)}'`;

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'shell') {
  const c = loadConfig();
  const vars = {
    PG_PORT: c.postgres.port,
    PG_USER: c.postgres.user,
    PG_PASSWORD: c.postgres.password,
    PG_DB: c.postgres.database,
    REDIS_PORT: c.redis.port,
    KAFKA_PORT: c.kafka.port,
    KAFKA_CONTROLLER_PORT: c.kafka.controllerPort,
    KAFKA_PARTITIONS: c.kafka.partitions,
    INFLUX_PORT: c.influxdb.port,
    INFLUX_RPC_PORT: c.influxdb.rpcPort,
    INFLUX_DB: c.influxdb.database,
    SMTP_PORT: c.smtp.port,
    SMTP_WEB_PORT: c.smtp.webPort,
  };
  process.stdout.write(
    Object.entries(vars)
      .map(([k, v]) => `${k}=${q(v)}`)
      .join('\n') + '\n',
  );
}
