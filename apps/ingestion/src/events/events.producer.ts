import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createKafka, EventProducer, KafkaUnavailableError, type ProducerRecord } from '@gt/kafka';
import { HealthRegistry } from '@gt/service-kit';
import { INGESTION_CONFIG, type IngestionConfig } from '../config';
import { IngestionMetrics } from '../observability/ingestion.metrics';

/** Kafka refuses a record batch above message.max.bytes (1 MiB by default): stay well under it. */
const MAX_SEND_BYTES = 768 * 1024;
/** A failed send keeps readiness false this long unless a later send succeeds. */
const UNHEALTHY_AFTER_FAILURE_MS = 10_000;

/** What EventsProducer needs of libs/kafka's EventProducer (tests substitute a fake). */
export type KafkaSender = Pick<EventProducer, 'connect' | 'disconnect' | 'send' | 'isConnected'>;
export const KAFKA_SENDER = Symbol('KAFKA_SENDER');

/** The production sender: libs/kafka's producer (acks from all in-sync replicas), logging through Nest. */
export function createKafkaSender(config: IngestionConfig): KafkaSender {
  const log = new Logger('Kafka');
  const connection = createKafka({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    logger: (entry) => {
      if (entry.level === 'error' || entry.level === 'warn') log.warn(`${entry.namespace}: ${entry.message}`);
    },
  });
  return new EventProducer(connection, { sendTimeoutMs: config.PRODUCE_TIMEOUT_MS });
}

interface Pending {
  records: readonly ProducerRecord[];
  bytes: number;
  deadline: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The service's one door to Kafka: publishes the records of a request and resolves once every
 * in-sync replica has them (EventProducer sends with acks=-1).
 *
 * Group commit: up to PRODUCE_MAX_IN_FLIGHT sends run at once; requests that arrive while all are busy
 * wait and leave together in the next send. Under light load a request is sent at once (no
 * linger timer adds latency); under heavy load many small requests share one round trip, which
 * is what lets batch-1 traffic reach a useful rate. A request resolves only when the send that
 * carried its records succeeded; a failure rejects every request in that send.
 */
@Injectable()
export class EventsProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(EventsProducer.name);
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private lastSuccessAt = 0;
  private lastFailureAt = 0;

  constructor(
    @Inject(KAFKA_SENDER) private readonly producer: KafkaSender,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly metrics: IngestionMetrics,
    health: HealthRegistry,
  ) {
    health.register('kafka', () => this.checkHealth());
  }

  get topic(): string {
    return this.config.KAFKA_TOPIC;
  }

  async onModuleInit(): Promise<void> {
    // Not fatal: the first send connects again, and readiness reports Kafka down meanwhile.
    await this.producer.connect().catch((e: unknown) => {
      this.log.warn(`Kafka not reachable at start (${(e as Error).message}); the first send retries`);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // The HTTP server has drained; wait for the sends it started, then leave the cluster.
    if (this.inFlight > 0 || this.queue.length > 0) {
      await new Promise<void>((resolve) => (this.idle = resolve));
    }
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Resolves once Kafka acknowledged every record; rejects with KafkaUnavailableError (or KafkaSendError). */
  publish(records: readonly ProducerRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    // A request larger than one send is split: it succeeds only if every part does.
    const parts = splitBySize(records, MAX_SEND_BYTES);
    const deadline = Date.now() + this.config.PRODUCE_TIMEOUT_MS;
    const sent = parts.map(
      (part) =>
        new Promise<void>((resolve, reject) => {
          this.queue.push({ records: part, bytes: sizeOf(part), deadline, resolve, reject });
        }),
    );
    this.pump();
    return Promise.all(sent).then(() => undefined);
  }

  private pump(): void {
    while (this.inFlight < this.config.PRODUCE_MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch: Pending[] = [this.queue.shift()!];
      let bytes = batch[0]!.bytes;
      while (this.queue.length > 0 && bytes + this.queue[0]!.bytes <= MAX_SEND_BYTES) {
        const next = this.queue.shift()!;
        bytes += next.bytes;
        batch.push(next);
      }
      this.inFlight++;
      void this.send(batch).finally(() => {
        this.inFlight--;
        if (this.inFlight === 0 && this.queue.length === 0) this.idle?.();
        this.pump();
      });
    }
  }

  private async send(batch: Pending[]): Promise<void> {
    const started = process.hrtime.bigint();
    const deadline = Math.min(...batch.map((p) => p.deadline));
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0) {
      const timedOut = new KafkaUnavailableError('timed out waiting for a free Kafka send slot');
      for (const p of batch) p.reject(timedOut);
      return;
    }
    const records = batch.length === 1 ? batch[0]!.records : batch.flatMap((p) => p.records);
    try {
      await this.producer.send(this.config.KAFKA_TOPIC, records, { timeoutMs });
      this.lastSuccessAt = Date.now();
      this.observe(started, 'ok');
      for (const p of batch) p.resolve();
    } catch (e) {
      this.lastFailureAt = Date.now();
      this.observe(started, 'error');
      for (const p of batch) p.reject(e);
    }
  }

  private observe(started: bigint, outcome: 'ok' | 'error'): void {
    this.metrics.produceDuration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /**
   * Ready when the producer is connected and the latest send did not fail in the last few
   * seconds. After a failure, readiness comes back on the next success or after
   * UNHEALTHY_AFTER_FAILURE_MS, so an idle instance is not kept out of rotation forever.
   */
  private async checkHealth(): Promise<void> {
    if (!this.producer.isConnected()) await this.producer.connect(1500);
    const failing = this.lastFailureAt > this.lastSuccessAt;
    if (failing && Date.now() - this.lastFailureAt < UNHEALTHY_AFTER_FAILURE_MS) {
      throw new Error('the last send to Kafka failed');
    }
  }
}

function sizeOf(records: readonly ProducerRecord[]): number {
  let bytes = 0;
  for (const r of records) bytes += recordSize(r);
  return bytes;
}

/** Bytes a record adds to a Kafka batch, near enough: key, value, headers and ~32 bytes of framing. */
function recordSize(r: ProducerRecord): number {
  let bytes = byteLength(r.value) + byteLength(r.key) + 32;
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (value === undefined) continue;
    bytes +=
      name.length + (Array.isArray(value) ? value.reduce((n, v) => n + byteLength(v), 0) : byteLength(value));
  }
  return bytes;
}

function byteLength(v: string | Buffer | null): number {
  if (v === null) return 0;
  return typeof v === 'string' ? Buffer.byteLength(v) : v.length;
}

export function splitBySize(records: readonly ProducerRecord[], maxBytes: number): ProducerRecord[][] {
  const parts: ProducerRecord[][] = [];
  let current: ProducerRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = recordSize(r);
    if (current.length > 0 && bytes + size > maxBytes) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}
