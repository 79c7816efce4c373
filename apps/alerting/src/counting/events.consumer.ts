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
  nestKafkaLogger,
  parseEnvelopeRecord,
  type BatchConsumerStatus,
  type KafkaConnection,
} from '@gt/kafka';
import { HealthRegistry } from '@gt/service-kit';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { RulesService } from '../rules/rules.service';
import { CountersRepository } from './counters.repository';
import { CountingService } from './counting.service';

export const KAFKA = Symbol('KAFKA');

/** Partitions counted at once: JSON parsing of one overlaps the Redis round trip of another. */
const PARTITIONS_CONCURRENTLY = 3;

/**
 * The consumer of the events topic (group KAFKA_GROUP_ID). Malformed records go to the DLQ
 * with the standard headers; a Redis failure makes the batch retry with backoff, uncommitted,
 * so nothing is lost or dead-lettered; offsets are committed only after Redis has the batch.
 * It starts once the rules are loaded: counting without them would miss crossings. Kafka down
 * at boot is retried with backoff, never fatal (libs/kafka's ConsumerRunner).
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly consumer: BatchConsumer<EventEnvelope>;
  private readonly runner: ConsumerRunner;

  constructor(
    @Inject(KAFKA) connection: KafkaConnection,
    private readonly counting: CountingService,
    rules: RulesService,
    health: HealthRegistry,
    metrics: AlertingMetrics,
    @Inject(ALERTING_CONFIG)
    config: Pick<AlertingConfig, 'KAFKA_TOPIC' | 'KAFKA_DLQ_TOPIC' | 'KAFKA_GROUP_ID'>,
  ) {
    this.consumer = new BatchConsumer<EventEnvelope>({
      connection,
      groupId: config.KAFKA_GROUP_ID,
      topic: config.KAFKA_TOPIC,
      dlqTopic: config.KAFKA_DLQ_TOPIC,
      consumerName: 'alerting',
      parse: parseEnvelopeRecord,
      handle: async (batch) => {
        await this.counting.countBatch(batch.map((item) => item.value));
      },
      // A new group counts what the topic still holds: players seen before the service was
      // deployed count toward "players reached"; stale windows are skipped by the grace rule.
      fromBeginning: true,
      partitionsConcurrently: PARTITIONS_CONCURRENTLY,
      // One script call per handled batch (see CountersRepository.CHUNK), one commit each.
      maxBatchSize: CountersRepository.CHUNK,
      retry: { initialMs: 250, maxMs: 5000 },
    });
    this.runner = new ConsumerRunner(this.consumer, {
      logger: nestKafkaLogger(new Logger('EventsConsumer')),
      waitFor: { what: 'the rules', ready: () => rules.whenLoaded() },
      retry: { initialMs: 500, maxMs: 10_000 },
    });
    // Connected is enough: a rebalance does not make the service unready, and a Redis failure
    // (the batch retried) is the 'redis' check's to report.
    health.register('kafka', this.runner.readiness({ requires: 'connected', downWhileRetrying: false }));
    metrics.setLagSource(() => this.consumer.lag(2000));
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  status(): BatchConsumerStatus {
    return this.consumer.status();
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Finishes the batch in flight, commits it, leaves the group.
    await this.runner.stop();
  }
}
