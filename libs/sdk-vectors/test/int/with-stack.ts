// The engine SDKs' integration tests run against the real platform: this helper starts core and
// ingestion (with a database of their own on the project's PostgreSQL), creates a studio, a game,
// two game clients of that game (same platform) with an API key each through core's REST API (the
// second with a signing secret and signed requests required), puts a switchable TCP proxy in
// front of ingestion (to take the network away), and runs the SDK's test command with:
//
//   GT_INT_ENDPOINT          the proxy, e.g. http://127.0.0.1:41234 (the SDK adds /v1/events)
//   GT_INT_DIRECT_ENDPOINT   ingestion itself
//   GT_INT_API_KEY           the first game client's key (gtk_live_...); no signing
//   GT_INT_SIGNED_API_KEY    the second game client's key: ingestion refuses its requests without a
//                            valid X-Signature (401 SIGNATURE_MISSING / _MALFORMED / _EXPIRED /
//                            _INVALID)
//   GT_INT_SIGNING_SECRET    that client's signing secret (gts_...), for the SDK's SigningSecret
//   GT_INT_CONTROL           http://127.0.0.1:<port>: GET /offline, GET /online (the proxy),
//                            GET /kafka?player=<id>&expect=<n>: the envelopes on telemetry.events.v1
//                            for that player (whichever client sent them), as JSON, read until n
//                            arrived plus a quiet period (so that a duplicate would be seen too;
//                            expect=0: only the quiet period, for "nothing arrived")
//   GT_INT_PLATFORM          unity | unreal (the game client's platform)
//
// Then it stops what it started. The exit code is the command's.
//
//   node -r ./tools/build/register.js libs/sdk-vectors/test/int/with-stack.ts \
//     --platform unity --report <jest json> --suite <name> -- <command...>
//
// When core or ingestion is not in the repository yet, it says so LOUDLY, writes a report with
// the tier marked skipped, and exits 78.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, connect, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { decodeEnvelope, TOPIC_EVENTS } from '@gt/contracts';
import { collectRecords, createKafka } from '@gt/kafka';
import type { CorePlatform } from '@gt/core-client';
import { infra, repoRoot } from '@gt/testing';
import { CoreProvisioning } from '../../../../tools/demo/core-api';

const root = repoRoot;
const logDir = path.join(root, '.cache', 'sdk-int');

interface Options {
  platform: CorePlatform;
  report: string | undefined;
  suite: string;
  command: string[];
}

/** The engine SDKs' platforms (core knows more; these are the ones this harness runs). */
function platformArg(value: string): CorePlatform {
  if (value !== 'unity' && value !== 'unreal')
    throw new Error(`--platform must be unity or unreal, got ${value}`);
  return value;
}

function parseArgs(argv: string[]): Options {
  const split = argv.indexOf('--');
  const own = split >= 0 ? argv.slice(0, split) : argv;
  const value = (name: string): string | undefined => {
    const i = own.indexOf(name);
    return i >= 0 ? own[i + 1] : undefined;
  };
  return {
    platform: platformArg(value('--platform') ?? 'unity'),
    report: value('--report'),
    suite: value('--suite') ?? 'sdk int',
    command: split >= 0 ? argv.slice(split + 1) : [],
  };
}

function log(message: string): void {
  process.stdout.write(`[sdk-int] ${message}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createTcpServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, name: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode}; log: ${path.join(logDir, `${name}.log`)}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${name} was not healthy at ${url} within ${timeoutMs / 1000} s; log: ${path.join(logDir, `${name}.log`)}`,
  );
}

function startService(name: string, main: string, env: Record<string, string>): ChildProcess {
  mkdirSync(logDir, { recursive: true });
  const out = createWriteStream(path.join(logDir, `${name}.log`));
  const child = spawn(process.execPath, ['-r', './tools/build/register.js', main], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

async function stopService(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

interface Provisioned {
  /** The key of a game client that does not sign. */
  apiKey: string;
  /** The key of a second game client of the same game that requires signed requests. */
  signedApiKey: string;
  /** That second client's signing secret (gts_...). */
  signingSecret: string;
}

/**
 * A user, a studio, a game, and two game clients of `platform` with an API key each, through
 * core's REST API (tools/demo's typed provisioning); the second client gets a signing secret and
 * then requires signatures.
 */
async function provision(coreUrl: string, token: string, platform: CorePlatform): Promise<Provisioned> {
  const core = new CoreProvisioning(coreUrl, token);
  const plain = await core.provision(`SDK ${platform} ${randomBytes(4).toString('hex')}`, platform);
  const signed = {
    ...plain,
    ...(await core.newClientAndKey(
      core.as(plain.userId),
      plain.studioId,
      plain.gameId,
      `${platform} signed build`,
      platform,
    )),
  };
  const signingSecret = await core.signingSecret(signed, { require: true });
  return { apiKey: plain.key, signedApiKey: signed.key, signingSecret };
}

/** A TCP proxy in front of ingestion that can drop every connection: the network going away. */
function startProxy(
  targetPort: number,
): Promise<{ port: number; setOnline: (on: boolean) => void; close: () => void }> {
  let online = true;
  const open = new Set<Socket>();
  const server = createTcpServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        setOnline: (on) => {
          online = on;
          if (!on) for (const s of open) s.destroy();
        },
        close: () => {
          for (const s of open) s.destroy();
          server.close();
        },
      });
    });
  });
}

interface KafkaEvent {
  eventId: string;
  type: string;
  name?: string;
  sessionId: string;
  platform: string;
  gameClientId: string;
  timestamp: string;
}

async function readPlayer(player: string, expect: number): Promise<KafkaEvent[]> {
  const connection = createKafka({
    brokers: infra.kafka.brokers,
    clientId: `sdk-int-${randomBytes(3).toString('hex')}`,
  });
  const matches = (value: Buffer | null): boolean => {
    if (!value) return false;
    const decoded = decodeEnvelope(value);
    return decoded.ok && decoded.envelope.event.playerId === player;
  };
  // First until all expected records arrived, then a fresh read that also waits a quiet period:
  // one more record than expected would be a duplicate. With expect=0 only the second read runs.
  if (expect > 0)
    await collectRecords(connection, {
      topic: TOPIC_EVENTS,
      count: expect,
      timeoutMs: 30_000,
      filter: (r) => matches(r.value),
    });
  const records = await collectRecords(connection, {
    topic: TOPIC_EVENTS,
    count: expect + 1,
    timeoutMs: 8_000,
    filter: (r) => matches(r.value),
  });
  return records.map((r) => {
    const decoded = decodeEnvelope(r.value);
    if (!decoded.ok) throw new Error('unreachable: filtered above');
    const { envelope } = decoded;
    const e = envelope.event;
    return {
      eventId: e.eventId,
      type: e.type,
      ...(e.type === 'design' ? { name: e.name } : {}),
      sessionId: e.sessionId,
      platform: envelope.platform,
      gameClientId: envelope.gameClientId,
      timestamp: e.timestamp,
    };
  });
}

function startControl(proxy: {
  setOnline: (on: boolean) => void;
}): Promise<{ port: number; close: () => void }> {
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/offline' || url.pathname === '/online') {
      proxy.setOnline(url.pathname === '/online');
      log(`network ${url.pathname.slice(1)}`);
      reply(200, { ok: true });
      return;
    }
    if (url.pathname === '/kafka') {
      const player = url.searchParams.get('player') ?? '';
      const expect = Number(url.searchParams.get('expect') ?? '0');
      readPlayer(player, expect).then(
        (events) => reply(200, { events }),
        (e: unknown) => reply(500, { error: String(e) }),
      );
      return;
    }
    reply(404, { error: 'unknown' });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, close: () => server.close() }),
    );
  });
}

function writeSkippedReport(options: Options, reason: string): void {
  if (!options.report) return;
  mkdirSync(path.dirname(path.resolve(root, options.report)), { recursive: true });
  writeFileSync(
    path.resolve(root, options.report),
    `${JSON.stringify(
      {
        numPassedTests: 0,
        numFailedTests: 0,
        numPendingTests: 1,
        numTodoTests: 0,
        testResults: [
          {
            name: `${options.suite} (skipped)`,
            status: 'pending',
            message: reason,
            assertionResults: [{ title: 'integration', status: 'pending', failureMessages: [reason] }],
          },
        ],
      },
      null,
      2,
    )}\n`,
  );
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const missing = ['apps/core/src/main.ts', 'apps/ingestion/src/main.ts'].filter(
    (f) => !existsSync(path.join(root, f)),
  );
  if (missing.length > 0) {
    const reason = `core or ingestion is not built yet (${missing.join(', ')} missing): integration tests NOT RUN`;
    const bar = '!'.repeat(100);
    process.stdout.write(`\n${bar}\n!!! [sdk-int] SKIPPED: ${reason}\n${bar}\n\n`);
    writeSkippedReport(options, reason);
    return 78;
  }
  if (options.command.length === 0) throw new Error('no command given after --');

  log('infrastructure: PostgreSQL and Kafka');
  const up = spawnSync('bash', ['tools/infra/infra.sh', 'up', 'postgres', 'kafka'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (up.status !== 0) throw new Error('tools/infra/infra.sh up postgres kafka failed');

  const pg = infra.postgres;
  const database = `sdk_int_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  const databaseUrl = new URL(pg.url);
  databaseUrl.pathname = `/${database}`;

  const token = randomBytes(24).toString('hex');
  const corePort = await freePort();
  const ingestionPort = await freePort();
  let core: ChildProcess | undefined;
  let ingestion: ChildProcess | undefined;
  let proxy: Awaited<ReturnType<typeof startProxy>> | undefined;
  let control: Awaited<ReturnType<typeof startControl>> | undefined;
  try {
    log(`core on :${corePort} (database ${database})`);
    core = startService('core', 'apps/core/src/main.ts', {
      PORT: String(corePort),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      SERVICE_TOKEN: token,
      DATABASE_URL: databaseUrl.toString(),
      LOG_LEVEL: 'warn',
    });
    await waitHealthy(`http://127.0.0.1:${corePort}/health/ready`, core, 'core', 120_000);
    log(`ingestion on :${ingestionPort}`);
    ingestion = startService('ingestion', 'apps/ingestion/src/main.ts', {
      PORT: String(ingestionPort),
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      SERVICE_TOKEN: token,
      CORE_URL: `http://127.0.0.1:${corePort}`,
      // A change of a key's signing policy reaches ingestion within this.
      KEY_CACHE_TTL_SECONDS: '1',
      LOG_LEVEL: 'warn',
    });
    await waitHealthy(`http://127.0.0.1:${ingestionPort}/health/ready`, ingestion, 'ingestion', 120_000);
    const keys = await provision(`http://127.0.0.1:${corePort}`, token, options.platform);
    log(
      `game client keys ${keys.apiKey.slice(0, 12)}… and ${keys.signedApiKey.slice(0, 12)}… (signing required) (${options.platform})`,
    );
    proxy = await startProxy(ingestionPort);
    control = await startControl(proxy);

    log(`running: ${options.command.join(' ')}`);
    const [cmd, ...args] = options.command as [string, ...string[]];
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        GT_INT_ENDPOINT: `http://127.0.0.1:${proxy.port}`,
        GT_INT_DIRECT_ENDPOINT: `http://127.0.0.1:${ingestionPort}`,
        GT_INT_API_KEY: keys.apiKey,
        GT_INT_SIGNED_API_KEY: keys.signedApiKey,
        GT_INT_SIGNING_SECRET: keys.signingSecret,
        GT_INT_CONTROL: `http://127.0.0.1:${control.port}`,
        GT_INT_PLATFORM: options.platform,
      },
    });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    control?.close();
    proxy?.close();
    await stopService(ingestion);
    await stopService(core);
    const dropper = new Client({ connectionString: pg.url });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await dropper.end();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`[sdk-int] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
