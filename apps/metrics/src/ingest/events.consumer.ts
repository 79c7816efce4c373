// The Kafka side of the service: consumer group `metrics-service` on telemetry.events.v1, through
// libs/kafka's BatchConsumer. Its guarantees carry over: a record that does not decode goes to
// the dead-letter topic (reason = decodeEnvelope's code) and the consumer goes on; a batch whose
// store fails (InfluxDB down) is retried with backoff, committing and dead-lettering nothing;
// offsets are committed only after the batch is stored; stop() finishes the in-flight batch.
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventEnvelope } from '@gt/contracts';
import {
  BatchConsumer,
  createKafka,
  parseEnvelopeRecord,
  type BatchItem,
  type DeadLetterRequest,
  type KafkaConnection,
} from '@gt/kafka';
import { HealthRegistry, MetricsRegistry } from '@gt/service-kit';
import { METRICS_CONFIG, type MetricsConfig } from '../config';
import { MetricsServiceMetrics } from '../observability/metrics.metrics';
import { InfluxSchemaService } from '../storage/influx-schema.service';
import { BatchAccumulator } from './batch-accumulator';
import { EventStore, type RejectedEvent } from './event-store.service';
import { RollupRefresher } from './rollup-refresher';

export const CONSUMER_NAME = 'metrics';
/** Dead-letter reason for events InfluxDB refuses for good (e.g. its tag value limit). */
export const STORE_REJECTED = 'STORE_REJECTED';
/** A batch closes this long after the last record arrived (see BatchAccumulator). */
const IDLE_FLUSH_MS = 20;

@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger(EventsConsumer.name);
  private readonly connection: KafkaConnection;
  private readonly consumer: BatchConsumer<EventEnvelope>;
  private readonly accumulator: BatchAccumulator<BatchItem<EventEnvelope>>;
  private starting: Promise<void> | undefined;
  private stopping = false;
  /** Per partition, the offset after the last record this instance stored. */
  private readonly nextOffset = new Map<number, bigint>();

  constructor(
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly store: EventStore,
    private readonly rollups: RollupRefresher,
    private readonly schema: InfluxSchemaService,
    private readonly metrics: MetricsServiceMetrics,
    health: HealthRegistry,
    registry: MetricsRegistry,
  ) {
    const kafkaLog = new Logger('Kafka');
    this.connection = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      logger: (entry) => {
        const text = `${entry.namespace}: ${entry.message}`;
        if (entry.level === 'error') kafkaLog.error(text);
        else if (entry.level === 'warn') kafkaLog.warn(text);
      },
    });
    this.accumulator = new BatchAccumulator({
      maxItems: config.BATCH_MAX_EVENTS,
      lingerMs: config.BATCH_LINGER_MS,
      idleMs: Math.min(IDLE_FLUSH_MS, config.BATCH_LINGER_MS),
      maxInFlight: 2,
      flush: (items) => this.storeBatch(items),
    });
    this.consumer = new BatchConsumer<EventEnvelope>({
      connection: this.connection,
      groupId: config.KAFKA_GROUP_ID,
      topic: config.KAFKA_TOPIC,
      consumerName: CONSUMER_NAME,
      parse: parseEnvelopeRecord,
      handle: (batch) => this.accumulator.add(batch),
      // The consumer's own dead-letter producer, closed by stop(): refusals of parse and of
      // InfluxDB (deadLetterRejected) both go through it.
      dlqTopic: config.KAFKA_DLQ_TOPIC,
      maxBatchSize: config.BATCH_MAX_EVENTS,
      // Every partition's records join the same InfluxDB write (BatchAccumulator).
      partitionsConcurrently: 64,
      retry: { initialMs: 250, maxMs: 10_000 },
      fromBeginning: config.KAFKA_FROM_BEGINNING,
      maxWaitTimeMs: 500,
    });
    const pendingRollups = this.rollups;
    registry.gauge(
      'metrics_rollups_pending',
      'Rollup periods waiting to be recomputed',
      [],
      function collect() {
        this.set(pendingRollups.size());
      },
    );
    health.register('kafka-consumer', () => {
      const s = this.consumer.status();
      if (!s.running)
        throw new Error(s.lastError ? `not consuming: ${s.lastError.message}` : 'not consuming yet');
      if (s.retrying) throw new Error(`retrying a batch: ${s.lastError?.message ?? 'store failing'}`);
      return {
        handled: s.handled,
        deadLettered: s.deadLettered,
        lastCommitAt: s.lastCommitAt,
        rollupsPending: this.rollups.size(),
      };
    });
  }

  onApplicationBootstrap(): void {
    this.starting = this.startWhenReady();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Write what is waiting now instead of after the linger, then let the consumer commit it.
    this.accumulator.flushNow();
    await this.starting;
    await this.consumer.stop();
    // After the last batch: recompute what it marked (what fails stays marked for the next start).
    await this.rollups.stop();
  }

  status() {
    return this.consumer.status();
  }

  lag(): Promise<number> {
    return this.consumer.lag();
  }

  /** Consumes only once the schema exists; InfluxDB or Kafka down at boot is retried, never fatal. */
  private async startWhenReady(): Promise<void> {
    await Promise.race([this.schema.ready, this.untilStopping()]);
    let delay = 500;
    while (!this.stopping) {
      try {
        await this.rollups.start();
        break;
      } catch (err) {
        this.log.warn(`cannot read pending rollups (${(err as Error).message}); retrying in ${delay} ms`);
        await this.sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
    delay = 500;
    while (!this.stopping) {
      try {
        await this.consumer.start();
        this.log.log(`consuming ${this.config.KAFKA_TOPIC} as group ${this.config.KAFKA_GROUP_ID}`);
        return;
      } catch (err) {
        this.log.warn(`cannot start consuming (${(err as Error).message}); retrying in ${delay} ms`);
        await this.sleep(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private async untilStopping(): Promise<void> {
    while (!this.stopping) await new Promise((r) => setTimeout(r, 200).unref());
  }

  /** A pause that ends early when shutdown begins. */
  private async sleep(ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!this.stopping && Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(200, end - Date.now())).unref());
    }
  }

  private async storeBatch(items: BatchItem<EventEnvelope>[]): Promise<void> {
    const started = process.hrtime.bigint();
    if (this.ownershipMayHaveChanged(items)) this.store.forgetPlayers();
    const outcome = await this.store.store(items.map((i) => i.value));
    for (const item of items) {
      const next = BigInt(item.offset) + 1n;
      if (next > (this.nextOffset.get(item.partition) ?? -1n)) this.nextOffset.set(item.partition, next);
    }
    if (outcome.rejected.length > 0) await this.deadLetterRejected(items, outcome.rejected);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.batchSeconds.observe(seconds);
    this.metrics.batchSize.observe(items.length);
    this.metrics.eventsStored.inc(outcome.stored);
    this.metrics.eventsExpired.inc(outcome.expired);
    this.metrics.eventsRejected.inc(outcome.rejected.length);
    this.metrics.newPlayers.inc(outcome.newPlayers);
    const now = Date.now();
    for (const item of items) {
      const received = Date.parse(item.value.receivedAt);
      if (!Number.isNaN(received))
        this.metrics.ingestDelaySeconds.observe(Math.max(0, now - received) / 1000);
    }
    if (outcome.expired > 0) {
      this.log.warn(`${outcome.expired} event(s) older than raw retention skipped`);
    }
  }

  /**
   * The first-seen snapshots hold only while this instance alone wrote its partitions' players.
   * A partition seen for the first time, or one whose records do not continue where this instance
   * left off, may have been consumed by another instance meanwhile (a rebalance): then drop them.
   * (A dead-lettered record also leaves a gap; that only costs a reload.)
   */
  private ownershipMayHaveChanged(items: readonly BatchItem<EventEnvelope>[]): boolean {
    const first = new Map<number, bigint>();
    for (const item of items) {
      const offset = BigInt(item.offset);
      const seen = first.get(item.partition);
      if (seen === undefined || offset < seen) first.set(item.partition, offset);
    }
    for (const [partition, offset] of first) {
      if (this.nextOffset.get(partition) !== offset) return true;
    }
    return false;
  }

  /**
   * Events InfluxDB refuses for good would block the partition forever if retried: they go to
   * the dead-letter topic like undecodable records, through the library (the original record, the
   * same headers). A failing send throws, and the consumer retries the batch.
   */
  private async deadLetterRejected(
    items: readonly BatchItem<EventEnvelope>[],
    rejected: readonly RejectedEvent[],
  ): Promise<void> {
    const refusals = new Map(rejected.map((r) => [r.envelope, r.message]));
    const requests: DeadLetterRequest<EventEnvelope>[] = [];
    for (const item of items) {
      const message = refusals.get(item.value);
      if (message !== undefined) requests.push({ item, reason: STORE_REJECTED, message });
    }
    await this.consumer.deadLetter(requests);
    this.log.warn(`${requests.length} event(s) refused by InfluxDB dead-lettered (${STORE_REJECTED})`);
  }
}
