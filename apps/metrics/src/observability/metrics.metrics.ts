import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gt/service-kit';
import type { Counter, Histogram } from 'prom-client';

/** The service's own Prometheus series (on /metrics next to the process metrics). */
@Injectable()
export class MetricsServiceMetrics {
  readonly eventsStored: Counter;
  readonly eventsExpired: Counter;
  readonly eventsRejected: Counter;
  readonly newPlayers: Counter;
  readonly batchSeconds: Histogram;
  readonly batchSize: Histogram;
  /** Event received by ingestion -> stored here. */
  readonly ingestDelaySeconds: Histogram;
  readonly querySeconds: Histogram<'series'>;

  constructor(registry: MetricsRegistry) {
    this.eventsStored = registry.counter('metrics_events_stored_total', 'Events written to InfluxDB');
    this.eventsExpired = registry.counter(
      'metrics_events_expired_total',
      'Events older than raw retention, skipped (InfluxDB would drop them)',
    );
    this.eventsRejected = registry.counter(
      'metrics_events_rejected_total',
      'Events InfluxDB refused (4xx), sent to the dead-letter topic',
    );
    this.newPlayers = registry.counter('metrics_new_players_total', 'Players seen for the first time');
    this.batchSeconds = registry.histogram(
      'metrics_batch_store_seconds',
      'Time to store one batch',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    );
    this.batchSize = registry.histogram(
      'metrics_batch_events',
      'Events per stored batch',
      [],
      [1, 10, 50, 100, 500, 1000, 2500, 5000, 10000],
    );
    this.ingestDelaySeconds = registry.histogram(
      'metrics_ingest_delay_seconds',
      'From ingestion receive time to stored in InfluxDB',
      [],
      [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    );
    this.querySeconds = registry.histogram(
      'metrics_query_seconds',
      'Query API answer time by series',
      ['series'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5],
    );
  }
}
