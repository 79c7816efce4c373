// The whole platform for one browser-test run, isolated from a developer's running platform and
// from parallel checkouts: every service is a child process (`node -r tools/build/register.js
// apps/<x>/src/main.ts`) on a free port, with state of its own:
//   core       a fresh PostgreSQL database on the project's cluster (dropped afterwards)
//   metrics    a unique InfluxDB database (dropped) and its own consumer group
//   alerting   a unique Redis key prefix (keys deleted) and its own consumer group; real SMTP
//              (maildev) so the test reads the email through maildev's API
//   ingestion  a unique temporary Kafka topic (created with ensureTopics, deleted afterwards),
//              and a short key cache so a revoked key is refused within seconds
//   bff        serves a copy of the built portal (PORTAL_DIST) with a portal-config.json that
//              points the snippets at this run's ingestion
// The infrastructure itself (tools/infra/infra.sh up) must be running.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createKafka, deleteTopics, ensureTopics } from '@gt/kafka';
import { infra, repoRoot } from '@gt/testing';

export type AppName = 'core' | 'ingestion' | 'metrics' | 'alerting' | 'bff';

export interface E2ePlatform {
  /** The BFF, serving the portal and the API on one origin. */
  readonly portalUrl: string;
  readonly urls: Readonly<Record<AppName, string>>;
  readonly topic: string;
  readonly runId: string;
  /** The last lines a service printed, for a failing test's message. */
  logs(app: AppName): string;
  stop(): Promise<void>;
}

export interface E2eOptions {
  /** Seconds ingestion trusts a key check (a revoked key is refused after at most this long). */
  keyCacheSeconds?: number;
  /** Print every service's output as it comes (E2E_VERBOSE=1). */
  verbose?: boolean;
}

const SERVICE_TOKEN = `e2e-${randomBytes(16).toString('hex')}`;
const PORTAL_DIST = path.join(repoRoot, 'apps/portal/dist');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

class ServiceProcess {
  private child: ChildProcess | null = null;
  private out = '';
  readonly url: string;

  constructor(
    readonly app: AppName,
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly verbose: boolean,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const main = path.join(repoRoot, 'apps', this.app, 'src', 'main.ts');
    this.child = spawn(process.execPath, ['-r', path.join(repoRoot, 'tools/build/register.js'), main], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        ...this.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        SERVICE_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (d: Buffer) => {
      this.out = (this.out + d.toString()).slice(-20_000);
      if (this.verbose) process.stderr.write(`[${this.app}] ${d.toString()}`);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(
          `${this.app} exited with ${this.child.exitCode} while starting:\n${this.out.slice(-4000)}`,
        );
      }
      try {
        if ((await fetch(`${this.url}/health/ready`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${this.app} was not ready in ${timeoutMs} ms:\n${this.out.slice(-4000)}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  logs(): string {
    return this.out.slice(-4000);
  }
}

async function pgAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: infra.postgres.url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function influx(q: string): Promise<void> {
  await fetch(`${infra.influxdb.url}/query?q=${encodeURIComponent(q)}`, { method: 'POST' });
}

async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(infra.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Builds the portal unless apps/portal/dist is up to date (tools/run/build-portal.sh decides). */
export function ensurePortalBuilt(): void {
  const r = spawnSync('bash', [path.join(repoRoot, 'tools/run/build-portal.sh')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (r.status !== 0 || !existsSync(path.join(PORTAL_DIST, 'index.html'))) {
    throw new Error('building the portal failed (bash tools/run/build-portal.sh)');
  }
}

export async function startPlatform(options: E2eOptions = {}): Promise<E2ePlatform> {
  const runId = `e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const verbose = options.verbose ?? process.env.E2E_VERBOSE === '1';
  const keyCache = String(options.keyCacheSeconds ?? 2);
  const topic = `telemetry.events.${runId}`;
  const dlqTopic = `telemetry.events.dlq.${runId}`;
  const redisPrefix = `${runId}:`;
  const cleanups: (() => Promise<void>)[] = [];
  const services: ServiceProcess[] = [];

  const stop = async () => {
    // Services first (they hold connections to what is dropped next), then state, newest first.
    await Promise.allSettled(services.map((s) => s.stop()));
    for (const c of cleanups.reverse())
      await c().catch((e: unknown) => console.warn(`[e2e] cleanup: ${String(e)}`));
  };

  try {
    await pgAdmin((c) => c.query(`CREATE DATABASE "${runId}"`));
    cleanups.push(() =>
      pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${runId}" WITH (FORCE)`)).then(() => undefined),
    );
    const dbUrl = new URL(infra.postgres.url);
    dbUrl.pathname = `/${runId}`;

    await influx(`CREATE DATABASE "${runId}"`);
    cleanups.push(() => influx(`DROP DATABASE "${runId}"`));

    const kafka = createKafka({ brokers: infra.kafka.brokers, clientId: `${runId}-admin` });
    await ensureTopics(kafka, [
      { topic, numPartitions: 3 },
      { topic: dlqTopic, numPartitions: 1 },
    ]);
    cleanups.push(() => deleteTopics(kafka, [topic, dlqTopic]));
    cleanups.push(() => deleteRedisPrefix(redisPrefix));

    // A copy of the build with this run's runtime configuration next to index.html.
    const portalDir = mkdtempSync(path.join(tmpdir(), 'gt-portal-'));
    cpSync(PORTAL_DIST, portalDir, { recursive: true });
    cleanups.push(async () => rmSync(portalDir, { recursive: true, force: true }));

    const ports = {
      core: await freePort(),
      ingestion: await freePort(),
      metrics: await freePort(),
      alerting: await freePort(),
      bff: await freePort(),
    };
    const url = (p: number) => `http://127.0.0.1:${p}`;
    writeFileSync(
      path.join(portalDir, 'portal-config.json'),
      JSON.stringify({ ingestionUrl: url(ports.ingestion), graphqlIdeUrl: '/graphql' }),
    );

    const core = new ServiceProcess(
      'core',
      ports.core,
      {
        DATABASE_URL: dbUrl.toString(),
        DATABASE_STARTUP_WAIT_SECONDS: '10',
        KEY_CACHE_SECONDS: keyCache,
        PORTAL_URL: url(ports.bff),
      },
      verbose,
    );
    services.push(core);
    await core.start();

    const kafkaEnv = { KAFKA_BROKERS: infra.kafka.brokers.join(','), KAFKA_TOPIC: topic };
    const others = [
      new ServiceProcess(
        'ingestion',
        ports.ingestion,
        {
          ...kafkaEnv,
          CORE_URL: core.url,
          KAFKA_CLIENT_ID: `${runId}-ingestion`,
          KEY_CACHE_TTL_SECONDS: keyCache,
          KEY_NEGATIVE_CACHE_TTL_SECONDS: '1',
        },
        verbose,
      ),
      new ServiceProcess(
        'metrics',
        ports.metrics,
        {
          ...kafkaEnv,
          KAFKA_DLQ_TOPIC: dlqTopic,
          KAFKA_GROUP_ID: `${runId}-metrics`,
          KAFKA_CLIENT_ID: `${runId}-metrics`,
          KAFKA_FROM_BEGINNING: 'true',
          BATCH_LINGER_MS: '100',
          INFLUX_DATABASE: runId,
        },
        verbose,
      ),
      new ServiceProcess(
        'alerting',
        ports.alerting,
        {
          ...kafkaEnv,
          KAFKA_DLQ_TOPIC: dlqTopic,
          KAFKA_GROUP_ID: `${runId}-alerting`,
          CORE_URL: core.url,
          REDIS_URL: infra.redis.url,
          REDIS_KEY_PREFIX: redisPrefix,
          SMTP_HOST: infra.smtp.host,
          SMTP_PORT: String(infra.smtp.port),
          PORTAL_URL: url(ports.bff),
          RULES_POLL_MS: '500',
          OUTBOX_POLL_MS: '200',
        },
        verbose,
      ),
    ];
    services.push(...others);
    await Promise.all(others.map((s) => s.start()));

    const bff = new ServiceProcess(
      'bff',
      ports.bff,
      {
        CORE_URL: core.url,
        METRICS_URL: url(ports.metrics),
        PUBLIC_URL: url(ports.bff),
        PORTAL_DIST: portalDir,
        DEV_LOGIN_ENABLED: 'true',
        LIVE_INTERVAL_SECONDS: '2',
        RATE_LIMIT_PER_MINUTE: '5000',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000',
      },
      verbose,
    );
    services.push(bff);
    await bff.start();

    const byName = Object.fromEntries(services.map((s) => [s.app, s])) as Record<AppName, ServiceProcess>;
    return {
      portalUrl: bff.url,
      urls: {
        core: core.url,
        ingestion: url(ports.ingestion),
        metrics: url(ports.metrics),
        alerting: url(ports.alerting),
        bff: bff.url,
      },
      topic,
      runId,
      logs: (app) => byName[app]?.logs() ?? '',
      stop,
    };
  } catch (e) {
    const logs = services.map((s) => `--- ${s.app} ---\n${s.logs()}`).join('\n');
    await stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${logs}`.slice(0, 12_000));
  }
}
