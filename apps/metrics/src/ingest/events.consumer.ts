// The Kafka side of the service: consumer group `metrics-service` on telemetry.events.v1, through
// libs/kafka's BatchConsumer. Its guarantees carry over: a record that does not decode goes to
// the dead-letter topic (reason = decodeEnvelope's code) and the consumer goes on; a batch whose
// store fails (InfluxDB down) is retried with backoff, committing and dead-lettering nothing;
// offsets are committed only after the batch is stored; stop() finishes the in-flight batch.
// Starting (once the schema exists, retried while InfluxDB or Kafka is down), stopping and the
// readiness check are libs/kafka's ConsumerRunner.
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
  ConsumerRunner,
  createKafka,
  nestKafkaLogger,
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
  private readonly runner: ConsumerRunner;
  private readonly accumulator: BatchAccumulator<BatchItem<EventEnvelope>>;
  /** Per partition, the offset after the last record this instance stored. */
  private readonly nextOffset = new Map<number, bigint>();

  constructor(
    @Inject(METRICS_CONFIG) config: MetricsConfig,
    private readonly store: EventStore,
    private readonly rollups: RollupRefresher,
    private readonly schema: InfluxSchemaService,
    private readonly metrics: MetricsServiceMetrics,
    health: HealthRegistry,
    registry: MetricsRegistry,
  ) {
    this.connection = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      logger: nestKafkaLogger(new Logger('Kafka')),
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
    // InfluxDB or Kafka down at boot is retried, never fatal.
    this.runner = new ConsumerRunner(this.consumer, {
      logger: nestKafkaLogger(this.log),
      waitFor: { what: 'the InfluxDB schema', ready: () => this.schema.ready },
      prepare: { what: 'read pending rollups', run: () => this.rollups.start() },
      retry: { initialMs: 500, maxMs: 10_000 },
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
    // Not ready while the group is not consuming, or while a batch is retried (InfluxDB failing).
    health.register('kafka-consumer', this.runner.readiness());
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Write what is waiting now instead of after the linger, then let the consumer commit it.
    this.accumulator.flushNow();
    await this.runner.stop();
    // After the last batch: recompute what it marked (what fails stays marked for the next start).
    await this.rollups.stop();
  }

  status() {
    return this.consumer.status();
  }

  lag(): Promise<number> {
    return this.consumer.lag();
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
