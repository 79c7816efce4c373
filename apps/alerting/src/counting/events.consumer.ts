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
 * It starts once the rules are loaded: counting without them would miss crossings.
 */
@Injectable()
export class EventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventsConsumer');
  private readonly consumer: BatchConsumer<EventEnvelope>;
  private starting: Promise<void> | undefined;
  private stopping = false;
  private started = false;

  constructor(
    @Inject(KAFKA) connection: KafkaConnection,
    private readonly counting: CountingService,
    private readonly rules: RulesService,
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
    health.register('kafka', () => {
      const s = this.consumer.status();
      if (!this.started)
        throw new Error(this.rules.isLoaded() ? 'consumer is starting' : 'waiting for the rules');
      if (!s.connected) throw new Error(s.lastError?.message ?? 'not connected');
    });
    metrics.setLagSource(() => this.consumer.lag(2000));
  }

  onApplicationBootstrap(): void {
    this.starting = this.startWhenReady();
  }

  status(): BatchConsumerStatus {
    return this.consumer.status();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.starting;
    // Finishes the batch in flight, commits it, leaves the group.
    await this.consumer.stop();
  }

  private async startWhenReady(): Promise<void> {
    // Polled rather than awaited, so a shutdown before the rules ever load does not hang.
    while (!this.rules.isLoaded() && !this.stopping) await new Promise((r) => setTimeout(r, 100));
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.consumer.start();
        this.started = true;
        this.logger.log('consuming events');
        return;
      } catch (e) {
        const delay = Math.min(500 * 2 ** (attempt - 1), 10_000);
        this.logger.warn(`cannot start the consumer (${(e as Error).message}); retrying in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
