// A metrics service on the real local stack, isolated per test file: its own InfluxDB database,
// its own Kafka topics (events and dead letters, deleted afterwards) and consumer group, so
// parallel runs and the developer's running platform never see each other's data.
import { randomUUID } from 'node:crypto';
import { FIXTURE_IDS, type EventEnvelope, type TelemetryEvent } from '@gt/contracts';
import {
  createKafka,
  deleteTopics,
  ensureTopics,
  envelopeRecord,
  EventProducer,
  type KafkaConnection,
  type ProducerRecord,
} from '@gt/kafka';
import { createLogger, createServiceApp } from '@gt/service-kit';
import { infra, uniqueId, waitFor } from '@gt/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadMetricsConfig, type MetricsConfig } from '../src/config';
import { EventsConsumer } from '../src/ingest/events.consumer';
import { RollupRefresher } from '../src/ingest/rollup-refresher';
import { influxRepositoryFor } from '../src/metrics.module';
import { metricsService } from '../src/service';
import type { InfluxRepository } from '../src/storage/influx.repository';

export const TOKEN = 'metrics-int-test-token';

export interface Topics {
  topic: string;
  dlqTopic: string;
  partitions: number;
}

export class MetricsStack {
  readonly connection: KafkaConnection;
  readonly producer: EventProducer;
  readonly database: string;
  readonly topics: Topics;
  private apps: NestExpressApplication[] = [];

  constructor(name: string, partitions = 3) {
    const id = uniqueId(`metrics_${name}`);
    this.database = id;
    this.topics = { topic: `${id}.events`, dlqTopic: `${id}.dlq`, partitions };
    this.connection = createKafka({ brokers: infra.kafka.brokers, clientId: id });
    this.producer = new EventProducer(this.connection);
  }

  async setUp(): Promise<void> {
    await ensureTopics(this.connection, [
      { topic: this.topics.topic, numPartitions: this.topics.partitions },
      { topic: this.topics.dlqTopic, numPartitions: 1 },
    ]);
  }

  config(overrides: Record<string, string> = {}): MetricsConfig {
    return loadMetricsConfig({
      SERVICE_TOKEN: TOKEN,
      KAFKA_BROKERS: infra.kafka.brokers.join(','),
      KAFKA_TOPIC: this.topics.topic,
      KAFKA_DLQ_TOPIC: this.topics.dlqTopic,
      KAFKA_GROUP_ID: `${this.database}_group`,
      INFLUX_URL: infra.influxdb.url,
      INFLUX_DATABASE: this.database,
      INFLUX_TIMEOUT_MS: '3000',
      BATCH_LINGER_MS: '100',
      ...overrides,
    });
  }

  /** Starts a service instance on an ephemeral port and waits until it is ready. */
  async start(overrides: Record<string, string> = {}): Promise<MetricsApp> {
    const config = this.config(overrides);
    const app = await createServiceApp(metricsService, config, { logger: createLogger('metrics', 'warn') });
    await app.listen(0, '127.0.0.1');
    this.apps.push(app);
    const address = app.getHttpServer().address() as { port: number };
    const instance = new MetricsApp(app, `http://127.0.0.1:${address.port}`, config);
    await waitFor(async () => (await fetch(`${instance.base}/health/ready`)).ok, {
      timeoutMs: 60_000,
      intervalMs: 200,
      message: 'metrics ready',
    });
    return instance;
  }

  async stop(app: MetricsApp): Promise<void> {
    this.apps = this.apps.filter((a) => a !== app.app);
    await app.app.close();
  }

  repository(): InfluxRepository {
    return influxRepositoryFor(this.config());
  }

  async produce(envelopes: readonly EventEnvelope[]): Promise<void> {
    await this.produceRecords(envelopes.map(envelopeRecord));
  }

  async produceRecords(records: readonly ProducerRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 500) {
      await this.producer.send(this.topics.topic, records.slice(i, i + 500), { timeoutMs: 15_000 });
    }
  }

  async tearDown(): Promise<void> {
    for (const app of this.apps) await app.close().catch(() => undefined);
    this.apps = [];
    await this.producer.disconnect().catch(() => undefined);
    await deleteTopics(this.connection, [this.topics.topic, this.topics.dlqTopic]).catch(() => undefined);
    await this.repository()
      .dropDatabase()
      .catch(() => undefined);
  }
}

export class MetricsApp {
  constructor(
    readonly app: NestExpressApplication,
    readonly base: string,
    readonly config: MetricsConfig,
  ) {}

  consumer(): EventsConsumer {
    return this.app.get(EventsConsumer);
  }

  /** GET with the service credential; returns status and parsed body. */
  async get<T = Record<string, unknown>>(
    path: string,
    token: string | null = TOKEN,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      headers: token === null ? {} : { 'x-service-token': token },
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async ok<T = Record<string, unknown>>(path: string): Promise<T> {
    const { status, body } = await this.get<T>(path);
    if (status !== 200) throw new Error(`GET ${path} -> ${status}: ${JSON.stringify(body)}`);
    return body;
  }

  /**
   * Waits until `minHandled` records in all were handled or dead-lettered, the group has no lag,
   * and the rollups of late events are recomputed.
   */
  async drained(minHandled: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const s = this.consumer().status();
        return (
          s.handled + s.deadLettered >= minHandled &&
          (await this.consumer().lag()) === 0 &&
          this.app.get(RollupRefresher).size() === 0
        );
      },
      { timeoutMs, intervalMs: 100, message: `${minHandled} records consumed, lag 0` },
    );
  }
}

/** An envelope for a game, received "now" by ingestion. */
export function envelopeFor(gameId: string, event: TelemetryEvent): EventEnvelope {
  return {
    v: 1,
    studioId: FIXTURE_IDS.studioId,
    gameId,
    gameClientId: FIXTURE_IDS.gameClientId,
    platform: 'unity',
    receivedAt: new Date().toISOString(),
    event,
  };
}

export function newGameId(): string {
  return randomUUID();
}

/** Query string from defined values. */
export function qs(params: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
