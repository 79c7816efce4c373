// Integration-test harness: the REAL core (a child process on its own fresh database), the
// REAL Kafka (a temporary topic per test file, read back by a consumer of our own group), and
// ingestion in-process with its production wiring. Also used by tools/bench/ingestion-throughput.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EventEnvelope } from '@gt/contracts';
import {
  BatchConsumer,
  createKafka,
  deleteTopics,
  ensureTopics,
  parseEnvelopeRecord,
  type KafkaConnection,
} from '@gt/kafka';
import { createLogger, createServiceApp, localInfra } from '@gt/service-kit';
import { infra, repoRoot, uniqueId, waitFor } from '@gt/testing';
import { CoreProvisioning } from '../../../tools/demo/core-api';
import { loadIngestionConfig, type IngestionConfig } from '../src/config';
import { ingestionService } from '../src/service';

export const SERVICE_TOKEN = `ingestion-test-${randomBytes(12).toString('hex')}`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

// ------------------------------------------------------------------------------------ core

/** Core as a real process (apps/core/src/main.ts) on a database of its own, stoppable and restartable. */
export class CoreProcess {
  readonly url: string;
  readonly provisioning: CoreProvisioning;
  private child: ChildProcess | undefined;
  private log = '';

  private constructor(
    readonly port: number,
    readonly database: string,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.provisioning = new CoreProvisioning(this.url, SERVICE_TOKEN);
  }

  static async start(env: Record<string, string> = {}): Promise<CoreProcess> {
    const database = uniqueId('ingestion_core');
    await adminQuery(`CREATE DATABASE "${database}"`);
    const url = new URL(localInfra().postgresUrl);
    url.pathname = `/${database}`;
    const core = new CoreProcess(await freePort(), database, { DATABASE_URL: url.toString(), ...env });
    await core.start();
    return core;
  }

  async start(): Promise<void> {
    if (this.child) return;
    this.log = '';
    const child = spawn(
      process.execPath,
      ['-r', path.join(repoRoot, 'tools/build/register.js'), path.join(repoRoot, 'apps/core/src/main.ts')],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          PORT: String(this.port),
          HOST: '127.0.0.1',
          SERVICE_TOKEN,
          LOG_LEVEL: 'warn',
          ...this.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-4000)));
    child.stderr?.on('data', (d: Buffer) => (this.log = (this.log + d.toString()).slice(-4000)));
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await waitFor(
      async () => {
        if (!this.child) throw new Error(`core exited:\n${this.log}`);
        return (await fetch(`${this.url}/health/ready`)).status === 200;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: 'core to become ready' },
    );
  }

  /** SIGTERM and wait until the process is gone (its port refuses connections). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
    await adminQuery(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`).catch(() => undefined);
  }
}

async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: localInfra().postgresUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

// ------------------------------------------------------------------------------------ kafka

export function kafkaConnection(clientId = 'ingestion-test'): KafkaConnection {
  return createKafka({ brokers: infra.kafka.brokers, clientId });
}

export interface RecordedEnvelope {
  envelope: EventEnvelope;
  key: string | undefined;
  partition: number;
}

/** A topic of its own for one test file, and every envelope published on it, in arrival order. */
export class TopicRecorder {
  readonly records: RecordedEnvelope[] = [];
  private readonly consumer: BatchConsumer<RecordedEnvelope>;

  private constructor(
    readonly topic: string,
    private readonly connection: KafkaConnection,
  ) {
    this.consumer = new BatchConsumer<RecordedEnvelope>({
      connection,
      groupId: uniqueId('ingestion_test_reader'),
      topic,
      consumerName: 'ingestion-test-reader',
      fromBeginning: true,
      maxWaitTimeMs: 200,
      retry: { initialMs: 200, maxMs: 2000 },
      parse: (record) => {
        const parsed = parseEnvelopeRecord(record);
        if (!parsed.ok) return parsed;
        return {
          ok: true,
          value: { envelope: parsed.value, key: record.key?.toString(), partition: record.partition },
        };
      },
      handle: async (batch) => {
        for (const item of batch) this.records.push(item.value);
      },
    });
  }

  static async create(prefix = 'ingestion_test', partitions = 3): Promise<TopicRecorder> {
    const connection = kafkaConnection();
    const topic = uniqueId(prefix);
    await ensureTopics(connection, [{ topic, numPartitions: partitions }]);
    const recorder = new TopicRecorder(topic, connection);
    await recorder.consumer.start();
    return recorder;
  }

  count(eventId: string): number {
    return this.records.filter((r) => r.envelope.event.eventId === eventId).length;
  }

  /** Waits until every id was seen at least once, and returns their records in arrival order. */
  async waitForIds(ids: readonly string[], timeoutMs = 20_000): Promise<RecordedEnvelope[]> {
    const wanted = new Set(ids);
    await waitFor(
      () => {
        const seen = new Set(this.records.map((r) => r.envelope.event.eventId));
        return ids.every((id) => seen.has(id));
      },
      { timeoutMs, message: `${ids.length} events on ${this.topic}` },
    );
    return this.records.filter((r) => wanted.has(r.envelope.event.eventId));
  }

  /**
   * Checks that none of the ids reached the topic. A negative needs a wait: `settleMs` is far
   * above the reader's fetch interval (200 ms) and the produce-to-consume time of a local broker.
   */
  async expectNone(ids: readonly string[], settleMs = 1500): Promise<void> {
    await new Promise((r) => setTimeout(r, settleMs));
    const seen = ids.filter((id) => this.count(id) > 0);
    if (seen.length > 0) throw new Error(`expected nothing on ${this.topic}, found ${seen.join(', ')}`);
  }

  async close(): Promise<void> {
    await this.consumer.stop();
    await deleteTopics(this.connection, [this.topic]).catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------------ ingestion

export interface RunningIngestion {
  app: NestExpressApplication;
  url: string;
  config: IngestionConfig;
  close(): Promise<void>;
}

/** Ingestion in-process with its production wiring (real core client, real Kafka producer). */
export async function startIngestion(env: Record<string, string>, port = 0): Promise<RunningIngestion> {
  const config = loadIngestionConfig({
    SERVICE_TOKEN,
    HOST: '127.0.0.1',
    PRODUCE_TIMEOUT_MS: '3000',
    CORE_TIMEOUT_MS: '1000',
    ...env,
  });
  const app = await createServiceApp(ingestionService, config, {
    logger: createLogger('ingestion', process.env.INGESTION_TEST_LOG ?? 'silent'),
  });
  await app.listen(port, '127.0.0.1');
  const { port: actual } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${actual}`, config, close: () => app.close() };
}

export interface PostResult {
  status: number;
  body: { accepted?: number; rejected?: { index: number; code: string; message: string }[]; code?: string };
  headers: Headers;
}

export async function postEvents(
  url: string,
  key: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<PostResult> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}), ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as PostResult['body']) : {},
    headers: res.headers,
  };
}
